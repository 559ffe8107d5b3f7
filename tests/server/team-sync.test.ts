// The extension's team sync (lib/team/team-sync.ts) in Node (fake-indexeddb), against a real
// server process.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addNote } from '../../lib/db/customers';
import { HandlebookDatabase } from '../../lib/db/database';
import { markTeamBook } from '../../lib/db/team-outbox';
import type { TeamMembership } from '../../lib/team/membership';
import { customerDocName } from '../../lib/team/doc-names';
import { readCustomerDoc } from '../../lib/team/customer-doc';
import { TeamSync, type TeamSyncHooks } from '../../lib/team/team-sync';
import { createTeamWithMembers } from './support/api';
import { openDocument, type MemberClient } from './support/client';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { sleep, waitFor } from './support/util';
import { seedTeamCustomers } from '../e2e/support/team-seed';
import { customerWithHistory } from '../../bench/data';
import { readAllCustomers } from '../../lib/db/customer-store';
import { readHistory } from '../../lib/db/history-store';

const LINGER_MS = 200;
let server: ServerProcess;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  server = await startServerProcess();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

interface SyncOptions {
  /** `hooks` gets the member's own TeamSync (while it starts, too). */
  hooks?: (self: () => TeamSync) => Partial<TeamSyncHooks>;
  snapshotPageSize?: number;
  /** The book, when a worker before this one left it (default: a new one). */
  db?: HandlebookDatabase;
  /** Resolves start() without waiting for it (its promise is returned as `started`). */
  noWait?: boolean;
}

async function memberSync(teamId: string, member: { memberId: string; token: string }, name: string, options: SyncOptions = {}) {
  const db = options.db ?? new HandlebookDatabase(`team-sync-${member.memberId}`);
  markTeamBook(db);
  const membership: TeamMembership = { server: server.url, teamId, teamName: 'Support', memberId: member.memberId, name, role: 'agent', token: member.token, joinedAt: Date.now() };
  const own = options.hooks?.(() => sync) ?? {};
  const sync: TeamSync = new TeamSync(db, membership, { changed: () => undefined, refused: () => undefined, ...own }, { webSocketPolyfill: WebSocket, lingerMs: LINGER_MS, ...(options.snapshotPageSize ? { snapshotPageSize: options.snapshotPageSize } : {}) });
  if (!options.db) cleanups.push(() => db.delete());
  cleanups.push(async () => {
    sync.stop();
    await sync.settled();
  });
  const started = sync.start();
  if (!options.noWait) await started;
  return { db, sync, started };
}

async function write(member: { db: HandlebookDatabase; sync: TeamSync }, text: string): Promise<void> {
  await addNote(member.db, { handle: 'reopened' }, 'Reopened', text, Date.now());
  member.sync.scheduleFlush();
}

describe('team sync', () => {
  it('tells the pages the members once it knows them, also when they came with the join snapshot and the server has nothing newer', async () => {
    const { teamId, members } = await createTeamWithMembers(server.url, server.adminToken, { agents: 2 });
    // What the members document held each time the pages were told (they ask team.roster then).
    const told: number[] = [];
    await memberSync(teamId, members[1]!, 'Ben', { hooks: (self) => ({ membersChanged: () => told.push(self().members().length) }) });
    expect(told.at(-1)).toBe(2);
  });

  // A customer document closed and opened again while the server was down: before, its close sat
  // in the socket's queue until the reconnection and then closed the reopened document on the
  // server, and the next change waited, unacknowledged, until the worker's next reconnection.
  it('delivers changes to a customer document it closed and opened again while the server was down', async () => {
    const { teamId, members } = await createTeamWithMembers(server.url, server.adminToken, { agents: 2 });
    const ana = await memberSync(teamId, members[0]!, 'Ana');
    await waitFor('connected', () => ana.sync.connection === 'connected');

    await write(ana, 'before the restart');
    await waitFor('every change acknowledged', async () => (await ana.sync.pending()) === 0);

    await server.stop();
    await waitFor('offline', () => ana.sync.connection === 'offline');
    // Long past the linger: the old code closed the customer's document here, offline.
    await sleep(LINGER_MS * 5);
    await write(ana, 'while the server was down');
    await ana.sync.settled();

    server = await startServerProcess(server.options);
    await waitFor('connected again', () => ana.sync.connection === 'connected', { timeoutMs: 20_000 });
    await waitFor('every change acknowledged', async () => (await ana.sync.pending()) === 0);

    // The change that waited before: written once the document is live again.
    await write(ana, 'after the restart');
    await waitFor('every change acknowledged', async () => (await ana.sync.pending()) === 0);

    // And the server has all three: read by the other member.
    const ben: MemberClient = await openDocument({ wsUrl: server.wsUrl, token: members[1]!.token, documentName: customerDocName(teamId, 'h:reopened') });
    cleanups.push(() => ben.destroy());
    expect(readCustomerDoc(ben.doc, 'h:reopened').customer?.notes.map((n) => n.text)).toEqual(['before the restart', 'while the server was down', 'after the restart']);
  });

  it('downloads the join snapshot in pages, and a worker stopped before the book was written starts the download again', async () => {
    const { teamId, members } = await createTeamWithMembers(server.url, server.adminToken, { agents: 2 });
    const count = 40;
    await seedTeamCustomers({ wsUrl: server.wsUrl, token: members[0]!.token, teamId, count, customerAt: (i) => customerWithHistory(i, Date.now()) });
    const keys = Array.from({ length: count }, (_, i) => customerWithHistory(i, 0).customer.key).sort();

    // The first worker is stopped once a page of documents is stored, the book not written yet.
    // Each page comes 100 ms late, so the download is still under way when its socket is up
    // (Node's ws throws when a socket is closed while it connects; a browser's does not).
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args);
      if (String(args[0]).includes('/teams/snapshot')) await sleep(100);
      return response;
    }) as typeof fetch;
    cleanups.push(() => {
      globalThis.fetch = realFetch;
    });
    const db = new HandlebookDatabase(`team-sync-resume-${members[1]!.memberId}`);
    cleanups.push(() => db.delete());
    const first = await memberSync(teamId, members[1]!, 'Ben', { db, snapshotPageSize: 7, noWait: true });
    await waitFor('connected', () => first.sync.connection === 'connected');
    await waitFor('a page stored', async () => (await db.teamDocs.count()) > 0, { intervalMs: 1 });
    first.sync.stop();
    await first.started.catch(() => undefined);
    await first.sync.settled();
    expect(await db.settings.get('teamSnapshotDownloading')).toBeDefined();
    expect((await readAllCustomers(db)).length).toBeLessThan(count);

    // The next worker downloads again and ends with the whole team, the mark gone.
    const second = await memberSync(teamId, members[1]!, 'Ben', { db, snapshotPageSize: 7 });
    await second.sync.settled();
    expect((await readAllCustomers(db)).map((c) => c.key).sort()).toEqual(keys);
    expect(await db.settings.get('teamSnapshotDownloading')).toBeUndefined();
    // Each customer's history came with it.
    for (const i of [0, 3, 17, 39]) {
      const one = customerWithHistory(i, 0);
      expect((await readHistory(db, one.customer.key)).map((x) => x.id).sort()).toEqual(one.interactions.map((x) => x.id).sort());
    }
  });
});
