import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionSession } from './support/extension';
import { REPLICA_URLS, replicaData, blockExternalNetwork, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';
import { customerOf, newTeam, type TeamMember } from './support/team';
import { teamServerPerFile } from './support/team-file';
import { openX } from './support/x-page';

// The collision guard end to end: a real team desk.server(), Ana and Ben in their own Chromium
// profiles on the replica status page of a customer's tweet. When Ana has answered that tweet,
// or is writing to its author right now, Ben's composer bar says so before Post
// (data-team-replied, a contract) and the send guard asks him first.

const CUSTOMER = replicaData.FOCUSED_TWEET.handle;
const BOX = '[data-testid="tweetTextarea_0"]';
const BAR = '[data-handlebook="composer"][data-box-index="0"]';
const SEND = 'button[data-testid="tweetButtonInline"]';
const GUARD = { name: 'Check before sending' } as const;

const desk = teamServerPerFile();
const { anaAndBen } = desk;
const sessions: ExtensionSession[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close().catch(() => undefined);
});

async function openStatus(context: ExtensionSession['context']): Promise<Page> {
  const page = await openX(context, REPLICA_URLS.status);
  await page.waitForSelector(BAR);
  return page;
}

const sentCount = (page: Page) => page.evaluate(() => window.__replica.sent.length);
const teamReplied = (page: Page) => page.locator(BAR).getAttribute('data-team-replied');

async function reply(page: Page, text: string): Promise<void> {
  await page.click(BOX);
  await page.keyboard.type(text);
  await page.click(SEND);
}

describe('collision guard', () => {
  it('tells Ben that Ana already answered the tweet, and his Post waits for a confirmation', async () => {
    const [ana, ben] = await anaAndBen();
    await send(ana.dashboard, 'notes.add', { ref: { handle: CUSTOMER }, displayName: 'Mara Okafor', text: 'Refund promised' });
    await expect.poll(async () => (await customerOf(ben, CUSTOMER))?.notes.length, { timeout: 10_000 }).toBe(1);

    const anaX = await openStatus(ana.session.context);
    // Nobody answered yet: no notice, and Post goes straight through for Ana.
    expect(await teamReplied(anaX)).toBeNull();
    await reply(anaX, 'Hi Mara, the refund is on its way today.');
    await expect.poll(() => sentCount(anaX)).toBe(1);
    expect(await anaX.getByRole('alertdialog', GUARD).count()).toBe(0);
    // Her own reply, from this tab: still no notice on her bar.
    await expect.poll(async () => (await customerOf(ana, CUSTOMER))?.interactionCount).toBe(1);
    expect(await teamReplied(anaX)).toBeNull();
    expect(await anaX.locator(`${BAR} .hb-team-replied`).isHidden()).toBe(true);

    // Ben opens the same tweet: his bar says who answered, when and how, before he types.
    await expect.poll(async () => (await customerOf(ben, CUSTOMER))?.interactionCount, { timeout: 10_000 }).toBe(1);
    const benX = await openStatus(ben.session.context);
    await expect.poll(() => teamReplied(benX), { timeout: 5_000 }).toBe('Ana');
    expect(await benX.locator(`${BAR} .hb-team-replied`).textContent()).toBe('Ana replied just now: "Hi Mara, the refund is on its way today."');

    // He writes anyway: Post is held and he is asked.
    await reply(benX, 'Hi Mara, checking on your refund');
    const guard = benX.getByRole('alertdialog', GUARD);
    await guard.waitFor();
    expect(await guard.textContent()).toContain('Ana replied just now');
    expect(await sentCount(benX)).toBe(0);
    // "Go back and edit" keeps his text; "Send anyway" posts it once.
    await guard.getByRole('button', { name: 'Go back and edit' }).click();
    expect(await sentCount(benX)).toBe(0);
    expect(await benX.evaluate(() => window.__replica.composerText(0))).toBe('Hi Mara, checking on your refund');
    await benX.click(SEND);
    await benX.getByRole('alertdialog', GUARD).getByRole('button', { name: 'Send anyway' }).click();
    await expect.poll(() => sentCount(benX)).toBe(1);

    // Both replies are logged, each with its author; Ana's page now hears of Ben's.
    await expect.poll(async () => (await customerOf(ana, CUSTOMER))?.interactionCount, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => teamReplied(anaX), { timeout: 5_000 }).toBe('Ben');
  });

  it('asks before Post while Ana is writing to the same customer right now', async () => {
    const [ana, ben] = await anaAndBen();
    await send(ana.dashboard, 'notes.add', { ref: { handle: CUSTOMER }, displayName: 'Mara Okafor', text: 'VIP' });
    await expect.poll(async () => (await customerOf(ben, CUSTOMER))?.notes.length, { timeout: 10_000 }).toBe(1);
    const benX = await openStatus(ben.session.context);
    const anaX = await openStatus(ana.session.context);
    await anaX.click(BOX);
    await anaX.keyboard.type('Hi Mara');
    await expect.poll(() => teamReplied(benX), { timeout: 5_000 }).toBe('Ana');
    await reply(benX, 'Hello Mara');
    const guard = benX.getByRole('alertdialog', GUARD);
    await guard.waitFor();
    expect(await guard.textContent()).toContain('Ana is writing a reply to this customer right now');
    await guard.getByRole('button', { name: 'Send anyway' }).click();
    await expect.poll(() => sentCount(benX)).toBe(1);
  });
});

describe('collision guard without a team', () => {
  it('tells a solo user about their own reply sent from another tab, and never about the one sent here', async () => {
    const session = await launchWithExtension();
    sessions.push(session);
    await blockExternalNetwork(session.context);
    await routeReplicaX(session.context);
    const first = await openStatus(session.context);
    const second = await openStatus(session.context);

    await first.bringToFront();
    await reply(first, 'Sorry Mara, a replacement ships today.');
    await expect.poll(() => sentCount(first)).toBe(1);

    // The other tab hears of it (the background broadcasts the write) and says so, without
    // naming a team member (there is none).
    await expect.poll(() => second.locator(`${BAR} .hb-team-replied`).textContent(), { timeout: 5_000 }).toContain(
      'You already replied just now (another tab or device): "Sorry Mara, a replacement ships today."',
    );
    expect(await teamReplied(second)).toBeNull();
    await second.bringToFront();
    await reply(second, 'Following up');
    await second.getByRole('alertdialog', GUARD).waitFor();
    expect(await sentCount(second)).toBe(0);

    // The tab that sent it: no alarm about its own reply.
    await first.bringToFront();
    expect(await first.locator(`${BAR} .hb-team-replied`).isHidden()).toBe(true);
    await reply(first, 'And a discount code for the wait.');
    await expect.poll(() => sentCount(first)).toBe(2);
    expect(await first.getByRole('alertdialog', GUARD).count()).toBe(0);
  });
});
