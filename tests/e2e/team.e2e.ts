import { describe, expect, it } from 'vitest';
import { adminClient } from '../server/support/api';
import { launchWithExtension, stopServiceWorker } from './support/extension';
import { blockExternalNetwork } from './support/replica-x';
import { REPLICA_URLS } from './support/replica-x';
import { send } from './support/seed';
import { customerOf, expectAllSent, expectState, joinedMember, newTeam, reloadedBy, type TeamMember } from './support/team';
import { teamServerPerFile } from './support/team-file';
import { authorHandles, badgeOf, openCard, openX, writeNote } from './support/x-page';

// The team desk end to end: a real team server process (embedded storage), two people each in
// their own Chromium profile with the built extension, on replica X pages.

const desk = teamServerPerFile();
const { anaAndBen } = desk;

/** Ana and Ben in a new team; Ben had a personal book (@bens_own, "personal note") before joining. */
async function anaAndBenWithOwnBook() {
  const admin = adminClient(desk.server().url, desk.server().adminToken);
  const team = await admin.createTeam('Northwind support');
  const ana = await joinedMember(desk.server().url, team.invite, 'Ana');
  const ben = await joinedMember(desk.server().url, await admin.createInvite(team.teamId), 'Ben', {
    before: async (page) => {
      await send(page, 'notes.add', { ref: { handle: 'bens_own' }, displayName: 'Own', text: 'personal note' });
    },
  });
  desk.keep(ana, ben);
  return { admin, team, ana, ben };
}

