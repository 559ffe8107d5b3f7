import { browser } from 'wxt/browser';

// After an update Handlebook opens no page: the popup shows one "what's new" line for a week.
// The worker records the update (onInstalled, reason "update"); the popup reads it.

/** One line per released version, newest first; CHANGELOG.md has the whole story. */
export const WHATS_NEW: Readonly<Record<string, string>> = {
  '0.1.0': 'A welcome page with a sample desk to try, icons, and the toolbar button says how Handlebook is doing on each X tab.',
};

/** storage.local key: the version updated to, and until when the popup shows its line. */
export const WHATS_NEW_KEY = 'release.whatsNew';

export const WHATS_NEW_DAYS = 7;

export interface WhatsNewRecord {
  version: string;
  until: number;
}

/** What the worker stores when the extension was updated to `version`. */
export function whatsNewRecord(version: string, now: number): WhatsNewRecord {
  return { version, until: now + WHATS_NEW_DAYS * 24 * 60 * 60 * 1000 };
}

/** The popup's line, or null when there is none to show (never updated, or older than a week). */
export function whatsNewLine(stored: unknown, now: number): string | null {
  const record = stored as Partial<WhatsNewRecord> | undefined;
  if (typeof record?.version !== 'string' || typeof record.until !== 'number' || now >= record.until) return null;
  const line = WHATS_NEW[record.version];
  return line ? `New in ${record.version}: ${line}` : `Handlebook was updated to version ${record.version}.`;
}

export async function saveWhatsNew(record: WhatsNewRecord): Promise<void> {
  await browser.storage.local.set({ [WHATS_NEW_KEY]: record });
}

export async function loadWhatsNewLine(now: number): Promise<string | null> {
  return whatsNewLine((await browser.storage.local.get(WHATS_NEW_KEY))[WHATS_NEW_KEY], now);
}
