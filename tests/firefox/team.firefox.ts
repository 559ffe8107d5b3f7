import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { adminClient } from '../server/support/api';
import { startServerProcess, type ServerProcess } from '../server/support/server-process';
import { REPLICA_URLS } from '../e2e/support/replica-x';
import { customerOf, joinedMember, type TeamMember, type TeamStatus } from '../e2e/support/team';
import { badgeOf, openCard, openX as openChromiumX, writeNote } from '../e2e/support/x-page';
import { launchFirefox, navigateExtensionPage, send, type FirefoxSession } from './support/firefox';
import { addNoteInCard, authorHandles, badgeText, cardNotes, closeCard, openCardFromBadge } from './support/x-page';

// Team mode with a member in Firefox: a real team server process (embedded storage) on
// 127.0.0.1, Ana in Firefox ESR and Ben in Chromium, each with the built add-on, on replica X
// pages. Firefox's background page holds the team's WebSocket (MV2, persistent).

let server: ServerProcess;
let firefox: FirefoxSession | undefined;
let ben: TeamMember | undefined;

beforeAll(async () => {
  server = await startServerProcess();
});
afterEach(async () => {
  await firefox?.close();
  await ben?.close();
  firefox = ben = undefined;
});
afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

const status = (page: Page) => send<TeamStatus>(page, 'team.status', {});

/**
 * Joins from the Firefox dashboard. The page reloads onto the team's book when the join lands
 * (lib/team/page-book.ts), and Firefox's BiDi would run a pending evaluation again in the new
 * document: so the request is sent without awaiting it here, and the result read from team.status.
 */
async function joinInFirefox(session: FirefoxSession, invite: string, name: string): Promise<Page> {
  const dashboard = await session.openExtensionPage('dashboard.html');
  await dashboard.evaluate(
    (server, code, who) => {
      const runtime = (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime;
      void runtime.sendMessage({ handlebook: 1, type: 'team.join', payload: { server, invite: code, name: who } });
    },
    server.url,
    invite,
    name,
  );
  const page = await session.newTab();
  await navigateExtensionPage(page, 'popup.html');
  await expect.poll(async () => (await status(page)).state, { timeout: 15_000, interval: 200 }).toBe('connected');
  return page;
}

describe('team mode in Firefox', () => {
  it('shares notes both ways between a member in Firefox and one in Chromium, live', async () => {
    const admin = adminClient(server.url, server.adminToken);
    const team = await admin.createTeam('Northwind support');
    const serverHost = new URL(server.url).host;
    firefox = await launchFirefox({ allow: (url) => url.host === serverHost });
    const ana = await joinInFirefox(firefox, team.invite, 'Ana');
    ben = await joinedMember(server.url, await admin.createInvite(team.teamId), 'Ben');

    const anaX = await firefox.openX(REPLICA_URLS.home);
    const benX = await openChromiumX(ben.session.context, REPLICA_URLS.home);
    const [first, second] = await authorHandles(anaX);

    // Ana (Firefox) writes a note in the card: Ben's timeline shows the badge by itself.
    await send(ana, 'customers.update', { ref: { handle: first! }, displayName: first!, patch: { tags: ['vip'] } });
    await expect.poll(() => badgeText(anaX, first!), { timeout: 10_000 }).toBe('vip');
    await addNoteInCard(anaX, await openCardFromBadge(anaX, first!), 'Promised a refund on Monday');
    await expect.poll(() => badgeOf(benX, first!).count(), { timeout: 10_000 }).toBe(1);
    const benCard = await openCard(benX, first!);
    const notes = benCard.getByRole('list', { name: 'Notes, newest first' });
    await expect.poll(() => notes.locator('textarea').first().inputValue(), { timeout: 10_000 }).toBe('Promised a refund on Monday');
    expect(await notes.locator('.hb-note-author').first().textContent()).toContain('Ana');

    // Ben (Chromium) writes about another customer: it reaches Ana's open Firefox tab.
    await benX.keyboard.press('Escape');
    await writeNote(benX, second!, 'Wants the invoice by email');
    await expect.poll(() => badgeText(anaX, second!), { timeout: 10_000 }).toBe('1 note');
    await closeCard(anaX, first!);
    await expect.poll(async () => cardNotes(await openCardFromBadge(anaX, second!)), { timeout: 10_000 }).toEqual(['Wants the invoice by email']);
    expect((await customerOf(ben, second!))?.notes.map((n) => n.author)).toEqual(['Ben']);

    const members = (await status(ana)).members?.map((m) => m.name).sort();
    expect(members).toEqual(['Ana', 'Ben']);
    expect((await status(ana)).pending).toBe(0);
    expect(firefox.blocked).toEqual([]);
  });
});
