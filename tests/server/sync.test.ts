// The WebSocket contract: members sync their team's documents, everything else is refused
// with a clear reason, viewers and the members document are read-only, revocation closes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { customerDocName, INDEX_MAP, indexDocumentName } from '../../lib/team/doc-names';
import { decodeSnapshot } from '../../lib/team/snapshot';
import { AuthFailureReason, MEMBERS_MAP, REVOKED_CLOSE, type MemberDocEntry } from '../../lib/team/server-api';
import { call, createTeamWithMembers, joinTeam } from './support/api';
import { AuthFailed, connectMember, openDocument, type MemberClient, type MemberClientOptions } from './support/client';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { sleep, waitFor } from './support/util';

let server: ServerProcess;
const clients: MemberClient[] = [];

beforeAll(async () => {
  server = await startServerProcess();
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

function open(token: string, documentName: string, extra: Partial<MemberClientOptions> = {}) {
  return openDocument({ wsUrl: server.wsUrl, token, documentName, ...extra }).then((c) => {
    clients.push(c);
    return c;
  });
}

function connect(token: string, documentName: string, extra: Partial<MemberClientOptions> = {}) {
  const c = connectMember({ wsUrl: server.wsUrl, token, documentName, ...extra });
  clients.push(c);
  return c;
}

async function refusalOf(token: string, documentName: string): Promise<{ reason: string; doc: Y.Doc }> {
  const c = connect(token, documentName);
  const reason = await c.authFailure();
  return { reason, doc: c.doc };
}

describe('sync between members', () => {
  it("a member's edit reaches another member of the team", async () => {
    const { teamId, members } = await createTeamWithMembers(server.url, server.adminToken, { agents: 2 });
    const name = `${teamId}/customer/alice`;
    const a = await open(members[0]!.token, name);
    const b = await open(members[1]!.token, name);
    expect(a.scope()).toBe('read-write');

    a.doc.getText('note').insert(0, 'VIP, prefers DMs');
    a.doc.getMap('tags').set('vip', true);
    await waitFor('edit at b', () => b.doc.getText('note').toString() === 'VIP, prefers DMs');
    expect(b.doc.getMap('tags').get('vip')).toBe(true);

    b.doc.getText('note').insert(0, '[b] ');
    await waitFor('edit back at a', () => a.doc.getText('note').toString() === '[b] VIP, prefers DMs');
    await a.acked();
  });
});

describe('the customer index', () => {
  it('names each changed customer with its document’s state vector, read-only for members', async () => {
    const { teamId, members } = await createTeamWithMembers(server.url, server.adminToken, { agents: 2 });
    const writer = await open(members[0]!.token, customerDocName(teamId, 'h:bob'));
    const index = await open(members[1]!.token, indexDocumentName(teamId));
    expect(index.scope()).toBe('readonly');

    writer.doc.getMap('record').set('handle', 'bob');
    await writer.acked();
    const vectorOf = () => index.doc.getMap<Uint8Array>(INDEX_MAP).get('h:bob');
    await waitFor('h:bob in the index', () => vectorOf() !== undefined);
    expect([...vectorOf()!]).toEqual([...Y.encodeStateVector(writer.doc)]);

    // A later change moves the vector on.
    writer.doc.getMap('record').set('status', 'open');
    await waitFor('the new vector', () => [...(vectorOf() ?? [])].join() === [...Y.encodeStateVector(writer.doc)].join());

    // Members cannot write the index: their change reaches nobody.
    index.doc.getMap(INDEX_MAP).set('h:forged', new Uint8Array([1, 2]));
    const other = await open(members[0]!.token, indexDocumentName(teamId));
    await sleep(300);
    expect(other.doc.getMap(INDEX_MAP).has('h:forged')).toBe(false);
    // Other documents are not indexed.
    expect([...other.doc.getMap(INDEX_MAP).keys()]).toEqual(['h:bob']);
  });
});

describe('the team snapshot', () => {
  it('gives a member every document of its team at once, stored or only in memory, and nothing of another team', async () => {
    const team = await createTeamWithMembers(server.url, server.adminToken, { agents: 1 });
    const other = await createTeamWithMembers(server.url, server.adminToken, { agents: 1 });
    const writer = await open(team.members[0]!.token, customerDocName(team.teamId, 'h:bob'));
    writer.doc.getMap('record').set('handle', 'bob');
    await writer.acked();
    const secret = await open(other.members[0]!.token, customerDocName(other.teamId, 'h:secret'));
    secret.doc.getMap('record').set('handle', 'secret');
    await secret.acked();

    const response = await fetch(`${server.url}/teams/snapshot`, { headers: { authorization: `Bearer ${team.members[0]!.token}` } });
    expect(response.status).toBe(200);
    const whole = decodeSnapshot(new Uint8Array(await response.arrayBuffer()));
    expect(whole.next).toBeNull();
    const documents = new Map(whole.documents);
    expect([...documents.keys()].every((name) => name.startsWith(`${team.teamId}/`))).toBe(true);
    const bob = new Y.Doc();
    Y.applyUpdate(bob, documents.get(customerDocName(team.teamId, 'h:bob'))!);
    expect(bob.getMap('record').get('handle')).toBe('bob');

    const refused = await fetch(`${server.url}/teams/snapshot`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'unknown-token' });
  });

  it('gives the same documents in pages, each once, in name order, the ones only in memory included', async () => {
    const team = await createTeamWithMembers(server.url, server.adminToken, { agents: 1 });
    const token = team.members[0]!.token;
    const keys = ['h:ana', 'h:bob', 'h:cy', 'h:dee', 'h:eve', 'h:bz', 'id:9'];
    for (const key of keys.slice(0, 5)) {
      const writer = await open(token, customerDocName(team.teamId, key));
      writer.doc.getMap('record').set('handle', key);
      await writer.acked();
    }
    // Stored and unloaded: the server stores 300 ms after the last change, and unloads a
    // document its last connection left.
    for (const c of clients.splice(0)) c.destroy();
    await sleep(1_000);
    // Two more held open, so they are live on the server (and new: nothing stored at first); one
    // sorts among the stored ones, one after them all.
    for (const key of keys.slice(5)) {
      const writer = await open(token, customerDocName(team.teamId, key));
      writer.doc.getMap('record').set('handle', key);
      await writer.acked();
    }
    const wholeResponse = await fetch(`${server.url}/teams/snapshot`, { headers: { authorization: `Bearer ${token}` } });
    const whole = new Map(decodeSnapshot(new Uint8Array(await wholeResponse.arrayBuffer())).documents);
    for (const key of keys) expect(whole.has(customerDocName(team.teamId, key)), key).toBe(true);

    for (const limit of [1, 2, 3, 100]) {
      const { names, states, pages } = await pagesOf(token, limit);
      expect(names, `limit ${limit}`).toEqual([...whole.keys()].sort());
      // Pages of `limit` stored documents (a page also carries the live ones in its range).
      if (limit < names.length) expect(pages, `limit ${limit}`).toBeGreaterThan(Math.floor(names.length / limit / 2));
      else expect(pages, `limit ${limit}`).toBe(1);
      for (const key of keys) {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, states.get(customerDocName(team.teamId, key))!);
        expect(doc.getMap('record').get('handle'), `limit ${limit}: ${key}`).toBe(key);
      }
    }

    for (const bad of ['0', '-3', 'lots', '2.5']) {
      const answer = await fetch(`${server.url}/teams/snapshot?limit=${bad}`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status, bad).toBe(400);
      expect(await answer.json()).toMatchObject({ error: 'bad-request', field: 'limit' });
    }
  });
});

