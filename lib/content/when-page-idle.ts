/** The longest a batch waits for the page to rest: badges still come on a page that never does. */
export const IDLE_DEADLINE_MS = 200;

/**
 * Runs `fn` in a task of its own once the page is idle: after the frame X is drawing, and later
 * still while X keeps the main thread busy (a fast scroll), so tweets that fly past are never
 * read, only those on screen when the page rests. The wait is capped at IDLE_DEADLINE_MS. Hidden
 * tabs draw no frames; there a short timeout keeps a background tab's badges current for when the
 * person comes back. Without requestIdleCallback: after the next frame.
 */
export function whenPageIdle(fn: () => void, signal: AbortSignal): void {
  const run = () => {
    if (!signal.aborted) fn();
  };
  if (document.hidden) setTimeout(run, 50);
  else if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: IDLE_DEADLINE_MS });
  else requestAnimationFrame(() => setTimeout(run, 0));
}
