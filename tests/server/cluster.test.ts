// Real Postgres, and several instances on one Postgres + Redis: persistence, edits across
// instances, revocation on every instance, and no lost update when two instances store the
// same document.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis as IORedis } from 'ioredis';
import * as Y from 'yjs';
import { customerDocName, INDEX_MAP, indexDocumentName } from '../../lib/team/doc-names';
import { covers } from '../../lib/team/doc-store';
import { MEMBERS_MAP } from '../../lib/team/server-api';
import { adminClient, call, createTeamWithMembers, joinTeam } from './support/api';
import { connectMember, openDocument, type MemberClient } from './support/client';
import { startPostgres, type PostgresProcess } from './support/postgres';
import { startRedis, type RedisProcess } from './support/redis';
import { startServerProcess, type ServerProcess, type ServerProcessOptions } from './support/server-process';
import { waitFor } from './support/util';

let postgres: PostgresProcess;
let redis: RedisProcess;
const servers: ServerProcess[] = [];
const clients: MemberClient[] = [];
const adminToken = randomBytes(24).toString('base64url');

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const s of servers) s.cleanup();
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

async function start(options: ServerProcessOptions) {
  const s = await startServerProcess({ adminToken, ...options });
  servers.push(s);
  return s;
}

async function open(server: ServerProcess, token: string, documentName: string) {
  const c = await openDocument({ wsUrl: server.wsUrl, token, documentName });
  clients.push(c);
  return c;
}

describe('Postgres storage', () => {
  it('keeps documents across a restart', async () => {
    const databaseUrl = await postgres.createDatabase('restart');
    const first = await start({ databaseUrl });
    expect((await call(first.url, 'GET', '/health')).body).toEqual({ ok: true, storage: 'postgres', redis: false });
    const { teamId, members } = await createTeamWithMembers(first.url, adminToken);
    const name = `${teamId}/customer/heidi`;
    const a = await open(first, members[0]!.token, name);
    a.doc.getText('note').insert(0, 'stored in postgres');
    await a.acked();
    a.destroy();
    await first.stop();

    const second = await start({ databaseUrl });
    const fresh = await open(second, members[0]!.token, name);
    expect(fresh.doc.getText('note').toString()).toBe('stored in postgres');
    await second.stop();
  });
});

