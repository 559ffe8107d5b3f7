// The team section's Node-only parts (bench/team.ts): the baselines without a browser, and the
// server's memory per connected member. Node clients are tests/e2e/support/team-seed.ts's:
// one socket each, `ws` as the WebSocket, documents attached to it as the extension does.
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import type { Customer } from '../lib/db/types';
import { applyCustomerEdit, LOCAL_EDIT, NOTES } from '../lib/team/customer-doc';
import { customerDocName, indexDocumentName, repliesDocumentName } from '../lib/team/doc-names';
import { membersDocumentName } from '../lib/team/server-api';
import { attachDoc, memberSocket, pool } from '../tests/e2e/support/team-seed';
import { joinTeam, type adminClient } from '../tests/server/support/api';
import { percentile } from './stats';

/** The server process's resident memory, MB (/proc/<pid>/status VmRSS). */
export function rssMB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** CPU time (user + system) the process has used, ms (/proc/<pid>/stat, clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Waits until `pid` uses under 10 % of a core for a second (the server has stored what it had). */
export async function waitForQuietProcess(pid: number, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = cpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (cpuMs(pid) - before < 100 || performance.now() - started > timeoutMs) return performance.now() - started;
  }
}

export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

export function spread(ms: number[]): Spread {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
}

/**
 * The propagation baseline: `edits` notes added by one Node client to a customer's document and
 * seen by another Node client with the same document open (the server's share alone: no
 * browser, no worker, no IndexedDB). Times from the writer's transaction to the reader's update.
 */
export async function nodePropagation(wsUrl: string, teamId: string, tokens: [string, string], edits: number): Promise<Spread> {
  const name = customerDocName(teamId, 'h:node_baseline');
  const [socketA, socketB] = [memberSocket(wsUrl), memberSocket(wsUrl)];
  const a = attachDoc(socketA, tokens[0], name);
  const b = attachDoc(socketB, tokens[1], name);
  try {
    await Promise.all([a.synced, b.synced]);
    const now = Date.now();
    let before: Customer = {
      key: 'h:node_baseline', handle: 'node_baseline', handleLower: 'node_baseline', handleHistory: [], displayName: 'Node baseline', tags: [],
      status: 'none', notes: [], fields: {}, firstSeen: now, lastContact: 0, interactionCount: 0, recentAt: [], createdAt: now, updatedAt: now,
    };
    const ms: number[] = [];
    for (let n = 0; n < edits; n++) {
      const text = `baseline note ${n}`;
      const after: Customer = { ...before, notes: [{ id: `node-${n}`, text, createdAt: Date.now(), updatedAt: Date.now() }, ...before.notes] };
      const seen = new Promise<number>((resolve) => {
        const on = () => {
          if (!b.doc.getMap(NOTES).has(`node-${n}`)) return;
          b.doc.off('update', on);
          resolve(performance.now());
        };
        b.doc.on('update', on);
      });
      const sent = performance.now();
      a.doc.transact(() => applyCustomerEdit(a.doc, { key: before.key, before, after }, 'Node A'), LOCAL_EDIT);
      ms.push((await seen) - sent);
      before = after;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return spread(ms);
  } finally {
    for (const x of [a, b]) x.provider.destroy();
    socketA.destroy();
    socketB.destroy();
  }
}

/**
 * The join baseline: one Node client (one socket, 48 documents at once as the worker) opens and
 * syncs every customer document of the team, then closes it. Returns the time and bytes held.
 */
export async function nodeFetchAll(wsUrl: string, token: string, teamId: string, keys: string[], concurrency = 48): Promise<{ ms: number; bytes: number }> {
  const socket = memberSocket(wsUrl);
  let bytes = 0;
  const started = performance.now();
  try {
    await pool(keys.length, concurrency, async (i) => {
      const attached = attachDoc(socket, token, customerDocName(teamId, keys[i]!));
      await attached.synced;
      bytes += Y.encodeStateAsUpdate(attached.doc).length;
      attached.provider.destroy();
      attached.doc.destroy();
    });
    return { ms: performance.now() - started, bytes };
  } finally {
    socket.destroy();
  }
}

export interface MemoryResult {
  members: number;
  idleMB: number;
  /** With one member connected (the team's shared documents loaded). */
  loadedMB: number;
  afterMB: number;
  /** (after − loaded) ÷ members. */
  mbPerMember: number;
  connectMs: number;
}

/**
 * Server memory per connected member: `members` Node members join the team (HTTP), then each
 * connects one socket with the index, members and replies documents open (with awareness on the
 * index, as the worker has it) plus `customersEach` customer documents. VmRSS before and after.
 */
export async function serverMemory(
  server: { pid: number; wsUrl: string; url: string },
  admin: ReturnType<typeof adminClient>,
  teamId: string,
  keys: string[],
  { members = 50, customersEach = 3 } = {},
): Promise<MemoryResult> {
  const tokens: string[] = [];
  for (let n = 0; n <= members; n++) tokens.push((await joinTeam(server.url, await admin.createInvite(teamId, 'agent'), `Member ${n + 1}`)).token);
  const connections: { socket: ReturnType<typeof memberSocket>; docs: ReturnType<typeof attachDoc>[] }[] = [];
  const connect = async (token: string, n: number) => {
    const socket = memberSocket(server.wsUrl);
    const docs = [
      attachDoc(socket, token, indexDocumentName(teamId), { awareness: true }),
      attachDoc(socket, token, membersDocumentName(teamId)),
      attachDoc(socket, token, repliesDocumentName(teamId)),
      ...Array.from({ length: customersEach }, (_, c) => attachDoc(socket, token, customerDocName(teamId, keys[(n * customersEach + c) % keys.length]!))),
    ];
    connections.push({ socket, docs });
    await Promise.all(docs.map((d) => d.synced));
  };
  const settle = async () => {
    await waitForQuietProcess(server.pid, 20_000);
    return rssMB(server.pid);
  };
  try {
    const idleMB = await settle();
    // One member first: what every member shares (the index, members and replies documents,
    // loaded once) is not a member's own cost.
    await connect(tokens[0]!, 0);
    const loadedMB = await settle();
    const started = performance.now();
    await Promise.all(tokens.slice(1).map((token, n) => connect(token, n + 1)));
    const connectMs = performance.now() - started;
    const afterMB = await settle();
    return { members, idleMB, loadedMB, afterMB, mbPerMember: (afterMB - loadedMB) / members, connectMs };
  } finally {
    for (const c of connections) {
      for (const d of c.docs) d.provider.destroy();
      c.socket.destroy();
    }
  }
}