describe('team desk', () => {
  it('shows a note one member wrote in the other member’s badge and card', async () => {
    const [ana, ben] = await anaAndBen();
    const anaX = await openX(ana.session.context, REPLICA_URLS.home);
    const benX = await openX(ben.session.context, REPLICA_URLS.home);
    const handle = (await authorHandles(anaX))[0]!;
    expect(await badgeOf(benX, handle).count()).toBe(0);

    await writeNote(anaX, handle, 'Promised a refund on Monday');

    // Ben never looked at this customer: the badge appears on his timeline by itself.
    await expect.poll(() => badgeOf(benX, handle).count(), { timeout: 10_000 }).toBe(1);
    const card = await openCard(benX, handle);
    const notes = card.getByRole('list', { name: 'Notes, newest first' });
    await expect.poll(() => notes.locator('textarea').first().inputValue()).toBe('Promised a refund on Monday');
    expect(await notes.locator('.hb-note-author').first().textContent()).toContain('Ana');

    const status = await ana.status();
    expect(status.members?.map((m) => m.name).sort()).toEqual(['Ana', 'Ben']);

    // The team's canned replies are shared the same way.
    const { template } = await send<{ template: { id: string } }>(ana.dashboard, 'templates.save', {
      draft: { title: 'Refund on its way', body: 'Hi {{first_name}}, the refund is on its way.', shortcut: 'refund', tags: ['billing'] },
    });
    await expect
      .poll(async () => (await send<{ templates: { id: string; shortcut?: string }[] }>(ben.dashboard, 'templates.list', {})).templates.map((t) => [t.id, t.shortcut]), { timeout: 10_000 })
      .toEqual([[template.id, 'refund']]);
  });

  it('lets a viewer read the team’s customers and refuses their changes', async () => {
    const [ana] = await anaAndBen();
    const admin = adminClient(desk.server().url, desk.server().adminToken);
    // Written before the viewer joins: it arrives with the team's snapshot.
    await send(ana.dashboard, 'notes.add', { ref: { handle: 'seen_by_viewer' }, displayName: 'S', text: 'for everyone' });
    await expectAllSent(ana);
    const viewer = await joinedMember(desk.server().url, await admin.createInvite((await ana.status()).teamId!, 'viewer'), 'Cai');
    desk.keep(viewer);
    await expect.poll(async () => (await customerOf(viewer, 'seen_by_viewer'))?.notes.map((n) => n.text), { timeout: 10_000 }).toEqual(['for everyone']);
    // And what is written after, live.
    await send(ana.dashboard, 'notes.add', { ref: { handle: 'seen_by_viewer' }, displayName: 'S', text: 'and later' });
    await expect.poll(async () => (await customerOf(viewer, 'seen_by_viewer'))?.notes.map((n) => n.text), { timeout: 10_000 }).toEqual(['for everyone', 'and later']);
    await expect(send(viewer.dashboard, 'notes.add', { ref: { handle: 'seen_by_viewer' }, displayName: 'S', text: 'mine' })).rejects.toThrow(/viewer/);
    expect((await viewer.status()).pending).toBe(0);
  });

  it('merges what both wrote while the server was down, without losing either', async () => {
    const [ana, ben] = await anaAndBen();
    const handle = 'offline_customer';
    await send(ana.dashboard, 'customers.update', { ref: { handle }, displayName: 'Offline Customer', patch: { tags: ['vip'], status: 'open' } });
    await expect.poll(async () => (await customerOf(ben, handle))?.tags, { timeout: 10_000 }).toEqual(['vip']);

    await desk.server().stop();
    await expectState(ana, 'offline');
    await expectState(ben, 'offline');
    await send(ana.dashboard, 'notes.add', { ref: { handle }, displayName: 'Offline Customer', text: 'Ana, offline' });
    await send(ana.dashboard, 'customers.update', { ref: { handle }, displayName: 'Offline Customer', patch: { tags: ['vip', 'billing'] } });
    await send(ben.dashboard, 'notes.add', { ref: { handle }, displayName: 'Offline Customer', text: 'Ben, offline' });
    await send(ben.dashboard, 'customers.update', { ref: { handle }, displayName: 'Offline Customer', patch: { tags: ['vip', 'refund'] } });
    expect((await ana.status()).pending).toBeGreaterThan(0);

    await desk.startAgain();
    await expectState(ana, 'connected', 30_000);
    await expectState(ben, 'connected', 30_000);
    for (const m of [ana, ben]) {
      await expect
        .poll(async () => {
          const c = await customerOf(m, handle);
          return { notes: c?.notes.map((n) => `${n.author}: ${n.text}`).sort(), tags: c?.tags };
        }, { timeout: 15_000, message: `${m.name}'s book` })
        .toEqual({ notes: ['Ana: Ana, offline', 'Ben: Ben, offline'], tags: ['billing', 'refund', 'vip'] });
    }
    await expectAllSent(ana);
    await expectAllSent(ben);
  });

  it('keeps what a member wrote offline to a record another member folded into its permanent id meanwhile', async () => {
    const [ana, ben] = await anaAndBen();
    const ref = { handle: 'folded_customer' };
    await send(ana.dashboard, 'notes.add', { ref, displayName: 'F', text: 'first' });
    await expect.poll(async () => (await customerOf(ben, 'folded_customer'))?.key, { timeout: 10_000 }).toBe('h:folded_customer');

    await desk.server().stop();
    await expectState(ana, 'offline');
    await expectState(ben, 'offline');
    // Ana's page shows the account's permanent id: her record moves to it. Ben, offline, still writes to the old one.
    await send(ana.dashboard, 'customers.observe', { ref: { ...ref, userId: '4242' } });
    await send(ben.dashboard, 'notes.add', { ref, displayName: 'F', text: 'Ben, not knowing' });
    await desk.startAgain();

    for (const m of [ana, ben]) {
      await expect
        .poll(async () => {
          const c = await customerOf(m, 'folded_customer');
          return { key: c?.key, notes: c?.notes.map((n) => n.text) };
        }, { timeout: 20_000, message: `${m.name}'s book` })
        .toEqual({ key: 'id:4242', notes: ['first', 'Ben, not knowing'] });
    }
    await expectAllSent(ana);
    await expectAllSent(ben);
  });

  it('tells a removed member, deletes the team’s data from that browser and keeps the personal book; the others work on', async () => {
    // Ben had a personal book before joining: it must survive his removal.
    const { admin, team, ana, ben } = await anaAndBenWithOwnBook();
    await send(ana.dashboard, 'notes.add', { ref: { handle: 'team_customer' }, displayName: 'T', text: 'team note' });
    await expect.poll(async () => (await customerOf(ben, 'team_customer'))?.notes.length, { timeout: 10_000 }).toBe(1);
    expect(await customerOf(ben, 'bens_own')).toBeNull();

    const benId = (await ben.status()).memberId!;
    // His dashboard reloads onto the personal book when the removal is known.
    await reloadedBy(ben.dashboard, () => admin.revoke(team.teamId, benId));
    expect((await ben.status()).state).toBe('removed');
    expect(await customerOf(ben, 'team_customer')).toBeNull();
    expect((await customerOf(ben, 'bens_own'))?.notes.map((n) => n.text)).toEqual(['personal note']);
    const databases = await ben.dashboard.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(databases.filter((n) => n?.includes(team.teamId))).toEqual([]);

    // Ana goes on working.
    await send(ana.dashboard, 'notes.add', { ref: { handle: 'team_customer' }, displayName: 'T', text: 'after Ben left' });
    await expectAllSent(ana);
    expect((await ana.status()).state).toBe('connected');
    expect((await ana.status()).members?.find((m) => m.memberId === benId)?.revokedAt).toEqual(expect.any(Number));

    // Dismissing the notice leaves the personal book as it was.
    await send(ben.dashboard, 'team.leave', {});
    expect((await ben.status()).state).toBe('none');
    expect((await customerOf(ben, 'bens_own'))?.notes.map((n) => n.text)).toEqual(['personal note']);
  });

  it('leaves the team from the Team tab while X is open: the team’s data goes, the personal book and its badges come back', async () => {
    const { team, ana, ben } = await anaAndBenWithOwnBook();
    const benX = await openX(ben.session.context, REPLICA_URLS.home);
    const [teamCustomer, ownCustomer] = await authorHandles(benX);
    await send(ana.dashboard, 'notes.add', { ref: { handle: teamCustomer! }, displayName: 'T', text: 'team note' });
    await send(ben.dashboard, 'notes.add', { ref: { handle: ownCustomer! }, displayName: 'O', text: 'written in the team' });
    await expectAllSent(ben);
    await expect.poll(() => badgeOf(benX, teamCustomer!).count(), { timeout: 10_000 }).toBe(1);

    // The Team tab, as a person would leave: the button, then the confirmation. The dashboard
    // reads the team's book itself until it reloads onto the personal one.
    await ben.dashboard.goto(ben.dashboard.url().replace(/#.*$/, '') + '#team');
    await ben.dashboard.getByRole('button', { name: 'Leave team' }).click();
    await reloadedBy(ben.dashboard, () => ben.dashboard.getByRole('button', { name: 'Yes, leave the team' }).click(), 15_000);
    expect((await ben.status()).state).toBe('none');
    expect(await customerOf(ben, teamCustomer!)).toBeNull();
    expect(await customerOf(ben, ownCustomer!)).toBeNull();
    expect((await customerOf(ben, 'bens_own'))?.notes.map((n) => n.text)).toEqual(['personal note']);
    const databases = await ben.dashboard.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(databases.filter((n) => n?.includes(team.teamId))).toEqual([]);
    // The open X tab follows: the team's customers lose their badges.
    await expect.poll(() => badgeOf(benX, teamCustomer!).count(), { timeout: 10_000 }).toBe(0);

    // The team keeps what he wrote while in it.
    expect((await customerOf(ana, ownCustomer!))?.notes.map((n) => n.text)).toEqual(['written in the team']);
    expect((await ana.status()).state).toBe('connected');
  });

  it('joins from the Team tab, bringing the person’s own customers and replies, which the team then sees', async () => {
    const admin = adminClient(desk.server().url, desk.server().adminToken);
    const team = await admin.createTeam('Northwind support');
    const ana = await joinedMember(desk.server().url, team.invite, 'Ana');
    desk.keep(ana);
    const session = await launchWithExtension();
    desk.keep({ close: () => session.close() } as TeamMember);
    await blockExternalNetwork(session.context, { allow: (url) => url.host === new URL(desk.server().url).host });
    const page = await session.openExtensionPage('dashboard.html#team');
    await send(page, 'notes.add', { ref: { handle: 'brought_along' }, displayName: 'B', text: 'from my own book' });
    await send(page, 'templates.save', { draft: { title: 'My own reply', body: 'Thanks!', tags: [] } });
    await page.reload();

    await page.getByLabel('Server address').fill(desk.server().url);
    await page.getByLabel('Invite').fill(await admin.createInvite(team.teamId));
    await page.getByLabel('Your name').fill('Ben');
    await page.getByLabel('Also bring my 1 customer and canned replies into the team').check();
    await page.getByRole('button', { name: 'Join' }).click();
    await page.locator('[data-team-state="connected"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('[data-team-pending]').getAttribute('data-team-pending'), { timeout: 15_000 }).toBe('0');

    await expect.poll(async () => (await customerOf(ana, 'brought_along'))?.notes.map((n) => `${n.author}: ${n.text}`), { timeout: 10_000 }).toEqual(['Ben: from my own book']);
    await expect
      .poll(async () => (await send<{ templates: { title: string }[] }>(ana.dashboard, 'templates.list', {})).templates.map((t) => t.title), { timeout: 10_000 })
      .toEqual(['My own reply']);
  });

  it('loses nothing when the worker is stopped right after a write', async () => {
    const [ana, ben] = await anaAndBen();
    const handle = 'stopped_worker';
    // Acknowledged from the local book, then the worker dies before or while sending it.
    await send(ana.dashboard, 'notes.add', { ref: { handle }, displayName: 'Stopped', text: 'written just before the stop' });
    await stopServiceWorker(ana.session);
    // Any event starts the worker again; it carries on with what it had not sent.
    await expect.poll(async () => (await ana.status()).state, { timeout: 15_000 }).toBe('connected');
    await expect
      .poll(async () => (await customerOf(ben, handle))?.notes.map((n) => n.text), { timeout: 15_000 })
      .toEqual(['written just before the stop']);
    await expectAllSent(ana);

    // What the team wrote while a member's worker was stopped reaches it once it runs again.
    await stopServiceWorker(ben.session);
    await send(ana.dashboard, 'notes.add', { ref: { handle: 'while_ben_slept' }, displayName: 'W', text: 'news from Ana' });
    await expectAllSent(ana);
    await expect
      .poll(async () => (await customerOf(ben, 'while_ben_slept'))?.notes.map((n) => n.text), { timeout: 15_000 })
      .toEqual(['news from Ana']);
  });
});
