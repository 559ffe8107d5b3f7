import { browser } from 'wxt/browser';
import { setReadDatabaseName } from '../db/reader';
import { activeBookName, loadMembership, MEMBERSHIP_KEY, type TeamMembership } from './membership';

/**
 * Before an extension page renders: read the book the worker shows (the team's while this browser
 * is in a team, else the personal one), and reload the page when that changes (joined, left,
 * removed), so no page keeps showing, or holding open, a book that is no longer the one in use.
 */
export async function selectPageBook(): Promise<void> {
  const current = activeBookName(await loadMembership());
  setReadDatabaseName(current);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(MEMBERSHIP_KEY in changes)) return;
    const next = activeBookName(changes[MEMBERSHIP_KEY]?.newValue as TeamMembership | undefined);
    if (next !== current) location.reload();
  });
}
