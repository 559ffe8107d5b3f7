import { browser } from 'wxt/browser';
import { saveWhatsNew, whatsNewRecord } from '../release/whats-new';

// What the worker does when Handlebook is installed or updated: a first install opens the
// welcome page (how it works on x.com, a sample desk, importing a pack or a backup); an update
// opens nothing and leaves the popup a "what's new" line for a week.

export const WELCOME_PAGE = '/welcome.html';

export interface InstalledDetails {
  reason: string;
  previousVersion?: string;
}

export async function onInstalledOrUpdated(details: InstalledDetails, version: string, now: number): Promise<void> {
  if (details.reason === 'install') {
    await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
  } else if (details.reason === 'update' && details.previousVersion !== version) {
    await saveWhatsNew(whatsNewRecord(version, now));
  }
}
