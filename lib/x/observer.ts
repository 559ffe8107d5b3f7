import { SELECTORS } from './selectors';

export type TweetsListener = (articles: Element[]) => void;

/**
 * One MutationObserver for the whole page. It reads only `addedNodes` (never re-scans the
 * document: measured 7x cheaper, DESIGN.md section 4) and hands every tweet article that
 * appeared or was re-rendered to the listeners once per animation frame, in one batch.
 * X recycles timeline cells, so an article whose insides changed is reported again: listeners
 * key their work on the tweet's status id, not on the node.
 */
export class TweetObserver {
  private readonly listeners = new Set<TweetsListener>();
  private readonly pending = new Set<Element>();
  private scheduled = false;
  private observer: MutationObserver | null = null;

  constructor(private readonly doc: Document) {}

  /** Calls `listener` with every tweet already on the page, then with each new batch. */
  subscribe(listener: TweetsListener, signal: AbortSignal): void {
    if (signal.aborted) return;
    this.listeners.add(listener);
    signal.addEventListener('abort', () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    });
    this.start();
    const existing = [...this.doc.querySelectorAll(SELECTORS.tweet)];
    if (existing.length) listener(existing);
  }

  private start(): void {
    if (this.observer) return;
    this.observer = new MutationObserver((records) => this.collect(records));
    this.observer.observe(this.doc.documentElement, { childList: true, subtree: true });
  }

  private stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.pending.clear();
  }

  private collect(records: MutationRecord[]): void {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        const el = node as Element;
        if (el.hasAttribute('data-handlebook')) continue; // our own nodes
        if (el.matches(SELECTORS.tweet)) this.pending.add(el);
        else {
          const enclosing = el.closest(SELECTORS.tweet);
          if (enclosing) this.pending.add(enclosing);
          else if (el.firstElementChild) for (const a of el.querySelectorAll(SELECTORS.tweet)) this.pending.add(a);
        }
      }
    }
    if (this.pending.size && !this.scheduled) this.schedule();
  }

  private schedule(): void {
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      const batch = [...this.pending].filter((a) => a.isConnected);
      this.pending.clear();
      if (!batch.length) return;
      for (const listener of this.listeners) listener(batch);
    };
    // Frames do not run in hidden tabs; a timeout keeps background tabs current too.
    if (this.doc.hidden) setTimeout(flush, 50);
    else requestAnimationFrame(flush);
  }
}
