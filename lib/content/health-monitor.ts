import { request } from '../messages/client';
import { ANCHOR_SELECTORS, checkAnchors, type AnchorHealth } from '../x/health';
import type { PageObserver } from '../x/observer';
import type { FeatureHost } from './feature-host';

/** X renders its page in stages; judge the page only after it had time to settle. */
const SETTLE_MS = 4000;

/**
 * Checks X's anchors once the page settled and again whenever one of them appears, applies
 * the result to the features, and reports it to the background for the popup.
 */
export function monitorHealth(
  doc: Document,
  page: PageObserver,
  host: FeatureHost,
  report: (e: unknown) => void,
  signal: AbortSignal,
): { navigated: () => void } {
  let last = '';
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const evaluate = () => {
    if (signal.aborted || !settled) return;
    const anchors: AnchorHealth = checkAnchors(doc);
    const disabledFeatures = host.applyHealth(anchors);
    const summary = JSON.stringify([doc.location.href, anchors, disabledFeatures]);
    if (summary === last) return;
    last = summary;
    request('health.report', { url: doc.location.href, anchors, disabledFeatures }).catch(report);
  };

  const settle = () => {
    settled = false;
    clearTimeout(timer);
    timer = setTimeout(() => {
      settled = true;
      evaluate();
    }, SETTLE_MS);
  };

  page.watch(ANCHOR_SELECTORS, evaluate, signal);
  signal.addEventListener('abort', () => clearTimeout(timer));
  settle();
  return { navigated: settle };
}
