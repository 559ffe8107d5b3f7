import { SELECTORS } from './selectors';

export type ElementsListener = (elements: Element[]) => void;

interface Watch {
  selector: string;
  /** The selector list split into single selectors: Chromium matches a list of five ~10x slower
   *  than the same five queried one by one (measured; bench/README.md). */
  parts: string[];
  listener: ElementsListener;
  pending: Set<Element>;
}

/**
 * One MutationObserver for the whole page. It reads only `addedNodes` (never re-scans the
 * document: measured 7x cheaper, DESIGN.md section 4); the callback only remembers them, and
 * in one batch, once the page rests after a frame, each watcher gets the elements
 * matching its selector that appeared or were re-rendered and are still on the page. X recycles
 * timeline cells, so an article whose insides changed is reported again: watchers read what it
 * shows now.
 */
export class PageObserver {
  private readonly watches = new Set<Watch>();
  private scheduled = false;
  private observer: MutationObserver | null = null;

  /**
   * `scheduleBatch` decides when the batch runs (boot passes whenPageIdle: after the frame, once
   * the page rests), from one place.
   */
  constructor(
    private readonly doc: Document,
    private readonly scheduleBatch: (fn: () => void) => void,
  ) {}

  /** Calls `listener` with every matching element already on the page, then with each batch. */
  watch(selector: string, listener: ElementsListener, signal: AbortSignal): void {
    if (signal.aborted) return;
    const watch: Watch = { selector, parts: splitSelectorList(selector), listener, pending: new Set() };
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
    this.added.length = 0;
  }

  /**
   * The added-node lists of the observer's records, waiting for the batch; read there. The
   * callback runs inside X's own task (a microtask after X's DOM change), so it only keeps the
   * lists: the bench's stream draws frames of 48-50 ms, and reading every node there tipped some
   * over 50 ms. The records themselves are let go, so the cells X removed are not kept alive.
   */
  private readonly added: NodeList[] = [];

  private collect(records: MutationRecord[]): void {
    for (const record of records) if (record.addedNodes.length) this.added.push(record.addedNodes);
    if (this.added.length && !this.scheduled) this.schedule();
  }

  /** The added elements still on the page, but not our own nodes. */
  private addedRoots(): Set<Element> {
    const roots = new Set<Element>();
    for (const nodes of this.added) {
      for (const node of nodes) {
        if (node.nodeType !== 1) continue;
        const el = node as Element;
        if (el.isConnected && !el.hasAttribute('data-handlebook')) roots.add(el);
      }
    }
    this.added.length = 0;
    return roots;
  }

  /**
   * Matches the batch's added roots against every watch. Roots inside another added root are
   * skipped (the outer one's query finds them), so a subtree X renders in pieces is read once;
   * a root added inside a watched element reports that element (X re-rendering part of it).
   */
  private match(): void {
    const queued = this.addedRoots();
    const enclosing = enclosingFinder();
    for (const root of queued) {
      let nested = false;
      for (let p = root.parentElement; p && !nested; p = p.parentElement) nested = queued.has(p);
      if (nested) continue;
      for (const watch of this.watches) {
        for (const part of watch.parts) {
          const around = enclosing(root, part); // the root itself, or what it sits in
          if (around) watch.pending.add(around);
          else if (root.firstElementChild) for (const m of root.querySelectorAll(part)) watch.pending.add(m);
        }
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
    // In a task of our own: our work never lengthens the frame X is rendering.
    this.scheduleBatch(flush);
  }
}

/**
 * `root.closest(selector)` for the roots of one batch, asking each parent only once per
 * selector: a batch's roots are mostly siblings (the cells of one timeline list), and each
 * closest() walks every ancestor up to <html>. In a CPU profile of the bench's stream these
 * calls were a seventh of our script's time. The DOM does not change during a batch.
 */
function enclosingFinder(): (root: Element, selector: string) => Element | null {
  const byParent = new Map<Element, Map<string, Element | null>>();
  return (root, selector) => {
    if (root.matches(selector)) return root;
    const parent = root.parentElement;
    if (!parent) return null;
    let known = byParent.get(parent);
    if (!known) byParent.set(parent, (known = new Map()));
    let found = known.get(selector);
    if (found === undefined) known.set(selector, (found = parent.closest(selector)));
    return found;
  };
}

/** "a, b[x=','], c" → ["a", "b[x=',']", "c"]: splits at top-level commas only. */
export function splitSelectorList(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts.filter(Boolean);
}
