// The team's load run (bench/README.md, "Team load"): `members` simulated members
// (bench/team-load-members.ts: Node clients of the real provider behaving as the worker does),
// each writing one change a second and keeping presence, for `seconds`, against one server
// instance (embedded PGlite, as `npm run server`) or two behind Redis (Postgres storage).
// Prints propagation and presence times, lost updates, the servers' CPU and memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as Y from 'yjs';
import { customerWithHistory } from './data';
import { NOTES } from '../lib/team/customer-doc';
import { customerDocName } from '../lib/team/doc-names';
import { adminClient, joinTeam } from '../tests/server/support/api';
import { startPostgres } from '../tests/server/support/postgres';
import { startRedis } from '../tests/server/support/redis';
import { startServerProcess, type ServerProcess } from '../tests/server/support/server-process';
import { attachDoc, memberSocket, pool, seedTeamCustomers, waitForIndex } from '../tests/e2e/support/team-seed';
import type { LoadInput, LoadOutput } from './team-load-members';
import { cpuMs, rssMB, spread, type Spread } from './team-node';

export interface LoadFigures {
  members: number;
  seconds: number;
  changesPerSecond: number;
  propagation: Spread;
  presence: Spread;
  /** Acknowledged notes an instance does not serve afterwards (target 0). */
  lost: number;
  /** Notes still not acknowledged after the settling time and a reopening: the backlog, not counted as lost. */
  unacknowledged: number;
  /** Of those, how many no instance serves (the rest arrived; only their acknowledgement did not). */
  unacknowledgedMissing: number;
  /**
   * Documents whose changes were still unacknowledged 30 s after the writing, opened again (as
   * the extension does at its next connection): `unacknowledged` counts what even that left.
   */
  reopenedDocuments: number;
  /** Every instance's CPU over the writing, % of one core (summed over instances). */
  serverCpuPercent: number;
  /** The largest resident memory an instance reached, MB. */
  serverPeakMB: number;
  /**
   * The simulated members' processes' CPU over the writing, % of one core (summed). They share
   * the machine with the servers: when servers and members together near 100 % per core, the
   * figures measure this machine's cores, not the server.
   */
  membersCpuPercent: number;
}

/** Processes the members are spread over (so their own work uses both cores, as browsers would). */
const PROCESSES = 4;
const CUSTOMERS = 100;

/**
 * BENCH_LOAD_PROFILE=<dir>: every server instance and members process writes a V8 CPU profile
 * there when it exits (open them in Chrome's DevTools, Performance panel): how the figures in
 * bench/README.md's "Team load" were explained.
 */
const profileDir = process.env.BENCH_LOAD_PROFILE;
const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];

