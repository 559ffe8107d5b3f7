// The timeline with team mode on (`BENCH_TIMELINE_TEAM=1`, bench/README.md "timeline"): the bench's
// browser joins a team on a real server process holding 10,000 customers of data.ts, the stream's
// authors are drawn from them, and when the timeline is done the browser leaves the team again
// (its personal book, the restored 100,000, is in use again).
import type { ExtensionSession } from '../tests/e2e/support/extension';
import { send } from '../tests/e2e/support/seed';
import { seedTeamCustomers, waitForIndex } from '../tests/e2e/support/team-seed';
import { adminClient, joinTeam } from '../tests/server/support/api';
import { startServerProcess } from '../tests/server/support/server-process';
import { customerHandle, customerWithHistory } from './data';
import { sleep } from './stats';
import { sendJoin, until } from './team-browser';

export const TIMELINE_TEAM_CUSTOMERS = 10_000;

/** Seeds the team, joins it from `session`'s dashboard, and waits until every customer answers. */
export async function joinTeamForTimeline(session: ExtensionSession, log: (line: string) => void): Promise<{ leave(): Promise<void> }> {
  const server = await startServerProcess();
  try {
    // The blocker the bench installed lets nothing out; the team server is on loopback.
    const host = new URL(server.url).host;
    await session.context.route((url) => url.host === host, (route) => route.continue());
    const admin = adminClient(server.url, server.adminToken);
    const team = await admin.createTeam('Timeline');
    const seeder = await joinTeam(server.url, team.invite, 'Seeder');
    const started = performance.now();
    await seedTeamCustomers({ wsUrl: server.wsUrl, token: seeder.token, teamId: team.teamId, count: TIMELINE_TEAM_CUSTOMERS, customerAt: (i) => customerWithHistory(i, Date.now()) });
    await waitForIndex(server.wsUrl, seeder.token, team.teamId, TIMELINE_TEAM_CUSTOMERS);

    const dashboard = await session.openExtensionPage('dashboard.html');
    await sendJoin(dashboard, server.url, await admin.createInvite(team.teamId), 'Timeline');
    await dashboard.waitForLoadState('load');
    await until('the team to be connected', async () => (await send<{ state: string }>(dashboard, 'team.status', {})).state === 'connected', 60_000);
    const refs = Array.from({ length: TIMELINE_TEAM_CUSTOMERS }, (_, i) => ({ handle: customerHandle(i) }));
    await until(
      `all ${TIMELINE_TEAM_CUSTOMERS} customers in the team's book`,
      async () => {
        for (let i = 0; i < refs.length; i += 500) {
          const { summaries } = await send<{ summaries: Record<string, unknown> }>(dashboard, 'customers.lookup', { refs: refs.slice(i, i + 500) });
          if (Object.values(summaries).some((s) => !s)) return false;
        }
        return true;
      },
      180_000,
    );
    log(`  team mode: joined a team of ${TIMELINE_TEAM_CUSTOMERS.toLocaleString('en-US')} customers on ${server.url} (seeded and joined in ${((performance.now() - started) / 1000).toFixed(1)} s); the stream's customers are theirs`);
    return {
      async leave() {
        try {
          // Bounded: the figures are taken; a leave that hangs must not hold the run (one did once).
          const left = send(dashboard, 'team.leave', {}).then(
            () => true,
            (error: Error) => /Execution context was destroyed|Target page, context or browser has been closed/.test(error.message),
          );
          if (!(await Promise.race([left, sleep(20_000).then(() => false)]))) log('  team mode: team.leave did not answer within 20 s; the team server is stopped anyway');
          await dashboard.close().catch(() => undefined);
        } finally {
          await server.stop();
          server.cleanup();
        }
      },
    };
  } catch (error) {
    await server.stop().catch(() => undefined);
    server.cleanup();
    throw error;
  }
}
