import type { RequestOf } from '../messages/protocol';
import { ANCHOR_SELECTORS, checkAnchors, type AnchorHealth } from '../x/health';
import type { PageObserver } from '../x/observer';
import type { FeatureHost } from './feature-host';

/** X renders its page in stages; judge the page only after it had time to settle. */
export const SETTLE_MS = 4000;

export type HealthReport = RequestOf<'health.report'>;

/**
 * Checks X's anchors once the page settled and, while one is missing, again whenever one of
 * them appears; applies the result to the features and reports it for the popup. A healthy
 * page is not re-checked until the next navigation: the timeline's stream of new tweets must
 * not pay for a whole-document scan per frame.
 */
export function monitorHealth(
  doc: Document,
  page: PageObserver,
  host: Pick<FeatureHost, 'applyHealth'>,
  send: (health: HealthReport) => void,
  signal: AbortSignal,
): { navigated: () => void } {
  let last = '';
  let settled = false;
  /** Once every expected anchor is found, new tweets cannot make it worse: stop re-checking. */
  let healthy = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Watching for anchors only while the page is not known healthy. */
  let watching: AbortController | undefined;

  const evaluate = () => {
    if (signal.aborted || !settled || healthy) return;
    const anchors: AnchorHealth = checkAnchors(doc);
    healthy = Object.values(anchors).every((found) => found !== false);
    if (healthy) watching?.abort();
    const disabledFeatures = host.applyHealth(anchors);
    const summary = JSON.stringify([doc.location.href, anchors, disabledFeatures]);
    if (summary === last) return;
    last = summary;
    send({ url: doc.location.href, anchors, disabledFeatures });
  };

  // Nothing is watched while the page settles (its judgement waits anyway): the first seconds
  // of a timeline are when X adds the most tweets, and every watched selector is matched
  // against each of them.
  const settle = () => {
    settled = false;
    healthy = false;
    clearTimeout(timer);
    watching?.abort();
    watching = undefined;
    timer = setTimeout(() => {
      settled = true;
      evaluate();
      if (healthy || signal.aborted) return;
      // Something is missing: X may still render it late, so check again whenever one appears.
      watching = new AbortController();
      page.watch(ANCHOR_SELECTORS, evaluate, AbortSignal.any([signal, watching.signal]));
    }, SETTLE_MS);
  };

  signal.addEventListener('abort', () => clearTimeout(timer));
  settle();
  return { navigated: settle };
}
