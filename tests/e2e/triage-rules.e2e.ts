import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, currentWorker, launchWithExtension, stopServiceWorker, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, replicaData, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';
import { openCard, openX } from './support/x-page';

// Watch terms, rules and service-level targets against the real background (triage.e2e.ts has
// the markers and keys on X's pages): a rule made and previewed in the dashboard tags a tweet
// logged on a replica X page; the toolbar badge counts the cases past target when the alarm
// fires in a restarted worker; the popup lists them and opens the tweet and X's search in one
// click.

const MIN = 60_000;

let session: ExtensionSession;
let admin: Page;
let blocked: string[];
let errors: Error[];

beforeEach(async () => {
  session = await launchWithExtension();
  blocked = await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
  admin = await session.openExtensionPage('dashboard.html');
  errors = collectPageErrors(admin);
});
afterEach(async () => {
  await session?.close();
});

type Customer = { key: string; tags: string[]; status: string; waitingSince?: number };
const customer = async (handle: string) => (await send<{ customer: Customer | null }>(admin, 'customers.get', { ref: { handle } })).customer;
const logTweet = (handle: string, tweetId: string, text: string, tweetedAt: number) =>
  send(admin, 'interactions.logIncoming', { ref: { handle }, displayName: handle, tweetId, text, tweetedAt, openCase: true });

describe('rules', () => {
  it('previews a rule on the logged tweets, then tags and opens the case of a tweet logged on X', async () => {
    await logTweet('ivy_wu', '501', 'Still waiting for my refund, order NW-1', Date.now() - 5 * MIN);
    await logTweet('joe_ko', '502', 'Refund giveaway? Count me in', Date.now() - 4 * MIN);
    await logTweet('kim_ra', '503', 'Lovely beans, thanks', Date.now() - 3 * MIN);

    await admin.getByRole('tab', { name: 'Watch & rules' }).click();
    await admin.getByRole('button', { name: 'Add a rule' }).click();
    await admin.getByLabel('Terms of rule 1').fill('refund "money back" -giveaway');
    await admin.getByLabel('Tags of rule 1').fill('billing');
    await admin.getByLabel('Status set by rule 1').selectOption('open');
    // The preview runs the unsaved rule on the latest logged tweets: only Ivy's matches.
    const rule = admin.getByRole('list', { name: 'Rules' }).getByRole('listitem').first();
    await expect.poll(() => rule.textContent()).toContain('Matches 1 of the last 3 logged tweets');
    const preview = admin.getByRole('region', { name: 'Preview on the latest logged tweets' });
    expect(await preview.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^Still waiting for my refund, order NW-1\s+billing\s+Open$/)]);
    // Nothing changed before saving.
    expect((await customer('ivy_wu'))!.tags).toEqual([]);
    await admin.getByRole('button', { name: 'Save watch & rules' }).click();
    await expect.poll(() => admin.getByRole('status').allTextContents()).toContainEqual(expect.stringContaining('Saved.'));

    // Mara's complaint asks for "a refund or a replacement": logged from her card, it is tagged and opened.
    const focused = replicaData.FOCUSED_TWEET;
    const page = await openX(session.context, `https://x.com/${focused.handle}/status/${focused.id}`);
    const pageErrors = collectPageErrors(page);
    const card = await openCard(page, focused.handle);
    await card.getByRole('button', { name: 'Log this tweet' }).click();
    await expect.poll(async () => (await customer(focused.handle))?.tags).toEqual(['billing']);
    expect((await customer(focused.handle))!.status).toBe('open');
    // The rule is exported with the settings (what a backup writes).
    const stored = await admin.evaluate(() => (globalThis as any).chrome.storage.sync.get('settings'));
    expect(stored.settings.triageRules).toEqual([{ id: expect.any(String), terms: 'refund "money back" -giveaway', tags: ['billing'], status: 'open' }]);
    expect(pageErrors).toEqual([]);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});

describe('waiting too long', () => {
  it('counts the cases past target on the toolbar badge when the alarm fires in a restarted worker, and lists them in the popup', async () => {
    const start = Date.now();
    await logTweet('ann_lee', '601', 'Where is my order?', start - 90 * MIN);
    // Bob's case reaches the 60-minute target 8 seconds from now.
    const bobDue = start + 8_000;
    await logTweet('bob_stone', '602', 'Any news?', bobDue - 60 * MIN);
    await logTweet('cy_press', '603', 'Just now', start);
    const badge = async () => (await currentWorker(session.context)).evaluate(() => (globalThis as any).chrome.action.getBadgeText({}) as Promise<string>);
    // The writes re-count at once: Ann only.
    await expect.poll(badge).toBe('1');

    // The worker is stopped (as Chrome does when idle) and comes back for a message; no timer of
    // the old worker survives, and nothing is written after this.
    await stopServiceWorker(session);
    await send(admin, 'ping', {});
    await expect.poll(badge).toBe('1');
    await admin.waitForTimeout(Math.max(0, bobDue - Date.now()) + 200);
    // The alarm (fired now instead of within the minute) counts again from the stored times.
    const worker = await currentWorker(session.context);
    await worker.evaluate(() => (globalThis as any).chrome.alarms.create('handlebook.sla', { when: Date.now() + 100 }));
    await expect.poll(badge, { timeout: 10_000 }).toBe('2');
    // The one-shot alarm gave way to the minute alarm again.
    await expect.poll(() => worker.evaluate(() => (globalThis as any).chrome.alarms.get('handlebook.sla'))).toMatchObject({ periodInMinutes: 1 });

    // The popup: the brand's searches and the cases past target, oldest first, each linking to its tweet.
    await admin.evaluate(() =>
      (globalThis as any).chrome.storage.sync.get('settings').then((s: any) =>
        (globalThis as any).chrome.storage.sync.set({
          settings: { ...s.settings, brandHandles: ['northwind_help'], watchTerms: 'refund -giveaway', savedSearches: [{ name: 'Late orders', query: 'late order @northwind_help' }] },
        }),
      ),
    );
    const popup = await session.openExtensionPage('popup.html');
    const popupErrors = collectPageErrors(popup);
    const list = popup.getByRole('list', { name: 'Cases past target, longest waiting first' });
    await expect.poll(() => list.getByRole('link').count()).toBe(2);
    expect(await list.getByRole('link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))).toEqual([
      'https://x.com/ann_lee/status/601',
      'https://x.com/bob_stone/status/602',
    ]);
    expect(await popup.getByRole('heading', { name: /Past target/ }).textContent()).toBe('Past target · 2');
    const searches = popup.getByRole('navigation', { name: 'Searches on X' }).getByRole('link');
    const hrefs = await searches.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href)));
    expect(hrefs.map((u) => [u.origin + u.pathname, u.searchParams.get('q'), u.searchParams.get('f')])).toEqual([
      ['https://x.com/search', '(@northwind_help OR refund) -giveaway', 'live'],
      ['https://x.com/search', 'late order @northwind_help', 'live'],
    ]);
    // One click opens Ann's tweet on X.
    const [tab] = await Promise.all([session.context.waitForEvent('page'), list.getByRole('link').first().click()]);
    await tab.waitForURL('https://x.com/ann_lee/status/601');
    expect(popupErrors).toEqual([]);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
