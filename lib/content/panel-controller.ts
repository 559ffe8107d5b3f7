/** The account a customer card is about, as read from the page. */
export interface CardTarget {
  handle: string;
  displayName: string;
  userId?: string;
  statusId?: string;
  tweetText?: string;
  /** ISO time of the tweet, from its <time datetime>. */
  tweetTime?: string;
}

type Listener = (target: CardTarget | null) => void;

/**
 * Which card the one in-page panel shows. Badges (plain DOM) call open(); the panel's single
 * React root subscribes. Keeping this outside React lets every feature open the card without
 * a React root of its own.
 */
export class PanelController {
  private current: CardTarget | null = null;
  private readonly listeners = new Set<Listener>();
  /** Where focus returns when the card closes (keyboard users land where they were). */
  private returnFocus: HTMLElement | null = null;

  get target(): CardTarget | null {
    return this.current;
  }

  open(target: CardTarget, opener?: HTMLElement | null): void {
    this.returnFocus = opener ?? null;
    this.current = target;
    this.emit();
  }

  close(): void {
    if (!this.current) return;
    this.current = null;
    this.emit();
    this.returnFocus?.focus();
    this.returnFocus = null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
