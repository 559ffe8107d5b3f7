import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { REPLICA_URLS, replicaData } from '../e2e/support/replica-x';
import { launchFirefox, send, type FirefoxSession } from './support/firefox';
import { BADGE, badgeText, cardNotes, openCardFromBadge } from './support/x-page';

// When Firefox updates (or reloads) the add-on, it injects the new content script into the x.com
// tabs already open, and the old one is gone without a chance to clean up.

let session: FirefoxSession;

beforeEach(async () => {
  session = await launchFirefox();
});
afterEach(async () => {
  await session?.close();
});

/** How many nodes of each kind Handlebook has in the page. */
const census = (page: Page) =>
  page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const el of document.querySelectorAll('[data-handlebook]')) counts[el.getAttribute('data-handlebook')!] = (counts[el.getAttribute('data-handlebook')!] ?? 0) + 1;
    return counts;
  });

describe('add-on update in Firefox', () => {
  it('leaves an open x.com tab working: the new content script replaces the dead nodes of the old one', async () => {
    const mara = replicaData.FOCUSED_TWEET.handle;
    const admin = await session.openExtensionPage('dashboard.html');
    await send(admin, 'notes.add', { ref: { handle: mara }, displayName: 'Mara Okafor', text: 'Replacement shipped' });
    const page = await session.openX(REPLICA_URLS.status, { waitForBadges: true });
    await page.waitForSelector('[data-handlebook="composer"]');
    const before = await census(page);
    expect(before).toMatchObject({ composer: 1, panel: 1, styles: 1 });
    expect(before.badge).toBeGreaterThanOrEqual(1);
    // Mark the old instance's nodes (a page-side property, invisible to the add-on).
    await page.$$eval('[data-handlebook]', (nodes) => nodes.forEach((n) => ((n as unknown as { old: boolean }).old = true)));

    // What an update does to the running add-on; its own pages close with it.
    await admin.evaluate(() => void (globalThis as unknown as { browser: { runtime: { reload(): void } } }).browser.runtime.reload()).catch(() => undefined);

    // The new content script has started once no node of the old one is left.
    await expect
      .poll(() => page.$$eval('[data-handlebook]', (nodes) => nodes.filter((n) => (n as unknown as { old?: boolean }).old).length), { timeout: 15_000 })
      .toBe(0);
    await expect.poll(() => census(page), { timeout: 10_000 }).toEqual(before);
    // And what it shows works: the badge opens the card, the composer bar counts.
    expect(await badgeText(page, mara)).toBe('1 note');
    expect(await cardNotes(await openCardFromBadge(page, mara))).toEqual(['Replacement shipped']);
    await page.click('[data-testid="tweetTextarea_0"]');
    await page.keyboard.type('Thanks!');
    await expect.poll(() => page.$eval('[data-handlebook="composer"]', (bar) => bar.getAttribute('data-weighted-length'))).toBe('7');
    expect(await page.$$eval(BADGE, (badges) => badges.length)).toBe(before.badge);
  });
});
