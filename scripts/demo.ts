// `npm run demo`: a support team of two on an offline x.com replica. Starts a local team server
// (embedded storage in a temporary folder), then opens two Chromium windows with the built
// extension, Ana's and Ben's, both joined to one team. Ana's Handlebook gets the sample desk;
// Ben's timeline shows the same customers a moment later, with Ana's notes. With a display the
// windows stay open until both are closed; on a headless machine it saves screenshots of both to
// demo-screenshots/ and exits. DEMO_HEADLESS=1 forces the headless run and DEMO_OUT picks the
// folder (the e2e test of this script uses both).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { adminClient } from '../tests/server/support/api';
import { startServerProcess } from '../tests/server/support/server-process';
import { BADGE, badgeOf, openCard, openX } from '../tests/e2e/support/x-page';
import { seedSampleDesk } from '../tests/e2e/support/sample-desk';
import { joinedMember, type TeamMember } from '../tests/e2e/support/team';

const headless = process.env.DEMO_HEADLESS === '1' || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
const OUT = process.env.DEMO_OUT ?? 'demo-screenshots';

async function main() {
  const server = await startServerProcess();
  const members: TeamMember[] = [];
  try {
    const admin = adminClient(server.url, server.adminToken);
    const team = await admin.createTeam('Northwind support');
    const ana = await joinedMember(server.url, team.invite, 'Ana', { headless });
    const ben = await joinedMember(server.url, await admin.createInvite(team.teamId), 'Ben', { headless });
    members.push(ana, ben);

    const anaX = await openX(ana.session.context, 'https://x.com/home');
    // The sample desk (lib/sample/desk.ts), written by Ana: customers from the timeline's top.
    const handles = await seedSampleDesk(ana.session);
    await anaX.reload();
    await anaX.waitForSelector(BADGE);
    // Ben never touched them: his timeline shows them once the team server brought them.
    const benX = await openX(ben.session.context, 'https://x.com/home');
    await badgeOf(benX, handles[0]!).waitFor({ timeout: 30_000 });

    if (!headless) {
      console.log(`Handlebook demo: Ana's and Ben's windows share one team (server ${server.url}). Close both windows to finish.`);
      await Promise.all(members.map((m) => new Promise((resolve) => m.session.context.on('close', resolve))));
      return;
    }
    mkdirSync(OUT, { recursive: true });
    await anaX.screenshot({ path: `${OUT}/1-home-badges.png` });
    await anaX.locator(BADGE).first().click();
    await anaX.getByRole('dialog').waitFor();
    await anaX.screenshot({ path: `${OUT}/2-customer-card.png` });
    await screenshotDashboard(ana.dashboard, '', `${OUT}/3-dashboard.png`, ['tr[data-customer]']);
    await benX.screenshot({ path: `${OUT}/4-team-ben-home.png` });
    await openCard(benX, handles[0]!);
    await benX.locator('.hb-note-author').first().waitFor();
    await benX.screenshot({ path: `${OUT}/5-team-ben-card.png` });
    await screenshotDashboard(ben.dashboard, '#team', `${OUT}/6-team-tab.png`, ['[data-team-state="connected"]', '[data-member-id]']);
    console.log(`No display found: screenshots written to ${OUT}/`);
  } finally {
    for (const m of members) await m.close().catch(() => undefined);
    await server.stop();
    server.cleanup();
  }
}

async function screenshotDashboard(page: Page, hash: string, path: string, ready: string[]): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, '') + hash);
  for (const selector of ready) await page.waitForSelector(selector, { timeout: 15_000 });
  await page.screenshot({ path });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