describe('two instances, one Postgres, Redis', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await postgres.createDatabase('cluster');
    // Started one after the other: the second finds the schema migrated.
    a = await start({ databaseUrl, redisUrl: redis.url });
    b = await start({ databaseUrl, redisUrl: redis.url });
  });

  it("a member on each instance sees the other's edits", async () => {
    expect((await call(b.url, 'GET', '/health')).body).toEqual({ ok: true, storage: 'postgres', redis: true });
    const admin = adminClient(a.url, adminToken);
    const team = await admin.createTeam('Cluster');
    const onA = await joinTeam(a.url, team.invite, 'On A');
    const onB = await joinTeam(b.url, await admin.createInvite(team.teamId), 'On B');
    const name = `${team.teamId}/customer/ivan`;
    const ca = await open(a, onA.token, name);
    const cb = await open(b, onB.token, name);

    ca.doc.getText('note').insert(0, 'from A');
    await waitFor('A -> B', () => cb.doc.getText('note').toString() === 'from A');
    cb.doc.getMap('tags').set('from-b', true);
    await waitFor('B -> A', () => ca.doc.getMap('tags').get('from-b') === true);

    // The members document, written by whichever instance handled the join, is the same on both.
    const rosterB = await open(b, onB.token, `${team.teamId}/members`);
    await waitFor('roster on B', () => rosterB.doc.getMap(MEMBERS_MAP).size === 2);
  });

  it("revocation through A closes the member's connection on B within 2 s", async () => {
    const { teamId, admin, members } = await createTeamWithMembers(a.url, adminToken, { agents: 2 });
    const [victim, colleague] = members;
    const name = `${teamId}/customer/judy`;
    const onB = connectMember({ wsUrl: b.wsUrl, token: victim!.token, documentName: name });
    clients.push(onB);
    await onB.synced();
    const colleagueOnB = await open(b, colleague!.token, name);

    const started = Date.now();
    await admin.revoke(teamId, victim!.memberId); // through A
    const closed = await waitFor('close on B', () => onB.closes.find((e) => e.reason === 'revoked'), { timeoutMs: 2_000 });
    expect(closed.at - started).toBeLessThan(2_000);
    expect(await onB.authFailure()).toBe('revoked'); // B refuses the reconnect
    expect(colleagueOnB.closes).toEqual([]);
    expect((await call(b.url, 'GET', '/teams/me', { token: victim!.token })).body).toEqual({ error: 'revoked' });
  });

  it('indexes customers changed on both instances at once with vectors that cover both changes', async () => {
    // Each instance indexes what reaches its copy of a document. Two instances writing one key
    // of the index at once: the later write wins, and must not be one that misses the other
    // instance's change, or a member who relies on the index never fetches that change.
    const { teamId, members } = await createTeamWithMembers(a.url, adminToken, { agents: 2 });
    const keys = Array.from({ length: 16 }, (_, i) => `h:both_${i}`);
    const onA = await Promise.all(keys.map((key) => open(a, members[0]!.token, customerDocName(teamId, key))));
    const onB = await Promise.all(keys.map((key) => open(b, members[1]!.token, customerDocName(teamId, key))));
    // Members hold the index open on both instances, as the extension's workers do.
    const indexes = { A: await open(a, members[0]!.token, indexDocumentName(teamId)), B: await open(b, members[1]!.token, indexDocumentName(teamId)) };
    // Redis holds every command for a moment: each instance indexes its own change before it
    // hears of the other's, as two instances under load do.
    const control = new IORedis(redis.url);
    await control.call('CLIENT', 'PAUSE', '1000', 'ALL');
    keys.forEach((_, i) => {
      onA[i]!.doc.getMap('fromA').set('note', 'A');
      onB[i]!.doc.getMap('fromB').set('note', 'B');
    });
    await Promise.all([...onA, ...onB].map((c) => c.acked()));
    await control.quit();
    await waitFor('both changes on both instances', () => keys.every((_, i) => onA[i]!.doc.getMap('fromB').has('note') && onB[i]!.doc.getMap('fromA').has('note')));
    for (const [instance, index] of Object.entries(indexes)) {
      const entries = () => index.doc.getMap<Uint8Array>(INDEX_MAP);
      await waitFor(`the index on ${instance} covering both changes of every customer`, () =>
        keys.every((key, i) => covers(Y.encodeStateVector(onA[i]!.doc), entries().get(key)!) && covers(entries().get(key), Y.encodeStateVector(onA[i]!.doc))),
      );
    }
  });

  it('both instances storing the same document lose no update', async () => {
    const { teamId, members } = await createTeamWithMembers(a.url, adminToken, { agents: 2 });
    const name = `${teamId}/customer/ken`;
    const ca = await open(a, members[0]!.token, name);
    const cb = await open(b, members[1]!.token, name);
    // Concurrent edits on both instances, so both schedule stores of the same document.
    for (let i = 0; i < 20; i++) {
      ca.doc.getMap('fromA').set(`k${i}`, i);
      cb.doc.getMap('fromB').set(`k${i}`, i);
    }
    await Promise.all([ca.acked(), cb.acked()]);
    ca.destroy();
    cb.destroy();
    await Promise.all([a.stop(), b.stop()]);

    const c = await start({ databaseUrl });
    const fresh = await open(c, members[0]!.token, name);
    expect(fresh.doc.getMap('fromA').size).toBe(20);
    expect(fresh.doc.getMap('fromB').size).toBe(20);
    await c.stop();
  });
});

describe('two instances on one Postgres without Redis', () => {
  it("merges on store: neither instance's store erases the other's", async () => {
    // Without Redis the instances never see each other's edits: only the merge in storage can
    // keep both.
    const databaseUrl = await postgres.createDatabase('merge');
    const a = await start({ databaseUrl });
    const b = await start({ databaseUrl });
    const { teamId, members } = await createTeamWithMembers(a.url, adminToken, { agents: 2 });
    const name = `${teamId}/customer/lena`;
    const ca = await open(a, members[0]!.token, name);
    const cb = await open(b, members[1]!.token, name);
    ca.doc.getText('note').insert(0, 'A wrote this. ');
    cb.doc.getMap('status').set('state', 'B set this');
    await Promise.all([ca.acked(), cb.acked()]);
    ca.destroy();
    cb.destroy();
    await Promise.all([a.stop(), b.stop()]);

    const c = await start({ databaseUrl });
    const fresh = await open(c, members[0]!.token, name);
    expect(fresh.doc.getText('note').toString()).toBe('A wrote this. ');
    expect(fresh.doc.getMap('status').get('state')).toBe('B set this');
    await c.stop();
  });
});
