// The team section of `npm run bench` (bench/README.md, "Team"): a real team server process
// (embedded PGlite storage, as `npm run server` runs by default), people in their own Chromium
// profiles with the built extension, and Node clients for the seeding and the baselines.
//
// 1. propagation: a note added in A's browser until B's open card lists it, 50 edits; the same
//    50 edits between two Node clients as the baseline (the server's share alone).
// 2. join: a team seeded with 10,000 customers (50,000 interactions) through the server; a fresh
//    browser joins and every customer must answer customers.lookup; the baseline is one Node
//    client fetching all 10,000 documents. 100,000 only when the 10,000 run says it fits.
// 3. memory: the server's RSS per connected member, 50 Node members.
import type { Page } from 'playwright-core';
import { bundlePageScript } from './bundle';
import { customerHandle, customerUserId, customerWithHistory, lookupBatches } from './data';
import { BATCH, lookupBatchesNeeded, timeColdLookups, timeWarmLookups } from './lookup';
import { median, percentile } from './stats';
import { adminClient, joinTeam } from '../tests/server/support/api';
import { startServerProcess, type ServerProcess } from '../tests/server/support/server-process';
import { seedTeamCustomers, waitForIndex } from '../tests/e2e/support/team-seed';
import { browserJoin, browserPropagation, member, type BrowserMember, type JoinResult } from './team-browser';
import { nodeFetchAll, nodePropagation, rssMB, serverMemory, waitForQuietProcess } from './team-node';

export interface TeamFigures {
  edits: number;
  propagationP50Ms: number;
  propagationP95Ms: number;
  propagationMaxMs: number;
  nodePropagationP95Ms: number;
  customers: number;
  interactions: number;
  seedMs: number;
  nodeFetchMs: number;
  joinMs: number;
  /** Customers answering when joinMs was taken: fewer than `customers` when the join did not finish in time. */
  joinAnswered: number;
  /** customers.lookup in the browser that joined, team mode on (its 10,000 customers), as lookup.ts times it. */
  lookupP95Ms: number;
  lookupColdMs: number;
  /** The same join with 100,000 customers (500,000 interactions): only with BENCH_TEAM_LARGE=1
   *  or when the 10,000 run predicts it fits; null otherwise. */
  largeJoinMs: number;
  members: number;
  serverMBPerMember: number;
}

export const TEAM_EDITS = 50;
export const TEAM_CUSTOMERS = 10_000;
const LARGE_CUSTOMERS = 100_000;
/** The 100,000 run is made only if the 10,000 run says it takes at most this long. */
const LARGE_BUDGET_MS = 4 * 60_000;
/** How long the join may take before it is reported as not finished. */
const JOIN_TIMEOUT_MS = 150_000;
const MEMORY_MEMBERS = 50;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (v: number) => v.toLocaleString('en-US');

type Figures = { [K in keyof TeamFigures]: TeamFigures[K] | null };

export async function benchTeam(log: (line: string) => void, figures: Figures): Promise<void> {
  const server = await startServerProcess();
  const admin = adminClient(server.url, server.adminToken);
  log(`  team server pid ${server.pid} at ${server.url} (embedded PGlite), ${rssMB(server.pid).toFixed(0)} MB resident at start`);
  try {
    // Memory first, on the fresh process: after the seeding and the join its heap has grown and
    // kept its free space, and 50 members fit in it without the RSS moving at all (a first try:
    // 410 MB before and after).
    await memory(server, admin, log, figures);
    await propagation(server, admin, log, figures);
    await join(server, admin, log, figures);
  } finally {
    await server.stop();
    server.cleanup();
  }
}

async function memory(server: ServerProcess, admin: ReturnType<typeof adminClient>, log: (line: string) => void, figures: Figures): Promise<void> {
  // A team with a few hundred customers, so each member opens customer documents of its own.
  const team = await seed(server, admin, 3 * (MEMORY_MEMBERS + 1), () => undefined);
  const keys = Array.from({ length: 3 * (MEMORY_MEMBERS + 1) }, (_, i) => customerWithHistory(i, 0).customer.key);
  const mem = await serverMemory(server, admin, team.teamId, keys, { members: MEMORY_MEMBERS });
  figures.members = mem.members;
  figures.serverMBPerMember = mem.mbPerMember;
  log(
    `  memory: server RSS ${mem.idleMB.toFixed(0)} MB idle (after seeding ${n(keys.length)} customers), ${mem.loadedMB.toFixed(1)} MB with one member connected (the shared index, members and replies documents loaded), ` +
      `${mem.afterMB.toFixed(1)} MB with ${mem.members} more (each: one socket, index + members + replies + 3 customer documents of its own; connected in ${s(mem.connectMs)}): ` +
      `${mem.mbPerMember.toFixed(2)} MB per member`,
  );
}

