import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPostgres, type PostgresProcess } from '../server/support/postgres';
import { startRedis, type RedisProcess } from '../server/support/redis';
import { stopServiceWorker } from './support/extension';
import { REPLICA_URLS, replicaData } from './support/replica-x';
import { send } from './support/seed';
import { customerOf, newTeam, type TeamMember } from './support/team';
import { teamServerPerFile } from './support/team-file';
import { startServerProcess, type ServerProcess } from '../server/support/server-process';
import { BADGE, openCard, openX, TWEET } from './support/x-page';

// Presence end to end: a real team server process, Ana and Ben each in their own Chromium
// profile on replica X pages. While Ana's reply box answers a customer, Ben sees it on that
// customer's badge (data-replying-by, a contract), in the card and in his own composer bar.

const CUSTOMER = replicaData.FOCUSED_TWEET.handle; // mara_okafor: the status page's focused tweet
const STRANGER = 'priya_codes'; // on /home, never a customer here
const STRANGER_TWEET = replicaData.HOME_TWEETS.find((t) => t.handle === STRANGER)!.id;
const BOX = '[data-testid="tweetTextarea_0"]';
const BAR = '[data-handlebook="composer"][data-box-index="0"]';
const SEND = 'button[data-testid="tweetButtonInline"]';

const desk = teamServerPerFile();
const { anaAndBen } = desk;

/** data-replying-by of the badge on the first tweet by `handle` (null: none, or no badge). */
function replyingOnBadge(page: Page, handle: string): Promise<string | null> {
  return page.evaluate(
    ([badge, h]) => document.querySelector(`${badge}[data-handle="${h}"]`)?.getAttribute('data-replying-by') ?? null,
    [BADGE, handle] as const,
  );
}

/** Opens the status page of the customer's tweet with its reply box. */
async function openStatus(member: TeamMember): Promise<Page> {
  const page = await openX(member.session.context, REPLICA_URLS.status);
  await page.waitForSelector(BAR);
  return page;
}

/** Waits until `probe` gives `expected`; returns how long that took (ms). */
async function timeUntil<T>(probe: () => Promise<T>, expected: T, timeout: number): Promise<number> {
  const start = Date.now();
  await expect.poll(probe, { timeout, interval: 50 }).toEqual(expected);
  return Date.now() - start;
}