/** Every page of the team's snapshot, `limit` documents at a time, asked for as the extension does. */
async function pagesOf(token: string, limit: number): Promise<{ names: string[]; states: Map<string, Uint8Array>; pages: number }> {
  const names: string[] = [];
  const states = new Map<string, Uint8Array>();
  let after: string | null = null;
  let pages = 0;
  do {
    const query: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
    const response = await fetch(`${server.url}/teams/snapshot?limit=${limit}${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const page = decodeSnapshot(new Uint8Array(await response.arrayBuffer()));
    const inPage = [...page.documents];
    for (const [name, state] of inPage) {
      names.push(name);
      states.set(name, state);
    }
    // In name order, all after the page asked for.
    expect(inPage.map(([name]) => name)).toEqual(inPage.map(([name]) => name).sort());
    if (after !== null) for (const [name] of inPage) expect(name > after).toBe(true);
    after = page.next;
    pages++;
    if (pages > 1_000) throw new Error('snapshot pages never ended');
  } while (after !== null);
  return { names, states, pages };
}

describe('refusals', () => {
  it("refuses another team's document with wrong-team and sends nothing of it", async () => {
    const teamA = await createTeamWithMembers(server.url, server.adminToken, { name: 'A' });
    const teamB = await createTeamWithMembers(server.url, server.adminToken, { name: 'B' });
    const secretName = `${teamB.teamId}/customer/secret`;
    const owner = await open(teamB.members[0]!.token, secretName);
    owner.doc.getText('note').insert(0, 'team B only');
    await owner.acked();

    const intruder = teamA.members[0]!.token;
    for (const name of [secretName, `${teamB.teamId}/members`, 'no-team-prefix', `${teamA.teamId}/`, `/${teamA.teamId}/x`]) {
      const { reason, doc } = await refusalOf(intruder, name);
      expect(reason, name).toBe('wrong-team');
      expect(AuthFailureReason.parse(reason)).toBe('wrong-team');
      await sleep(100);
      expect(doc.getText('note').toString()).toBe('');
      expect(doc.share.size === 0 || Y.encodeStateAsUpdate(doc).byteLength <= 2).toBe(true);
    }
    expect(owner.doc.getText('note').toString()).toBe('team B only');
  });

  it('refuses an unknown token with unknown-token', async () => {
    const { teamId } = await createTeamWithMembers(server.url, server.adminToken);
    for (const token of ['not-a-member-token', '']) {
      expect((await refusalOf(token, `${teamId}/customer/x`)).reason).toBe('unknown-token');
    }
    await expect(open('nope', `${teamId}/customer/x`)).rejects.toBeInstanceOf(AuthFailed);
  });
});

describe('viewers', () => {
  it("are read-only: a viewer's change reaches neither members nor later readers", async () => {
    const { teamId, members } = await createTeamWithMembers(server.url, server.adminToken, { agents: 1, viewers: 1 });
    const [agent, viewer] = members;
    const name = `${teamId}/customer/bob`;
    const a = await open(agent!.token, name);
    a.doc.getText('note').insert(0, 'from agent');
    await a.acked();

    const v = await open(viewer!.token, name);
    expect(v.scope()).toBe('readonly');
    await waitFor('viewer sees agent', () => v.doc.getText('note').toString() === 'from agent');
    v.doc.getText('note').insert(0, 'VIEWER ');
    v.doc.getMap('tags').set('viewer-tag', true);
    await sleep(500);
    expect(a.doc.getText('note').toString()).toBe('from agent');
    expect(a.doc.getMap('tags').size).toBe(0);
    expect(v.provider.unsyncedChanges).toBeGreaterThan(0); // never acknowledged

    // The server never took it: a fresh reader gets the agent's text.
    v.destroy();
    await sleep(500);
    const fresh = await open(agent!.token, name, { doc: new Y.Doc() });
    expect(fresh.doc.getText('note').toString()).toBe('from agent');
    expect(fresh.doc.getMap('tags').size).toBe(0);
  });
});

describe('members document', () => {
  it('lists the members, follows joins and revocations, and is read-only for every client', async () => {
    const { teamId, admin, members } = await createTeamWithMembers(server.url, server.adminToken, { agents: 2, viewers: 1 });
    const name = `${teamId}/members`;
    const a = await open(members[0]!.token, name);
    expect(a.scope()).toBe('readonly');
    const map = () => a.doc.getMap<MemberDocEntry>(MEMBERS_MAP);
    await waitFor('three members', () => map().size === 3);
    const entry = map().get(members[2]!.memberId)!;
    expect(entry).toEqual({ name: 'Viewer 1', role: 'viewer', joinedAt: expect.any(Number), revokedAt: null });

    // A join appears live.
    const late = await joinTeam(server.url, await admin.createInvite(teamId), 'Late');
    await waitFor('late joiner', () => map().get(late.memberId)?.name === 'Late');
    // A revocation appears live.
    const { revokedAt } = await admin.revoke(teamId, members[1]!.memberId);
    await waitFor('revokedAt', () => map().get(members[1]!.memberId)?.revokedAt === revokedAt);

    // Even an agent cannot write it: its change goes nowhere.
    const b = await open(members[0]!.token, name, { doc: new Y.Doc() });
    b.doc.getMap<MemberDocEntry>(MEMBERS_MAP).set(members[0]!.memberId, { name: 'Boss', role: 'agent', joinedAt: 0, revokedAt: null });
    b.doc.getMap<MemberDocEntry>(MEMBERS_MAP).set('m_forged', { name: 'Forged', role: 'agent', joinedAt: 0, revokedAt: null });
    await sleep(500);
    expect(map().get(members[0]!.memberId)?.name).toBe('Agent 1');
    expect(map().has('m_forged')).toBe(false);
    const admins = await admin.listMembers(teamId);
    expect(admins.map((m) => m.name)).toEqual(['Agent 1', 'Agent 2', 'Viewer 1', 'Late']);
  });
});

describe('revocation', () => {
  it("closes the member's connection within 2 s; its token then fails with revoked", async () => {
    const { teamId, admin, members } = await createTeamWithMembers(server.url, server.adminToken, { agents: 2 });
    const [victim, colleague] = members;
    const name = `${teamId}/customer/carol`;
    const v = connect(victim!.token, name);
    await v.synced();
    const v2 = connect(victim!.token, `${teamId}/customer/dave`); // a second document, own socket
    await v2.synced();
    const c = await open(colleague!.token, name);

    const started = Date.now();
    const revoke = admin.revoke(teamId, victim!.memberId);
    const closed = await waitFor('revoked close', () => v.closes.find((e) => e.reason === REVOKED_CLOSE.reason), {
      timeoutMs: 2_000,
    });
    expect(closed.at - started).toBeLessThan(2_000);
    await waitFor('second document closed too', () => v2.closes.some((e) => e.reason === 'revoked'), { timeoutMs: 2_000 });
    // The socket itself closed with the documented code.
    await waitFor('socket close 4403', () => v.closes.some((e) => e.code === REVOKED_CLOSE.code && e.reason === 'revoked'), {
      timeoutMs: 2_000,
    });
    await revoke;

    // The provider reconnects on its own and is refused.
    expect(await v.authFailure()).toBe('revoked');
    expect((await refusalOf(victim!.token, name)).reason).toBe('revoked');
    // Revocation does not hit anyone else.
    expect(c.closes).toEqual([]);
    c.doc.getText('note').insert(0, 'still here');
    await c.acked();
    const me = await call(server.url, 'GET', '/teams/me', { token: victim!.token });
    expect(me.body).toEqual({ error: 'revoked' });
  });
});
