import { browser } from 'wxt/browser';

/**
 * A nudge from the worker to every page that the team's members changed (someone joined, left
 * or was removed): the stamp in storage.local changes, each page hears storage.onChanged and
 * asks team.roster again. The roster itself travels only in that message, validated by its
 * schema; storage carries just the time of the change.
 */
const ROSTER_STAMP_KEY = 'team.rosterChangedAt';

export function announceRosterChange(): Promise<void> {
  return browser.storage.local.set({ [ROSTER_STAMP_KEY]: Date.now() });
}

/** Calls `listener` after every announced change, until the returned function is called. */
export function onRosterChange(listener: () => void): () => void {
  const heard = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && ROSTER_STAMP_KEY in changes) listener();
  };
  browser.storage.onChanged.addListener(heard);
  return () => {
    try {
      browser.storage.onChanged.removeListener(heard);
    } catch {
      // The extension context is gone (a reloaded extension): nothing left to remove.
    }
  };
}