export async function loadRun(
  log: (line: string) => void,
  { members, seconds, instances }: { members: number; seconds: number; instances: 1 | 2 },
): Promise<LoadFigures> {
  const stack = await startServers(instances);
  const work = mkdtempSync(join(tmpdir(), 'handlebook-load-'));
  const children: ChildProcess[] = [];
  try {
    const [first] = stack.servers;
    const admin = adminClient(first!.url, first!.adminToken);
    const team = await admin.createTeam('Load');
    const joined: LoadInput['members'] = [];
    for (let n = 0; n < members; n++) {
      const server = stack.servers[n % stack.servers.length]!;
      const invite = n === 0 ? team.invite : await admin.createInvite(team.teamId, 'agent');
      const j = await joinTeam(server.url, invite, `Agent ${n + 1}`);
      joined.push({ wsUrl: server.wsUrl, token: j.token, memberId: j.memberId, name: `Agent ${n + 1}` });
    }
    const seeded = Array.from({ length: CUSTOMERS }, (_, i) => customerWithHistory(i, Date.now()));
    await seedTeamCustomers({ wsUrl: first!.wsUrl, token: joined[0]!.token, teamId: team.teamId, count: CUSTOMERS, customerAt: (i) => seeded[i]! });
    await waitForIndex(first!.wsUrl, joined[0]!.token, team.teamId, CUSTOMERS);
    const customers = seeded.map(({ customer }) => ({ key: customer.key, handle: customer.handleLower }));

    // The members, spread over PROCESSES processes; each says "ready" once its books are complete.
    const outputs: string[] = [];
    const ready: Promise<void>[] = [];
    for (let p = 0; p < PROCESSES; p++) {
      const input: LoadInput = { teamId: team.teamId, members: joined.filter((_, n) => n % PROCESSES === p), customers, writeEveryMs: 1_000, switchEvery: 10 };
      const inputPath = join(work, `in-${p}.json`);
      const outputPath = join(work, `out-${p}.json`);
      writeFileSync(inputPath, JSON.stringify(input));
      outputs.push(outputPath);
      const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', resolve(import.meta.dirname, 'team-load-members.ts'), inputPath, outputPath], { stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(child);
      ready.push(
        new Promise((done, fail) => {
          child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && done());
          child.on('exit', (code) => fail(new Error(`members process ${p} exited (${code}) before it was ready`)));
        }),
      );
    }
    const readyStarted = performance.now();
    await Promise.all(ready);
    log(`    ${members} members connected, every book complete, in ${((performance.now() - readyStarted) / 1000).toFixed(1)} s`);

    const startAt = Date.now() + 500;
    const stopAt = startAt + seconds * 1_000;
    const cpuBefore = stack.servers.map((s) => cpuMs(s.pid));
    const membersCpuBefore = children.map((child) => cpuMs(child.pid!));
    let peakMB = 0;
    const sampler = setInterval(() => {
      for (const s of stack.servers) peakMB = Math.max(peakMB, rssMB(s.pid));
    }, 1_000);
    const finished = children.map((child) => new Promise<number | null>((done) => child.on('exit', done)));
    for (const child of children) child.stdin!.write(`go ${startAt} ${stopAt}\n`);
    await new Promise((done) => setTimeout(done, stopAt - Date.now()));
    const cpuAfter = stack.servers.map((s) => cpuMs(s.pid));
    const membersCpuAfter = children.map((child) => cpuMs(child.pid!));
    clearInterval(sampler);
    const codes = await Promise.all(finished);
    if (codes.some((c) => c !== 0)) throw new Error(`a members process failed: exit codes ${codes.join(', ')}`);

    const results = outputs.map((path) => JSON.parse(readFileSync(path, 'utf8')) as LoadOutput);
    const written = results.flatMap((r) => r.written);
    const errors = results.flatMap((r) => r.errors);
    if (errors.length) log(`    errors in the members: ${errors.length} (${errors.slice(0, 3).join('; ')})`);
    // Lost: a note acknowledged to its writer that an instance does not serve afterwards.
    let lost = 0;
    for (const server of stack.servers) lost = Math.max(lost, await missingNotes(server, joined[0]!.token, team.teamId, written));
    const unacknowledged = results.flatMap((r) => r.unacknowledged);
    let unacknowledgedMissing = 0;
    for (const server of stack.servers) unacknowledgedMissing = Math.max(unacknowledgedMissing, await missingNotes(server, joined[0]!.token, team.teamId, unacknowledged));
    const cpu = cpuAfter.reduce((sum, after, i) => sum + (after - cpuBefore[i]!), 0) / (seconds * 1_000) * 100;
    return {
      members,
      seconds,
      changesPerSecond: (written.length + unacknowledged.length) / seconds,
      propagation: spread(results.flatMap((r) => r.propagationMs)),
      presence: spread(results.flatMap((r) => r.presenceMs)),
      lost,
      unacknowledged: unacknowledged.length,
      unacknowledgedMissing,
      reopenedDocuments: results.reduce((sum, r) => sum + r.unacknowledgedAtFirst, 0),
      serverCpuPercent: cpu,
      serverPeakMB: peakMB,
      membersCpuPercent: (membersCpuAfter.reduce((sum, after, i) => sum + (after - membersCpuBefore[i]!), 0) / (seconds * 1_000)) * 100,
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    await stack.stop();
  }
}

/** How many of `written` (customer key, note id) the server does not hold. */
async function missingNotes(server: ServerProcess, token: string, teamId: string, written: [string, string][]): Promise<number> {
  // No socket for nothing to check: closing one before it connected is an error of its own.
  if (!written.length) return 0;
  const byKey = new Map<string, string[]>();
  for (const [key, id] of written) byKey.set(key, [...(byKey.get(key) ?? []), id]);
  const socket = memberSocket(server.wsUrl);
  let missing = 0;
  try {
    const keys = [...byKey.keys()];
    await pool(keys.length, 24, async (i) => {
      const key = keys[i]!;
      const attached = attachDoc(socket, token, customerDocName(teamId, key), { doc: new Y.Doc() });
      await attached.synced;
      const notes = attached.doc.getMap(NOTES);
      for (const id of byKey.get(key)!) if (!notes.has(id)) missing++;
      attached.provider.destroy();
    });
  } finally {
    socket.destroy();
  }
  return missing;
}

async function startServers(instances: 1 | 2): Promise<{ servers: ServerProcess[]; stop(): Promise<void> }> {
  if (instances === 1) {
    const server = await startServerProcess({ nodeArgs });
    return {
      servers: [server],
      stop: async () => {
        await server.stop();
        server.cleanup();
      },
    };
  }
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.createDatabase('handlebook_load');
  const servers: ServerProcess[] = [];
  for (let i = 0; i < 2; i++) servers.push(await startServerProcess({ databaseUrl, redisUrl: redis.url, adminToken: 'load-admin-token', nodeArgs }));
  return {
    servers,
    stop: async () => {
      for (const s of servers) {
        await s.stop();
        s.cleanup();
      }
      await redis.stop();
      await postgres.stop();
    },
  };
}

/** A direct run of one: BENCH_LOAD_MEMBERS, BENCH_LOAD_SECONDS, BENCH_LOAD_INSTANCES (and BENCH_LOAD_PROFILE). */
if (process.argv[1]?.endsWith('team-load.ts')) {
  const members = Number(process.env.BENCH_LOAD_MEMBERS ?? 100);
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  const instances = (Number(process.env.BENCH_LOAD_INSTANCES ?? 1) === 2 ? 2 : 1) as 1 | 2;
  loadRun(console.log, { members, seconds, instances }).then(
    (figures) => {
      console.log(JSON.stringify(figures, null, 2));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
