import { SELECTORS } from './selectors';

export type ElementsListener = (elements: Element[]) => void;

interface Watch {
  selector: string;
  listener: ElementsListener;
  pending: Set<Element>;
}

/**
 * One MutationObserver for the whole page. It reads only `addedNodes` (never re-scans the
 * document: measured 7x cheaper, DESIGN.md section 4); the callback only remembers them, and
 * once per animation frame each watcher gets the elements matching its selector that appeared
 * or were re-rendered, in one batch. X recycles timeline cells, so an article whose insides changed is reported again:
 * watchers key their work on the tweet's status id, not on the node.
 */
export class PageObserver {
  private readonly watches = new Set<Watch>();
  private scheduled = false;
  private observer: MutationObserver | null = null;

  constructor(private readonly doc: Document) {}

  /** Calls `listener` with every matching element already on the page, then with each batch. */
  watch(selector: string, listener: ElementsListener, signal: AbortSignal): void {
    if (signal.aborted) return;
    const watch: Watch = { selector, listener, pending: new Set() };
    this.watches.add(watch);
    signal.addEventListener('abort', () => {
      this.watches.delete(watch);
      if (this.watches.size === 0) this.stop();
    });
    this.start();
    const existing = [...this.doc.querySelectorAll(selector)];
    if (existing.length) listener(existing);
  }

  /** Tweet articles: the most common watch. */
  watchTweets(listener: ElementsListener, signal: AbortSignal): void {
    this.watch(SELECTORS.tweet, listener, signal);
  }

  private start(): void {
    if (this.observer) return;
    this.observer = new MutationObserver((records) => this.collect(records));
    this.observer.observe(this.doc.documentElement, { childList: true, subtree: true });
  }

  private stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.added.clear();
  }

  /** Added roots waiting for the next frame; matched against the watches once, there. */
  private readonly added = new Set<Element>();

  private collect(records: MutationRecord[]): void {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        const el = node as Element;
        if (!el.hasAttribute('data-handlebook')) this.added.add(el); // not our own nodes
      }
    }
    if (this.added.size && !this.scheduled) this.schedule();
  }

  /**
   * Matches the frame's added roots against every watch. Roots inside another added root are
   * skipped (the outer one's query finds them), so a subtree X renders in pieces is read once.
   */
  private match(): void {
    const roots = [...this.added].filter((el) => el.isConnected);
    this.added.clear();
    const queued = new Set(roots);
    const outer = roots.filter((el) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (queued.has(p)) return false;
      return true;
    });
    for (const watch of this.watches) {
      for (const el of outer) {
        const enclosing = el.closest(watch.selector); // the root itself, or what it sits in
        if (enclosing) watch.pending.add(enclosing);
        else if (el.firstElementChild) for (const m of el.querySelectorAll(watch.selector)) watch.pending.add(m);
      }
    }
  }

  private schedule(): void {
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      this.match();
      for (const watch of this.watches) {
        if (!watch.pending.size) continue;
        const batch = [...watch.pending].filter((e) => e.isConnected);
        watch.pending.clear();
        if (batch.length) watch.listener(batch);
      }
    };
    // Frames do not run in hidden tabs; a timeout keeps background tabs current too.
    if (this.doc.hidden) setTimeout(flush, 50);
    else requestAnimationFrame(flush);
  }
}
