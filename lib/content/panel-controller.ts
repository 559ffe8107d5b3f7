import type { PersonalDataFinding } from '../text/pii';

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

/** The composer a picker, guard or split works on. */
export interface ComposerTarget {
  box: HTMLElement;
  /** The tweet being answered, when this is a reply. */
  replyTo: CardTarget | null;
  /** Caret offset in the box when the picker opened (the picker takes focus away). */
  caret: number | null;
  /** Text to replace on insertion instead of inserting at the caret (a typed ";shortcut"). */
  replaceRange?: [number, number];
}

export interface GuardIssue {
  kind: 'personal-data' | 'placeholder' | 'over-limit' | 'team-replied';
  message: string;
  findings?: PersonalDataFinding[];
}

export type PanelView =
  | { kind: 'card'; target: CardTarget }
  | { kind: 'picker'; composer: ComposerTarget; query?: string; templateId?: string }
  | { kind: 'guard'; issues: GuardIssue[]; onSend: () => void }
  | { kind: 'split'; composer: ComposerTarget; parts: string[] };

type Listener = (view: PanelView | null) => void;

/**
 * What the one in-page panel shows: a customer card, the canned-reply picker, a send guard or
 * a thread split. Plain-DOM features call open(); the panel's single React root subscribes.
 */
export class PanelController {
  private current: PanelView | null = null;
  private readonly listeners = new Set<Listener>();
  /** Where focus returns when the panel closes (keyboard users land where they were). */
  private returnFocus: HTMLElement | null = null;

  get view(): PanelView | null {
    return this.current;
  }

  /** The card being shown, if the panel shows one. */
  get target(): CardTarget | null {
    return this.current?.kind === 'card' ? this.current.target : null;
  }

  open(target: CardTarget, opener?: HTMLElement | null): void {
    this.show({ kind: 'card', target }, opener);
  }

  show(view: PanelView, opener?: HTMLElement | null): void {
    this.returnFocus = opener ?? null;
    this.current = view;
    this.emit();
  }

  /** Closes; `restoreFocus: false` when the caller moves focus itself (e.g. into X's box). */
  close(restoreFocus = true): void {
    if (!this.current) return;
    this.current = null;
    this.emit();
    if (restoreFocus) this.returnFocus?.focus();
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
