import { browser } from 'wxt/browser';
import type { HandlebookDatabase } from '../db/database';
import { forEachCustomerSlice } from '../db/customer-store';
import type { Customer } from '../db/types';
import { readHistory } from '../db/history-store';
import type { ReplyOf } from '../messages/protocol';
import type { SlaTargets } from '../settings/schema';
import { loadSettings } from '../settings/store';
import { caseClocks, crossedSince, pastTarget } from '../sla/targets';

// The worker's side of the service-level targets: the toolbar badge counts the cases past their
// target, and (when the person turned it on) a desktop notification says when cases pass it.
// An alarm re-checks every minute, so a case passes its target on time even with no write; the
// worker may have been stopped in between, so everything is read again from the book and from
// storage (when the last check ran), never kept in memory.

export const SLA_ALARM = 'handlebook.sla';
/** storage.local: when the last check ran (notifications announce what passed since). */
const CHECKED_AT_KEY = 'sla.checkedAt';
const NOTIFICATION_ID = 'handlebook.sla';
const BADGE_COLOR = '#d93025';
/** The add-on's own icon (the build renders it from assets/icon.svg: scripts/icons.ts; WXT's
 * typed public paths do not know it, hence the URL made by hand). */
const NOTIFICATION_ICON = 'icons/128.png';

/** Chrome MV3's action, Firefox MV2's browserAction. */
function toolbarAction(): typeof browser.action | undefined {
  return browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
}

/** Makes sure the minute alarm exists (alarms may not survive a browser restart or an update). */
export async function ensureSlaAlarm(): Promise<void> {
  if (!(await browser.alarms.get(SLA_ALARM))) await browser.alarms.create(SLA_ALARM, { periodInMinutes: 1 });
}

/** The customers whose case has a target and a start: the only ones a check looks at, read slice by slice. */
async function customersOnTheClock(db: HandlebookDatabase, targets: SlaTargets): Promise<Customer[]> {
  const out: Customer[] = [];
  await forEachCustomerSlice(db, (slice) => {
    for (const clock of caseClocks(slice, targets)) out.push(clock.customer);
  });
  return out;
}

/** The badge's text for a count: empty (no badge) at zero. */
export function badgeText(count: number): string {
  return count <= 0 ? '' : count > 999 ? '999+' : String(count);
}

/** Re-counts the cases past target in `db` (the book in use: the team's in team mode), updates the badge, notifies. */
export async function checkSla(db: HandlebookDatabase, now: number): Promise<number> {
  const settings = await loadSettings();
  const customers = await customersOnTheClock(db, settings.slaTargets);
  const past = pastTarget(customers, settings.slaTargets, now);
  const action = toolbarAction();
  await action?.setBadgeText({ text: badgeText(past.length) });
  if (past.length) await action?.setBadgeBackgroundColor({ color: BADGE_COLOR });

  const stored = await browser.storage.local.get(CHECKED_AT_KEY);
  const checkedAt = typeof stored[CHECKED_AT_KEY] === 'number' ? (stored[CHECKED_AT_KEY] as number) : undefined;
  await browser.storage.local.set({ [CHECKED_AT_KEY]: now });
  // The first check ever announces nothing: the cases already late were not "just" late.
  if (checkedAt !== undefined && settings.slaNotify) {
    const crossed = crossedSince(customers, settings.slaTargets, checkedAt, now);
    if (crossed.length) await notify(crossed.map((c) => c.customer.handle), past.length);
  }
  return past.length;
}

async function notify(handles: string[], total: number): Promise<void> {
  // Only when the optional permission was granted (asked when the person turned this on).
  if (!browser.notifications || !(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
  const names = handles.slice(0, 3).map((h) => `@${h}`).join(', ') + (handles.length > 3 ? ` and ${handles.length - 3} more` : '');
  await browser.notifications.create(NOTIFICATION_ID, {
    type: 'basic',
    iconUrl: new URL(NOTIFICATION_ICON, browser.runtime.getURL('/')).href,
    title: handles.length === 1 ? 'A customer waits too long' : `${handles.length} customers wait too long`,
    message: `${names} passed the target. ${total} case${total === 1 ? '' : 's'} past target in all.`,
  });
}

/** The cases past target with the tweet to answer (each customer's latest logged tweet), oldest first. */
export async function pastTargetCases(db: HandlebookDatabase, now: number): Promise<ReplyOf<'sla.pastTarget'>> {
  const settings = await loadSettings();
  const past = pastTarget(await customersOnTheClock(db, settings.slaTargets), settings.slaTargets, now);
  const cases = [];
  for (const { customer, since, targetMs, dueAt } of past) {
    const history = await readHistory(db, customer.key);
    const lastIn = history.filter((i) => i.direction === 'in' && i.tweetId).at(-1);
    cases.push({
      key: customer.key,
      handle: customer.handle,
      displayName: customer.displayName,
      status: customer.status,
      since,
      targetMs,
      dueAt,
      ...(lastIn?.tweetId ? { tweetId: lastIn.tweetId } : {}),
    });
  }
  return { cases, now };
}

let pending: ReturnType<typeof setTimeout> | undefined;

/**
 * Re-checks shortly after a write (a burst of writes: once). Only a nicety: if the worker stops
 * before it runs, the minute alarm does the same from stored data.
 */
export function scheduleSlaCheck(db: () => HandlebookDatabase, delayMs = 300): void {
  clearTimeout(pending);
  pending = setTimeout(() => {
    pending = undefined;
    checkSla(db(), Date.now()).catch((error) => console.error('[Handlebook] SLA check failed', error));
  }, delayMs);
}