async function emptyAndBlur(page: Page): Promise<void> {
  await page.click(BOX);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await expect.poll(() => page.evaluate(() => window.__replica.composerText(0))).toBe('');
  // And leaves it (clicking around X's page would open tweets).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

describe('team presence', () => {
  it('shows Ben that Ana is replying to a customer: badge, card and composer bar; gone when she empties the box, sends or closes the tab', async () => {
    const [ana, ben] = await anaAndBen();
    await send(ana.dashboard, 'notes.add', { ref: { handle: CUSTOMER }, displayName: 'Mara Okafor', text: 'Third damaged bag this year' });
    await expect.poll(async () => (await customerOf(ben, CUSTOMER))?.notes.length, { timeout: 10_000 }).toBe(1);

    const benX = await openStatus(ben);
    await benX.waitForSelector(`${BADGE}[data-handle="${CUSTOMER}"]`);
    expect(await replyingOnBadge(benX, CUSTOMER)).toBeNull();
    const anaX = await openStatus(ana);

    // Ana starts a reply: focus alone counts.
    await anaX.click(BOX);
    const shown = await timeUntil(() => replyingOnBadge(benX, CUSTOMER), 'Ana', 5_000);
    console.log(`[presence] Ben saw "Ana is replying" ${shown} ms after Ana focused the box`);
    expect(shown).toBeLessThan(2_000);
    const badge = benX.locator(`${BADGE}[data-handle="${CUSTOMER}"]`).first();
    expect(await badge.textContent()).toContain('Ana is replying');
    // Every badge of hers says it, and no other author's.
    expect(await benX.locator(`${BADGE}[data-replying-by]`).evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-handle')))])).toEqual([CUSTOMER]);

    // Ben's own reply box answers the same customer: his bar says so.
    await expect.poll(() => benX.locator(BAR).getAttribute('data-replying-by')).toBe('Ana');
    expect(await benX.locator(`${BAR} .hb-presence`).textContent()).toBe(`Ana is replying to @${CUSTOMER} too`);

    // Ana types (the text itself never travels), then Ben opens the card.
    await anaX.keyboard.type('Hi Mara, so sorry about the bag');
    const card = await openCard(benX, CUSTOMER);
    await expect.poll(() => card.locator('.hb-card-presence').textContent()).toContain('Ana is replying');
    // Ana opens her card too (her box still holds text: still replying), and sees Ben there.
    const anaCard = await openCard(anaX, CUSTOMER);
    await expect.poll(() => anaCard.locator('.hb-card-presence').textContent(), { timeout: 5_000 }).toContain('Ben has this card open');
    await expect.poll(() => card.locator('.hb-card-presence').textContent(), { timeout: 5_000 }).toContain('Ana has this card open');
    expect(await replyingOnBadge(benX, CUSTOMER)).toBe('Ana');
    await anaCard.getByRole('button', { name: 'Close Handlebook card' }).click();
    await expect.poll(() => card.locator('.hb-card-presence').textContent(), { timeout: 5_000 }).not.toContain('has this card open');

    // She empties the box and leaves it: gone.
    await emptyAndBlur(anaX);
    const cleared = await timeUntil(() => replyingOnBadge(benX, CUSTOMER), null, 10_000);
    console.log(`[presence] gone ${cleared} ms after Ana emptied the box and left it`);
    await expect.poll(() => benX.locator(BAR).getAttribute('data-replying-by')).toBeNull();
    await expect.poll(() => card.locator('.hb-card-presence').count()).toBe(0);

    // She replies and sends: back, then gone.
    await anaX.click(BOX);
    await anaX.keyboard.type('A replacement ships today.');
    await timeUntil(() => replyingOnBadge(benX, CUSTOMER), 'Ana', 5_000);
    await anaX.click(SEND);
    await expect.poll(async () => (await anaX.evaluate(() => window.__replica.sent)).length).toBe(1);
    const afterSend = await timeUntil(() => replyingOnBadge(benX, CUSTOMER), null, 10_000);
    console.log(`[presence] gone ${afterSend} ms after Ana sent`);

    // She starts again and closes the tab: gone.
    await anaX.click(BOX);
    await anaX.keyboard.type('One more thing');
    await timeUntil(() => replyingOnBadge(benX, CUSTOMER), 'Ana', 5_000);
    await anaX.close();
    const afterClose = await timeUntil(() => replyingOnBadge(benX, CUSTOMER), null, 10_000);
    console.log(`[presence] gone ${afterClose} ms after Ana closed her tab`);
  });

  it('marks a reply to someone who is not a customer with a presence-only badge, and adds no node otherwise', async () => {
    const [ana, ben] = await anaAndBen();
    const benX = await openX(ben.session.context, REPLICA_URLS.home);
    await benX.waitForSelector(TWEET);
    expect(await benX.locator(BADGE).count()).toBe(0);

    const anaX = await openX(ana.session.context, REPLICA_URLS.home);
    await anaX.waitForSelector(TWEET);
    await anaX.evaluate((id) => window.__replica.openComposeModal(id), STRANGER_TWEET);
    const modalBox = anaX.locator(`[role="dialog"] ${BOX}`);
    await modalBox.click();
    await anaX.keyboard.type('Let me check the tracking for you');

    await timeUntil(() => replyingOnBadge(benX, STRANGER), 'Ana', 5_000);
    const badge = benX.locator(`${BADGE}[data-handle="${STRANGER}"]`);
    expect(await badge.count()).toBe(1);
    expect(await badge.getAttribute('data-presence-only')).toBe('true');
    expect(await badge.textContent()).toBe('Ana is replying');
    // Only that author's tweet got a node.
    expect(await benX.locator(BADGE).count()).toBe(1);

    // Ana closes the modal without sending (the text goes with it): the badge goes.
    await anaX.evaluate(() => window.__replica.closeComposeModal());
    await expect.poll(() => benX.locator(BADGE).count(), { timeout: 10_000 }).toBe(0);
  });

  it('brings presence back after Ana’s service worker is stopped while she keeps typing', async () => {
    const [ana, ben] = await anaAndBen();
    await send(ana.dashboard, 'notes.add', { ref: { handle: CUSTOMER }, displayName: 'Mara Okafor', text: 'VIP' });
    await expect.poll(async () => (await customerOf(ben, CUSTOMER))?.notes.length, { timeout: 10_000 }).toBe(1);
    const benX = await openStatus(ben);
    await benX.waitForSelector(`${BADGE}[data-handle="${CUSTOMER}"]`);
    const anaX = await openStatus(ana);
    await anaX.click(BOX);
    await anaX.keyboard.type('Hi Mara');
    await timeUntil(() => replyingOnBadge(benX, CUSTOMER), 'Ana', 5_000);

    const stopped = Date.now();
    await stopServiceWorker(ana.session);
    // Her connection closed with the worker: the server dropped her state...
    await timeUntil(() => replyingOnBadge(benX, CUSTOMER), null, 10_000);
    console.log(`[presence] gone ${Date.now() - stopped} ms after Ana's worker was stopped`);
    // ...and her tab, still replying, brings it back (its next report, at most ~5 s later,
    // restarts the worker, which reads the tabs' reports from storage.session and republishes).
    await anaX.click(BOX);
    await anaX.keyboard.type(', a replacement is on its way');
    await timeUntil(() => replyingOnBadge(benX, CUSTOMER), 'Ana', 15_000);
    console.log(`[presence] back ${Date.now() - stopped} ms after Ana's worker was stopped`);
    expect(await anaX.evaluate(() => window.__replica.composerText(0))).toBe('Hi Mara, a replacement is on its way');
  });
});

describe('team presence on two server instances behind Redis', () => {
  let postgres: PostgresProcess;
  let redis: RedisProcess;
  const instances: ServerProcess[] = [];

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const databaseUrl = await postgres.createDatabase('handlebook_presence');
    for (let i = 0; i < 2; i++) instances.push(await startServerProcess({ databaseUrl, redisUrl: redis.url, adminToken: 'e2e-admin-token' }));
  });

  afterAll(async () => {
    for (const s of instances) await s.stop().catch(() => undefined);
    for (const s of instances) s.cleanup();
    await redis?.stop();
    await postgres?.stop();
  });

  it('shows Ana’s reply to Ben when each is on another instance (awareness relayed through Redis)', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const [ana, ben] = (await newTeam([a, b], ['Ana', 'Ben'])) as [TeamMember, TeamMember];
    desk.keep(ana, ben);

    const benX = await openStatus(ben);
    const anaX = await openStatus(ana);
    await anaX.click(BOX);
    await anaX.keyboard.type('Hi Mara');
    // Not a customer in this team: Ben gets the presence-only badge.
    const shown = await timeUntil(() => replyingOnBadge(benX, CUSTOMER), 'Ana', 5_000);
    console.log(`[presence] across instances: Ben saw it ${shown} ms after Ana typed`);
    await emptyAndBlur(anaX);
    await timeUntil(() => replyingOnBadge(benX, CUSTOMER), null, 10_000);
  });
});
