import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, currentWorker, launchWithExtension, stopServiceWorker, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, routeReplicaX } from './support/replica-x';
import { BADGE, NOTE_PROMPT, TWEET, authorHandles, badgeOf, expectBadgesOnCustomers, notePromptOn, openCard, openX, tweetBy, writeNote } from './support/x-page';

let session: ExtensionSession;

beforeEach(async () => {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
});
afterEach(async () => {
  await session?.close();
});

const LATE_TIME = '2026-11-20T10:00:00.000Z';

describe('author badge', () => {
  it('badges every tweet by a customer and no other, including tweets added later; strangers get the note prompt', async () => {
    const page = await openX(session.context, 'https://x.com/home');
    const errors = collectPageErrors(page);
    const [first, second] = await authorHandles(page);
    // A fresh profile knows nobody: not one node of ours in the timeline.
    expect(await expectBadgesOnCustomers(page, [])).toBeGreaterThanOrEqual(20);
    expect(await page.locator(`${TWEET} [data-handlebook]`).count()).toBe(0);

    // Hovering a stranger's tweet shows the one "+ note" prompt there; a note makes a customer.
    const prompt = await notePromptOn(page, first!);
    expect(await prompt.textContent()).toBe('+ note');
    expect(await prompt.getAttribute('aria-label')).toBe(`Add a Handlebook note about @${first}`);
    await notePromptOn(page, second!);
    expect(await page.locator(NOTE_PROMPT).count()).toBe(1);
    await writeNote(page, first!, 'first customer');
    await page.keyboard.press('Escape');
    await expect.poll(() => badgeOf(page, first!).textContent()).toBe('1 note');
    const tweets = await expectBadgesOnCustomers(page, [first!]);

    // X streams more tweets in as you scroll: new cells appear at the bottom.
    await page.evaluate(
      ([customer, time]) =>
        (window as any).__replica.appendTweets([
          ...Array.from({ length: 4 }, (_, i) => ({ id: `19000000000000000${i}`, handle: `late_author_${i}`, name: `Late Author ${i}`, text: `Arrived after load ${i}`, time })),
          { id: '190000000000000009', handle: customer, name: 'Customer again', text: 'Me again', time },
        ]),
      [first!, LATE_TIME] as const,
    );
    expect(await expectBadgesOnCustomers(page, [first!])).toBe(tweets + 5);
    expect(await (await notePromptOn(page, 'late_author_2')).getAttribute('data-handle')).toBe('late_author_2');
    expect(errors).toEqual([]);
  });

  it('follows recycled cells: a cell that now shows another author gets or loses the badge', async () => {
    const page = await openX(session.context, 'https://x.com/home');
    const [first] = await authorHandles(page);
    await writeNote(page, first!, 'a customer');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator(TWEET).first().locator(BADGE).count()).toBe(1);

    // The first cell now shows a stranger's tweet: its badge goes.
    await page.evaluate((time) => (window as any).__replica.recycleCell(0, { id: '1900000000000000999', handle: 'recycled_author', name: 'Recycled', text: 'New tweet in an old cell', time }), LATE_TIME);
    await expect.poll(() => page.locator(TWEET).first().locator(BADGE).count()).toBe(0);
    // And then the customer's again: the badge comes back.
    await page.evaluate(([customer, time]) => (window as any).__replica.recycleCell(0, { id: '1900000000000000998', handle: customer, name: 'Back', text: 'Back in the old cell', time }), [first!, LATE_TIME] as const);
    await expect.poll(() => page.locator(TWEET).first().locator(BADGE).getAttribute('data-handle')).toBe(first!);
    await expectBadgesOnCustomers(page, [first!]);
  });

  it('still badges new tweets while X keeps the main thread busy every frame', async () => {
    const page = await openX(session.context, 'https://x.com/home');
    const [first] = await authorHandles(page);
    await writeNote(page, first!, 'a customer');
    await page.keyboard.press('Escape');
    await expectBadgesOnCustomers(page, [first!]);

    // X never rests (a long scroll, a heavy page): every frame keeps the main thread 40 ms, so
    // the page has no idle time for the content script's batches; their deadline must still
    // bring the new tweet's badge.
    await page.evaluate(() => {
      const w = window as any;
      w.__busy = true;
      const spin = () => {
        const until = performance.now() + 40;
        while (performance.now() < until);
        if (w.__busy) requestAnimationFrame(spin);
      };
      requestAnimationFrame(spin);
    });
    await page.evaluate(
      ([customer, time]) => (window as any).__replica.appendTweets([{ id: '190000000000000077', handle: customer, name: 'Busy page', text: 'Posted while X was busy', time }]),
      [first!, LATE_TIME] as const,
    );
    await expect.poll(() => page.locator(`${TWEET}:has-text("Posted while X was busy") ${BADGE}`).count(), { timeout: 3_000 }).toBe(1);
    await page.evaluate(() => ((window as any).__busy = false));
  });

  it('shows badges on a status page (focused tweet, quote and replies) and a profile page, on twitter.com too', async () => {
    const home = await openX(session.context, 'https://x.com/home');
    const [customer] = await authorHandles(home);
    await writeNote(home, customer!, 'known everywhere');
    await home.close();
    for (const url of ['https://x.com/home', 'https://twitter.com/home']) {
      const page = await openX(session.context, url, { waitForBadges: true });
      await expectBadgesOnCustomers(page, [customer!]);
      const href = await tweetBy(page, customer!).locator('a[href*="/status/"]').first().getAttribute('href');
      await page.goto(new URL(href!, url).href);
      await page.waitForSelector(BADGE);
      await expectBadgesOnCustomers(page, [customer!]);
      await page.goto(new URL(`/${customer}`, url).href);
      await page.waitForSelector(BADGE);
      await expectBadgesOnCustomers(page, [customer!]);
      await page.close();
    }
  });
});