async function propagation(server: ServerProcess, admin: ReturnType<typeof adminClient>, log: (line: string) => void, figures: Figures): Promise<void> {
  // A team of its own, empty: the edits are not measured while a join fills a book.
  const team = await admin.createTeam('Propagation');
  const members: BrowserMember[] = [];
  try {
    members.push(await member(server.url, team.invite, 'Ana'));
    members.push(await member(server.url, await admin.createInvite(team.teamId), 'Ben'));
    const r = await browserPropagation(members[0]!, members[1]!, TEAM_EDITS, log);
    Object.assign(figures, { edits: r.edits, propagationP50Ms: r.p50, propagationP95Ms: r.p95, propagationMaxMs: r.max });
    log(
      `  browser to browser, ${r.edits} notes (notes.add in A's dashboard until B's open card on the replica timeline lists it, @${r.handle}): ` +
        `p50 ${r.p50.toFixed(0)} / p95 ${r.p95.toFixed(0)} / max ${r.max.toFixed(0)} ms${r.lost ? `, ${r.lost} never shown (counted as 15 s)` : ''}; notes.add's own round trip in A ${r.addMedianMs.toFixed(1)} ms median`,
    );
  } finally {
    for (const m of members) await m.close().catch(() => undefined);
  }
  const tokens = [
    (await joinTeam(server.url, await admin.createInvite(team.teamId), 'Node A')).token,
    (await joinTeam(server.url, await admin.createInvite(team.teamId), 'Node B')).token,
  ] as [string, string];
  const base = await nodePropagation(server.wsUrl, team.teamId, tokens, TEAM_EDITS);
  figures.nodePropagationP95Ms = base.p95;
  log(`  baseline, Node client to Node client (same server, same document open on both): p50 ${base.p50.toFixed(1)} / p95 ${base.p95.toFixed(1)} / max ${base.max.toFixed(1)} ms`);
}

interface SeededTeam {
  teamId: string;
  invite: string;
  seedMs: number;
  interactions: number;
}

async function seed(server: ServerProcess, admin: ReturnType<typeof adminClient>, count: number, log: (line: string) => void): Promise<SeededTeam & { token: string; indexMs: number }> {
  const team = await admin.createTeam(`Seeded ${n(count)}`);
  const seeder = await joinTeam(server.url, team.invite, 'Seeder');
  const now = Date.now();
  const started = performance.now();
  const r = await seedTeamCustomers({
    wsUrl: server.wsUrl,
    token: seeder.token,
    teamId: team.teamId,
    count,
    customerAt: (i) => customerWithHistory(i, now),
    onProgress: (done) => done % (count / 5) === 0 && log(`    seeded ${n(done)} at ${s(performance.now() - started)}`),
  });
  const seedMs = performance.now() - started;
  const indexMs = await waitForIndex(server.wsUrl, seeder.token, team.teamId, count);
  // The server stores what it was sent a little later (debounced): not during the join.
  const quietMs = await waitForQuietProcess(server.pid);
  log(
    `  seeded ${n(r.customers)} customers + ${n(r.interactions)} interactions through the server in ${s(seedMs)} (${n(Math.round(r.customers / (seedMs / 1000)))} customers/s; 4 Node sockets × 48 documents in flight); ` +
      `index complete ${indexMs.toFixed(0)} ms later, server quiet after ${s(quietMs)}; server RSS ${rssMB(server.pid).toFixed(0)} MB`,
  );
  return { teamId: team.teamId, invite: await admin.createInvite(team.teamId), seedMs, interactions: r.interactions, token: seeder.token, indexMs };
}

const refsOf = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const userId = customerUserId(i);
    return userId ? { handle: customerHandle(i), userId } : { handle: customerHandle(i) };
  });

/** customers.lookup timed in the joined browser as the lookup section times it (lookup.ts). */
async function teamModeLookups(tools: Page): Promise<{ ms: number[]; found: number; cold: number[] }> {
  await tools.evaluate(await bundlePageScript('extension-tools.ts'));
  const batches = lookupBatches(lookupBatchesNeeded, BATCH, 13, TEAM_CUSTOMERS);
  const warm = await timeWarmLookups(tools, batches);
  return { ...warm, cold: await timeColdLookups(tools, batches) };
}

