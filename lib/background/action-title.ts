import { browser } from 'wxt/browser';
import type { PageHealth } from '../messages/protocol';
import { ANCHOR_NAMES, ANCHORS } from '../x/health';

// The toolbar button's title (its tooltip) says how Handlebook is doing on the tab's X page, so
// a person notices without opening the popup when X changed its page and a feature switched
// itself off. The icon's badge text is kept for the cases past their target (triage).

/** The title for a tab's latest health report (null: no report, not an X page). */
export function actionTitle(report: Pick<PageHealth, 'anchors'> | null): string {
  if (!report) return 'Handlebook';
  const missing = ANCHORS.filter((a) => report.anchors[a] === false);
  if (!missing.length) return 'Handlebook: working on this X page';
  return `Handlebook: X changed its page: ${missing.map((a) => ANCHOR_NAMES[a]).join(', ')} not found`;
}

/** Shows the report in the tab's toolbar title. A tab closed meanwhile is not an error. */
export async function showPageHealth(tabId: number, report: Pick<PageHealth, 'anchors'>): Promise<void> {
  // MV2 (Firefox's build) calls the toolbar button browserAction.
  const action = browser.action ?? browser.browserAction;
  await action?.setTitle({ tabId, title: actionTitle(report) }).catch(() => undefined);
}
