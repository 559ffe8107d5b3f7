// Bundled and evaluated in the replica timeline page's main world (bench/timeline.ts). Streams
// pre-rendered replica cells (tests/fixtures/x/markup.ts, so the DOM is X's) into the timeline
// the way X's virtualised list does while you scroll: every frame a batch of tweets comes in
// at the bottom, half of them in cell nodes recycled from the top (same cellInnerDiv, new
// insides), half in new cells; the oldest cells are removed so the DOM stays bounded; then the
// list is re-measured once (the replica's layout(): offsetHeight + translateY per cell).

export interface StreamItem {
  /** `recycle`: inner HTML for a reused cell; `append`: a whole new cellInnerDiv. */
  kind: 'recycle' | 'append';
  html: string;
}

interface LongTask {
  start: number;
  duration: number;
}

const state = { items: [] as StreamItem[], longTasks: [] as LongTask[] };

// Long tasks on this page's main thread, isolated worlds (our content script) included.
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask' });

function timelineList(): HTMLElement {
  const list = document.querySelector<HTMLElement>('[data-testid="primaryColumn"] section [aria-label^="Timeline"] > div');
  if (!list) throw new Error('bench: no timeline on this page');
  return list;
}

function cells(list: HTMLElement): HTMLElement[] {
  return [...list.children].filter((el): el is HTMLElement => el instanceof HTMLElement && el.dataset.testid === 'cellInnerDiv');
}

const driver = {
  async load(url: string): Promise<number> {
    state.items = (await (await fetch(url)).json()) as StreamItem[];
    return state.items.length;
  },

  /** Streams the loaded items (the first `limit` of them, for a warm-up). */
  run(batch: number, maxCells: number, limit = Infinity): Promise<{ frames: number; ms: number; start: number }> {
    const items = state.items.slice(0, limit);
    const list = timelineList();
    const template = document.createElement('template');
    const start = performance.now();
    let next = 0;
    let frames = 0;
    return new Promise((resolve) => {
      const frame = () => {
        frames++;
        const current = cells(list);
        let top = 0;
        for (const item of items.slice(next, next + batch)) {
          if (item.kind === 'recycle' && current[top]) {
            const cell = current[top++]!;
            cell.innerHTML = item.html;
            list.append(cell);
          } else {
            template.innerHTML = item.html;
            list.append(template.content);
          }
        }
        next += batch;
        const all = cells(list);
        for (let i = 0; i < all.length - maxCells; i++) all[i]!.remove();
        (window as unknown as { __replica: { layout(): void } }).__replica.layout();
        if (next < items.length) requestAnimationFrame(frame);
        else resolve({ frames, ms: performance.now() - start, start });
      };
      requestAnimationFrame(frame);
    });
  },

  longTasksSince(start: number): LongTask[] {
    return state.longTasks.filter((t) => t.start >= start);
  },

  /**
   * Tweets on the page; how many carry exactly one Handlebook badge; and how many still wait
   * for theirs. The bench's customers are the cust_N accounts (seeded in the database): each of
   * their tweets must get one badge, tweets by fan_N strangers none.
   */
  check(): { articles: number; badged: number; pending: number } {
    const articles = [...document.querySelectorAll('article[data-testid="tweet"]')];
    const own = (a: Element) => [...a.querySelectorAll('[data-handlebook="badge"]')].filter((b) => b.closest('article') === a).length;
    const byCustomer = (a: Element) => !!a.querySelector('[data-testid="User-Name"] a[href^="/cust_"]');
    const badged = articles.filter((a) => own(a) === 1).length;
    const pending = articles.filter((a) => byCustomer(a) && own(a) === 0).length;
    return { articles: articles.length, badged, pending };
  },
};

(window as unknown as { __stream: typeof driver }).__stream = driver;
export type StreamDriver = typeof driver;
