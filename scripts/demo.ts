// `npm run demo`: a support team of two on an offline x.com replica. Starts a local team server
// (embedded storage in a temporary folder), then opens two Chromium windows with the built
// extension, Ana's and Ben's, both joined to one team. Ana's Handlebook first gets two weeks of
// the desk's history (tests/e2e/support/demo-desk.ts) by restoring it as a backup through the
// dashboard, and brings it into the team as she joins; Ben's timeline, cards and overview show
// the same history a moment later. Ana then assigns cases and writes a note as a team member.
// With a display the windows stay open until both are closed; on a headless machine it saves
// screenshots to demo-screenshots/, prints the figures the pages show (one JSON line after
// "Demo figures: ") and exits. DEMO_HEADLESS=1 forces the headless run and DEMO_OUT picks the
// folder (the e2e test of this script uses both).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { adminClient } from '../tests/server/support/api';
import { startServerProcess } from '../tests/server/support/server-process';
import { badgeOf, openCard, openX } from '../tests/e2e/support/x-page';
import { DEMO_CUSTOMERS, demoAccount, writeDemoBackup } from '../tests/e2e/support/demo-desk';
import { restoreBackupThroughDashboard } from '../tests/e2e/support/restore-backup';
import { send } from '../tests/e2e/support/seed';
import { joinedMember, type TeamMember } from '../tests/e2e/support/team';
import { REPLICA_URLS } from '../tests/e2e/support/replica-x';
import { REPLICA_NOW } from '../tests/fixtures/x/data';

const headless = process.env.DEMO_HEADLESS === '1' || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
const OUT = process.env.DEMO_OUT ?? 'demo-screenshots';
const TRIAGE = '[data-handlebook="triage"]';
/** The customer first on the replica's home timeline. */
const FIRST = 'priya_codes';

async function main() {
  const server = await startServerProcess();
  const members: TeamMember[] = [];
  try {
    const admin = adminClient(server.url, server.adminToken);
    const team = await admin.createTeam('Northwind support');
    // The desk is written relative to now, and the replica's tweets are served at the real clock.
    const now = Date.now();
    const backup = await writeDemoBackup(now);
    const replica = { timeShiftMs: now - Date.parse(REPLICA_NOW) };
    const ana = await joinedMember(server.url, team.invite, 'Ana', {
      headless,
      replica,
      bringPersonal: true,
      before: async (page) => {
        await restoreBackupThroughDashboard(page, backup);
      },
    });
    members.push(ana);
    const ben = await joinedMember(server.url, await admin.createInvite(team.teamId), 'Ben', { headless, replica });
    members.push(ben);

    // As team members: Ana hands cases out and leaves a note for Ben.
    const benId = (await ben.status()).memberId!;
    for (const c of DEMO_CUSTOMERS.filter((c) => c.owner)) {
      await send(ana.dashboard, 'customers.assign', { ...demoAccount(c.handle), to: c.owner === 'Ana' ? 'me' : benId });
    }
    await send(ana.dashboard, 'notes.add', { ...demoAccount(FIRST), text: 'Pallet leaves Monday: Ben, call Priya if the courier has not collected it by noon.' });

    const anaX = await openX(ana.session.context, REPLICA_URLS.home);
    await badgeOf(anaX, FIRST).waitFor({ timeout: 30_000 });
    // Ben never touched them: his timeline shows them once the team server brought them.
    const benX = await openX(ben.session.context, REPLICA_URLS.home);
    await badgeOf(benX, FIRST).waitFor({ timeout: 30_000 });

    if (!headless) {
      console.log(`Handlebook demo: Ana's and Ben's windows share one team (server ${server.url}). Close both windows to finish.`);
      await Promise.all(members.map((m) => new Promise((resolve) => m.session.context.on('close', resolve))));
      return;
    }
    mkdirSync(OUT, { recursive: true });
    await anaX.screenshot({ path: `${OUT}/1-home-badges.png` });
    await openCard(anaX, FIRST);
    // The card's timeline: two weeks of tweets, replies and the assignment.
    await anaX.locator('.hb-history').evaluate((history) => history.scrollIntoView({ block: 'start' }));
    await anaX.screenshot({ path: `${OUT}/2-customer-card.png` });
    await showDashboard(ana.dashboard, '', ['tr[data-customer]']);
    await ana.dashboard.screenshot({ path: `${OUT}/3-dashboard.png` });
    await showDashboard(ana.dashboard, '#overview', ['[data-team-workload] tbody tr']);
    const anaOverview = await overviewFigures(ana.dashboard);
    await ana.dashboard.screenshot({ path: `${OUT}/4-overview.png`, fullPage: true });
    const notifications = await openX(ana.session.context, 'https://x.com/notifications/mentions');
    await notifications.waitForSelector(`${TRIAGE}[data-answered]`);
    const triage = {
      answered: await notifications.locator(`${TRIAGE}[data-answered="true"]`).count(),
      unanswered: await notifications.locator(`${TRIAGE}[data-answered="false"]`).count(),
    };
    await notifications.screenshot({ path: `${OUT}/5-notifications-triage.png` });
    await benX.screenshot({ path: `${OUT}/6-team-ben-home.png` });
    await openCard(benX, FIRST);
    await benX.locator('.hb-note-author').first().waitFor();
    await benX.screenshot({ path: `${OUT}/7-team-ben-card.png` });
    await showDashboard(ben.dashboard, '#team', ['[data-team-state="connected"]', '[data-member-id]']);
    await ben.dashboard.screenshot({ path: `${OUT}/8-team-tab.png` });
    await showDashboard(ben.dashboard, '', ['tr[data-customer]']);
    const benCustomers = await ben.dashboard.locator('tr[data-customer]').count();
    await showDashboard(ben.dashboard, '#overview', ['[data-team-workload] tbody tr']);
    const benOverview = await overviewFigures(ben.dashboard);
    console.log(`Demo figures: ${JSON.stringify({ ana: { overview: anaOverview, triage }, ben: { overview: benOverview, customers: benCustomers } })}`);
    console.log(`No display found: screenshots written to ${OUT}/`);
  } finally {
    for (const m of members) await m.close().catch(() => undefined);
    await server.stop();
    server.cleanup();
  }
}

async function showDashboard(page: Page, hash: string, ready: string[]): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, '') + hash);
  for (const selector of ready) await page.waitForSelector(selector, { timeout: 15_000 });
}

/** The overview's figures as the page shows them, once loaded (a value is '…' while loading). */
async function overviewFigures(page: Page) {
  const stat = async (title: string) => {
    const value = page.locator('section.hb-stat', { has: page.getByRole('heading', { name: title, exact: true }) }).locator('.hb-stat-value');
    for (let tries = 0; (await value.textContent()) === '…' && tries < 100; tries++) await page.waitForTimeout(100);
    return (await value.textContent()) ?? '';
  };
  return {
    openCases: await stat('Open cases'),
    firstResponse: await stat('First response, last 7 days'),
    pastTarget: await stat('Past target'),
    answeredWithinTarget: await stat('Answered within target, last 7 days'),
    workload: await page.locator('[data-team-workload] tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const [owner, open, waiting, firstResponse] = [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { owner, open, waiting, firstResponse };
      }),
    ),
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
