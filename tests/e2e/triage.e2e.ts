import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeTweets } from '../fixtures/x/data';
import { startServerProcess } from '../server/support/server-process';
import { collectPageErrors, launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, REPLICA_URLS, replicaData, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';
import { newTeam } from './support/team';
import { badgeOf, openX, TWEET, tweetBy } from './support/x-page';

// Triage in place: on X's notifications and search pages every tweet carries one marker
// ([data-handlebook="triage"], data-answered a contract) saying whether the desk answered it;
// keys log a tweet, mark it handled, jump to the next unanswered one; a switch dims the answered.

const MARKER = '[data-handlebook="triage"]';
const [REPLIED, WAITING, ASKING, THANKS] = replicaData.NOTIFICATION_TWEETS;

let session: ExtensionSession;
let admin: Page;
let blocked: string[];

beforeEach(async () => {
  session = await launchWithExtension();
  blocked = await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
  admin = await session.openExtensionPage('dashboard.html');
});
afterEach(async () => {
  await session?.close();
});

const markerOf = (page: Page, statusId: string) => page.locator(`${MARKER}[data-status-id="${statusId}"]`);
const answeredOf = (page: Page, statusId: string) => markerOf(page, statusId).getAttribute('data-answered');

async function replyTo(tweet: { handle: string; id: string; text: string }, text: string): Promise<void> {
  await send(admin, 'interactions.logOutgoing', { ref: { handle: tweet.handle }, displayName: tweet.handle, inReplyToId: tweet.id, inReplyToText: tweet.text, text });
}

describe('triage markers', () => {
  it('mark every tweet of the notifications page answered or not, including cells added or recycled later', async () => {
    await replyTo(REPLIED!, 'Glad it arrived!');
    await send(admin, 'interactions.markHandled', { ref: { handle: THANKS!.handle }, displayName: THANKS!.handle, tweetId: THANKS!.id, text: THANKS!.text });
    const page = await openX(session.context, REPLICA_URLS.notifications);
    const errors = collectPageErrors(page);

    await expect.poll(() => answeredOf(page, REPLIED!.id)).toBe('true');
    expect(await answeredOf(page, THANKS!.id)).toBe('true');
    expect(await markerOf(page, THANKS!.id).textContent()).toMatch(/^✓ handled · /);
    expect(await answeredOf(page, WAITING!.id)).toBe('false');
    expect(await markerOf(page, WAITING!.id).textContent()).toMatch(/^waiting \d+(m|h|d|w|mo|y)$/);
    expect(await answeredOf(page, ASKING!.id)).toBe('false');
    // One marker per tweet, no more.
    expect(await page.locator(MARKER).count()).toBe(await page.locator(TWEET).count());

    // X streams more cells in, and reuses one for another tweet (cells 0 and 1 are a like and a follow).
    const more = makeTweets(4, 7);
    await replyTo(more[1]!, 'On it');
    await page.evaluate((tweets) => window.__replica.appendTweets(tweets), more.slice(0, 3));
    await expect.poll(() => answeredOf(page, more[1]!.id)).toBe('true');
    expect(await answeredOf(page, more[0]!.id)).toBe('false');
    await page.evaluate((tweet) => window.__replica.recycleCell(2, tweet), more[3]!);
    await expect.poll(() => markerOf(page, REPLIED!.id).count()).toBe(0);
    await expect.poll(() => answeredOf(page, more[3]!.id)).toBe('false');
    expect(await page.locator(MARKER).count()).toBe(await page.locator(TWEET).count());

    // A reply logged while the page is open turns its marker.
    await replyTo(WAITING!, 'Let me check the tracking');
    await expect.poll(() => answeredOf(page, WAITING!.id)).toBe('true');
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('mark search results too, and put nothing on the home timeline', async () => {
    const result = replicaData.SEARCH_TWEETS[2]!;
    await replyTo(result, 'Usually 3-5 days');
    const search = await openX(session.context, REPLICA_URLS.search);
    await expect.poll(() => answeredOf(search, result.id)).toBe('true');
    expect(await answeredOf(search, replicaData.SEARCH_TWEETS[0]!.id)).toBe('false');
    const home = await openX(session.context, REPLICA_URLS.home);
    await home.waitForSelector(TWEET);
    await home.waitForTimeout(300);
    expect(await home.locator(MARKER).count()).toBe(0);
    expect(await home.getByRole('button', { name: 'Unanswered only' }).count()).toBe(0);
  });

  it('are worked from the keyboard: mark handled, log, next unanswered; and dim the answered without moving anything', async () => {
    await replyTo(REPLIED!, 'Glad it arrived!');
    const page = await openX(session.context, REPLICA_URLS.notifications);
    await expect.poll(() => answeredOf(page, REPLIED!.id)).toBe('true');

    // Next unanswered from the top: the first tweet was answered, so the second.
    await tweetBy(page, REPLIED!.handle).first().focus();
    await page.keyboard.press('Alt+Shift+N');
    await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('[data-handlebook="triage"]')?.getAttribute('data-status-id'))).toBe(WAITING!.id);

    // Handled without a reply: answered.
    await page.keyboard.press('Alt+Shift+D');
    await expect.poll(() => answeredOf(page, WAITING!.id)).toBe('true');
    expect(await markerOf(page, WAITING!.id).textContent()).toMatch(/^✓ handled/);

    // Log the next one: its author gets a case waiting on us.
    await page.keyboard.press('Alt+Shift+N');
    await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('[data-handlebook="triage"]')?.getAttribute('data-status-id'))).toBe(ASKING!.id);
    await page.keyboard.press('Alt+Shift+L');
    await expect.poll(() => badgeOf(page, ASKING!.handle).first().getAttribute('data-waiting')).toBe('true');
    expect(await answeredOf(page, ASKING!.id)).toBe('false');

    // "Unanswered only": answered tweets dimmed, nothing moved.
    const boxes = () => page.locator(TWEET).evaluateAll((els) => els.map((e) => JSON.stringify(e.getBoundingClientRect())));
    const before = await boxes();
    await page.getByRole('button', { name: 'Unanswered only' }).click();
    expect(await page.getByRole('button', { name: 'Unanswered only' }).getAttribute('aria-pressed')).toBe('true');
    const opacity = (id: string) => markerOf(page, id).evaluate((m) => getComputedStyle(m.closest('article')!).opacity);
    await expect.poll(() => opacity(REPLIED!.id)).toBe('0.35');
    expect(await opacity(WAITING!.id)).toBe('0.35');
    expect(await opacity(ASKING!.id)).toBe('1');
    expect(await boxes()).toEqual(before);
    await page.keyboard.press('Alt+Shift+U');
    await expect.poll(() => opacity(REPLIED!.id)).toBe('1');
  });
});

describe('triage markers in a team', () => {
  it("say which teammate answered a tweet", async () => {
    const server = await startServerProcess();
    const [ana, ben] = await newTeam([server], ['Ana', 'Ben']);
    try {
      await send(ana!.dashboard, 'interactions.logOutgoing', { ref: { handle: ASKING!.handle }, displayName: ASKING!.handle, inReplyToId: ASKING!.id, inReplyToText: ASKING!.text, text: 'About 3 days' });
      const page = await openX(ben!.session.context, REPLICA_URLS.notifications);
      await expect.poll(() => answeredOf(page, ASKING!.id), { timeout: 15_000 }).toBe('true');
      expect(await markerOf(page, ASKING!.id).textContent()).toMatch(/^✓ Ana · /);
      expect(await answeredOf(page, WAITING!.id)).toBe('false');
    } finally {
      await ana?.close();
      await ben?.close();
      await server.stop();
      server.cleanup();
    }
  });
});
