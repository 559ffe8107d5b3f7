/**
 * Runs `fn` with the next frame, or soon when the tab is hidden (hidden tabs get no frames,
 * but a background tab's badges should still be current when the person comes back).
 */
export function nextFrame(fn: () => void, signal: AbortSignal): void {
  const run = () => {
    if (!signal.aborted) fn();
  };
  if (document.hidden) setTimeout(run, 50);
  else requestAnimationFrame(run);
}