describe('customer card', () => {
  it('saves a note through the background; reload and a second tab show it', async () => {
    const page = await openX(session.context, 'https://x.com/home');
    const errors = collectPageErrors(page);
    const [handle] = await authorHandles(page);
    await writeNote(page, handle!, 'Promised a refund on order #1042');
    await expect.poll(() => badgeOf(page, handle!).textContent()).toBe('1 note');

    await page.reload();
    await page.waitForSelector(BADGE);
    await expect.poll(() => badgeOf(page, handle!).textContent()).toBe('1 note');
    await badgeOf(page, handle!).click();
    const card = page.getByRole('dialog', { name: `Handlebook card for @${handle}` });
    await expect.poll(() => card.getByRole('list', { name: 'Notes, newest first' }).locator('textarea').first().inputValue()).toBe(
      'Promised a refund on order #1042',
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);

    const second = await openX(session.context, 'https://twitter.com/home');
    await expect.poll(() => badgeOf(second, handle!).textContent()).toBe('1 note');
    expect(errors).toEqual([]);
  });

  it('updates badges in other open tabs when a note is written', async () => {
    const first = await openX(session.context, 'https://x.com/home');
    const second = await openX(session.context, 'https://x.com/home');
    const [, handle] = await authorHandles(first);
    await writeNote(first, handle!, 'VIP: answer within the hour');
    await expect.poll(() => badgeOf(second, handle!).textContent(), { timeout: 2_000 }).toBe('1 note');
  });

  it('keeps working after the service worker was stopped mid-session', async () => {
    const page = await openX(session.context, 'https://x.com/home');
    const errors = collectPageErrors(page);
    const [a, b] = await authorHandles(page);
    await writeNote(page, a!, 'before the worker stopped');
    await page.keyboard.press('Escape');

    await stopServiceWorker(session);
    await writeNote(page, b!, 'after the worker stopped');
    await expect.poll(() => badgeOf(page, b!).textContent()).toBe('1 note');
    const worker = await currentWorker(session.context);
    expect(worker.url()).toContain(session.extensionId);

    // Fresh lookups after the restart still find the earlier note.
    await page.reload();
    await page.waitForSelector(BADGE);
    await expect.poll(() => badgeOf(page, a!).textContent()).toBe('1 note');
    expect(errors).toEqual([]);
  });

  it('lists the saved note in the dashboard', async () => {
    const page = await openX(session.context, 'https://x.com/home');
    const [handle] = await authorHandles(page);
    await writeNote(page, handle!, 'Seen in the dashboard');
    const dashboard = await session.openExtensionPage('dashboard.html');
    await expect.poll(() => dashboard.locator(`tr[data-customer="${handle!.toLowerCase()}"]`).textContent()).toContain('Seen in the dashboard');
  });
});

describe('extension updates', () => {
  it('removes every injected node and asks once for a reload, with no page error', async () => {
    const page = await openX(session.context, 'https://x.com/home');
    const errors = collectPageErrors(page);
    const [handle] = await authorHandles(page);
    await openCard(page, handle!);

    const worker = await currentWorker(session.context);
    await worker.evaluate(() => (globalThis as any).chrome.runtime.reload()).catch(() => {
      // The worker goes away while answering: expected.
    });

    await expect.poll(() => page.locator('[data-handlebook="reload-notice"]').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.locator('[data-handlebook]:not([data-handlebook="reload-notice"])').count()).toBe(0);
    await expect.poll(() => page.locator('[data-handlebook="reload-notice"]').textContent()).toContain('reload this tab');

    // X keeps adding tweets to the old page: the orphaned script stays quiet.
    await page.evaluate(() =>
      (window as any).__replica.appendTweets([
        { id: '1900000000000000555', handle: 'after_reload', name: 'After', text: 'still here', time: '2026-11-20T10:00:00.000Z' },
      ]),
    );
    await page.waitForTimeout(500);
    expect(await page.locator(BADGE).count()).toBe(0);
    expect(await page.locator('[data-handlebook="reload-notice"]').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
