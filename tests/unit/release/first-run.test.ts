import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onInstalledOrUpdated, WELCOME_PAGE } from '@/lib/background/first-run';
import { loadWhatsNewLine, WHATS_NEW, WHATS_NEW_KEY, whatsNewLine, whatsNewRecord } from '@/lib/release/whats-new';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 7);

beforeEach(() => {
  fakeBrowser.reset();
});

/** The pages opened (the fake browser starts with one blank tab). */
const openedPages = async () => (await browser.tabs.query({})).map((t) => t.url).filter((url) => url !== undefined);

describe('install and update', () => {
  it('a first install opens the welcome page and records no news', async () => {
    await onInstalledOrUpdated({ reason: 'install' }, '0.1.0', NOW);
    expect(await openedPages()).toEqual([browser.runtime.getURL(WELCOME_PAGE)]);
    expect(await browser.storage.local.get(WHATS_NEW_KEY)).toEqual({});
  });

  it('an update opens nothing and leaves the popup a line for a week', async () => {
    await onInstalledOrUpdated({ reason: 'update', previousVersion: '0.0.9' }, '0.1.0', NOW);
    expect(await openedPages()).toEqual([]);
    expect((await browser.storage.local.get(WHATS_NEW_KEY))[WHATS_NEW_KEY]).toEqual({ version: '0.1.0', until: NOW + 7 * DAY });
    expect(await loadWhatsNewLine(NOW + 6 * DAY)).toBe(`New in 0.1.0: ${WHATS_NEW['0.1.0']}`);
    expect(await loadWhatsNewLine(NOW + 7 * DAY)).toBeNull();
  });

  it('a browser update, or a reload at the same version, changes nothing', async () => {
    await onInstalledOrUpdated({ reason: 'chrome_update' }, '0.1.0', NOW);
    await onInstalledOrUpdated({ reason: 'update', previousVersion: '0.1.0' }, '0.1.0', NOW);
    expect(await openedPages()).toEqual([]);
    expect(await browser.storage.local.get(WHATS_NEW_KEY)).toEqual({});
  });
});

describe("what's new", () => {
  it('says a version with no line of its own was updated to', () => {
    expect(whatsNewLine(whatsNewRecord('9.9.9', NOW), NOW)).toBe('Handlebook was updated to version 9.9.9.');
  });

  it('ignores what is not a record', () => {
    for (const stored of [undefined, null, 'x', { version: 1, until: NOW + DAY }, { version: '0.1.0' }]) expect(whatsNewLine(stored, NOW)).toBeNull();
  });

  it('has a line for the version package.json releases, and CHANGELOG.md a section for it', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
    expect(WHATS_NEW[version]).toBeTruthy();
    expect(readFileSync(resolve(root, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm'));
  });
});