function describeJoin(j: JoinResult, count: number): string {
  const tenths = j.tenths.map((t, i) => `${(i + 1) * 10} % ${t === null ? '—' : s(t)}`).join(', ');
  return (
    `${j.done ? s(j.ms) : `NOT DONE: ${n(j.found)} of ${n(count)} answered, ${n(j.docs)} documents stored, after ${s(j.ms)}`} ` +
    `(team.join answered or the dashboard reloaded at ${j.joinReplyMs.toFixed(0)} ms; documents stored in the team's book: ${tenths}; then ${j.passes} lookup pass(es))`
  );
}

/** Seeds the 10,000-customer team and measures the join. */
async function join(server: ServerProcess, admin: ReturnType<typeof adminClient>, log: (line: string) => void, figures: Figures): Promise<void> {
  const team = await seed(server, admin, TEAM_CUSTOMERS, log);
  Object.assign(figures, { customers: TEAM_CUSTOMERS, interactions: team.interactions, seedMs: team.seedMs });
  const keys = Array.from({ length: TEAM_CUSTOMERS }, (_, i) => customerWithHistory(i, 0).customer.key);
  const fetch = await nodeFetchAll(server.wsUrl, team.token, team.teamId, keys);
  figures.nodeFetchMs = fetch.ms;
  log(`  baseline: one Node client (one socket, 48 documents at once as the worker) fetched all ${n(TEAM_CUSTOMERS)} documents (${(fetch.bytes / 1024 / 1024).toFixed(1)} MB of Yjs state) in ${s(fetch.ms)}`);
  await waitForQuietProcess(server.pid);

  const j = await browserJoin(server.url, team.teamId, team.invite, refsOf(TEAM_CUSTOMERS), JOIN_TIMEOUT_MS, teamModeLookups);
  // Not finished in time: the time is a lower bound (joinAnswered < customers says so).
  figures.joinMs = j.ms;
  figures.joinAnswered = j.found;
  log(`  join: a fresh browser joins the team of ${n(TEAM_CUSTOMERS)}; every customer answers customers.lookup after ${describeJoin(j, TEAM_CUSTOMERS)}`);
  if (j.after) {
    const { ms, found, cold } = j.after;
    figures.lookupP95Ms = percentile(ms, 95);
    figures.lookupColdMs = median(cold);
    log(
      `  lookup in team mode (that browser, connected; batches of ${BATCH} as in the lookup section, ${found} customers found): ` +
        `p50 ${median(ms).toFixed(2)} / p95 ${percentile(ms, 95).toFixed(2)} / max ${Math.max(...ms).toFixed(2)} ms; cold ${cold.map((v) => v.toFixed(1)).join(', ')} ms (median reported)`,
    );
  }

  // 100,000 customers / 500,000 interactions, only if it fits.
  const factor = LARGE_CUSTOMERS / TEAM_CUSTOMERS;
  const estimate = factor * (team.seedMs + team.indexMs + j.ms);
  // BENCH_TEAM_LARGE=1 runs it whatever the estimate, =0 never.
  const large = process.env.BENCH_TEAM_LARGE;
  if (large === '0' || (large !== '1' && estimate > LARGE_BUDGET_MS)) {
    log(
      `  ${n(LARGE_CUSTOMERS)} customers / ${n(LARGE_CUSTOMERS * 5)} interactions: not run (extrapolated from ${n(TEAM_CUSTOMERS)}, linearly): ` +
        `seeding ~${s(factor * team.seedMs)}, join ~${j.done ? '' : 'more than '}${s(factor * j.ms)}, over the ${s(LARGE_BUDGET_MS)} allowed (BENCH_TEAM_LARGE=1 runs it)`,
    );
  } else {
    const big = await seed(server, admin, LARGE_CUSTOMERS, log);
    const lj = await browserJoin(server.url, big.teamId, big.invite, refsOf(LARGE_CUSTOMERS), Math.max(JOIN_TIMEOUT_MS, estimate));
    figures.largeJoinMs = lj.done ? lj.ms : null;
    log(`  join of ${n(LARGE_CUSTOMERS)} (no target): ${describeJoin(lj, LARGE_CUSTOMERS)}`);
  }
}
