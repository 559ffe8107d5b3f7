/**
 * Runs `fn` once the next frame is drawn, in a task of its own (a timeout queued from the frame
 * callback), so work batched per frame never lengthens the frame X is rendering. Hidden tabs get
 * no frames; there a short timeout keeps a background tab's badges current for when the person
 * comes back.
 */
export function afterNextFrame(fn: () => void, signal: AbortSignal): void {
  const run = () => {
    if (!signal.aborted) fn();
  };
  if (document.hidden) setTimeout(run, 50);
  else requestAnimationFrame(() => setTimeout(run, 0));
}
