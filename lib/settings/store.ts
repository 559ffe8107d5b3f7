import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, parseSettings, settingsSchema, type Settings } from './schema';

const KEY = 'settings';

/** The person's settings from storage.sync (defaults where unset or invalid). */
export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.sync.get(KEY);
  return parseSettings(stored[KEY]);
}

/** Validates and saves a change; throws with the field's name when a value is invalid. */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await loadSettings()), ...patch };
  const parsed = settingsSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Setting "${issue?.path.join('.')}" is invalid: ${issue?.message ?? ''}`);
  }
  await browser.storage.sync.set({ [KEY]: parsed.data });
  return parsed.data;
}

/** Calls back with the new settings whenever they change in any tab or synced browser. */
export function watchSettings(callback: (settings: Settings) => void, signal: AbortSignal): void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'sync' && changes[KEY]) callback(parseSettings(changes[KEY].newValue));
  };
  browser.storage.onChanged.addListener(listener);
  signal.addEventListener('abort', () => {
    try {
      browser.storage.onChanged.removeListener(listener);
    } catch {
      // context invalidated: nothing to remove
    }
  });
}

export { DEFAULT_SETTINGS };
