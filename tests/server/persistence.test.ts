// Documents on embedded storage (PGlite) across restarts, graceful stops and crashes.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MEMBERS_MAP } from '../../lib/team/server-api';
import { customerDocName, INDEX_MAP, indexDocumentName } from '../../lib/team/doc-names';
import { createTeamWithMembers } from './support/api';
import { connectMember, openDocument, type MemberClient } from './support/client';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { sleep, waitFor } from './support/util';

const clients: MemberClient[] = [];
const servers: ServerProcess[] = [];

async function start(options: Parameters<typeof startServerProcess>[0] = {}) {
  const s = await startServerProcess(options);
  servers.push(s);
  return s;
}

async function open(server: ServerProcess, token: string, documentName: string, doc?: Y.Doc) {
  const c = await openDocument({ wsUrl: server.wsUrl, token, documentName, doc });
  clients.push(c);
  return c;
}

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const s of servers) s.cleanup();
});

describe('embedded storage (PGlite)', () => {
  it('keeps documents, members and the members document across a restart', async () => {
    const first = await start();
    const { teamId, members } = await createTeamWithMembers(first.url, first.adminToken, { agents: 1, viewers: 1 });
    const [agent, viewer] = members;
    const name = `${teamId}/customer/erin`;
    const a = await open(first, agent!.token, name);
    a.doc.getText('note').insert(0, 'refund sent');
    a.doc.getMap('status').set('state', 'resolved');
    await a.acked();
    // A viewer's attempt must not reach storage either.
    const v = await open(first, viewer!.token, name);
    v.doc.getText('note').insert(0, 'VIEWER ');
    await sleep(1_200); // past the store debounce (1 s)
    a.destroy();
    v.destroy();
    expect((await first.stop()).code).toBe(0);

    const second = await start({ ...first.options });
    const fresh = await open(second, agent!.token, name);
    expect(fresh.doc.getText('note').toString()).toBe('refund sent');
    expect(fresh.doc.getMap('status').get('state')).toBe('resolved');
    const roster = await open(second, viewer!.token, `${teamId}/members`);
    expect(roster.doc.getMap(MEMBERS_MAP).size).toBe(2);
    const me = await fetch(`${second.url}/teams/me`, { headers: { Authorization: `Bearer ${agent!.token}` } });
    expect(me.status).toBe(200);
    await second.stop();
  });

  it('a graceful stop right after an acknowledged edit stores it', async () => {
    const first = await start();
    const { teamId, members } = await createTeamWithMembers(first.url, first.adminToken);
    const name = `${teamId}/customer/frank`;
    const a = await open(first, members[0]!.token, name);
    a.doc.getText('note').insert(0, 'typed just before shutdown');
    await a.acked();
    // Well inside the 1 s store debounce: only the shutdown path can have stored it.
    expect((await first.stop()).code).toBe(0);
    a.destroy();

    const second = await start({ ...first.options });
    const fresh = await open(second, members[0]!.token, name);
    expect(fresh.doc.getText('note').toString()).toBe('typed just before shutdown');
    await second.stop();
  });

  it('after a crash, the author re-sends what the server had acknowledged but not stored', async () => {
    const first = await start();
    const { teamId, members } = await createTeamWithMembers(first.url, first.adminToken, { agents: 2 });
    const name = `${teamId}/customer/grace`;
    const a = connectMember({ wsUrl: first.wsUrl, token: members[0]!.token, documentName: name });
    clients.push(a);
    await a.synced();
    a.doc.getText('note').insert(0, 'acknowledged, then crash');
    await a.acked();
    await first.crash(); // SIGKILL within the store debounce

    // Same port and data: a's provider reconnects by itself and syncs its copy back.
    const second = await start({ ...first.options });
    await waitFor('a re-synced', () => a.provider.isSynced && a.provider.unsyncedChanges === 0, { timeoutMs: 15_000 });
    const b = await open(second, members[1]!.token, name);
    await waitFor('b sees the re-sent edit', () => b.doc.getText('note').toString() === 'acknowledged, then crash');
    a.destroy();
    b.destroy();
    await second.stop();

    // And it is stored now.
    const third = await start({ ...first.options });
    const c = await open(third, members[1]!.token, name);
    expect(c.doc.getText('note').toString()).toBe('acknowledged, then crash');
    await third.stop();
  });

  // The index is stored debounced like any document (server/customer-index.ts), so a crash can
  // lose its last changes while the customer they index was stored. Loading that customer again
  // puts it back in the index.
  it('after a crash that lost the index\'s last writes, a customer loaded again is indexed again', async () => {
    const first = await start();
    const { teamId, members } = await createTeamWithMembers(first.url, first.adminToken, { agents: 2 });
    const token = members[0]!.token;
    const alpha = await open(first, token, customerDocName(teamId, 'h:alpha'));
    alpha.doc.getMap('record').set('handle', 'alpha');
    await alpha.acked();
    alpha.destroy(); // its last connection: the customer is stored now
    // Another customer keeps changing, so the index's store keeps being put off (1 s after its
    // last change, at most 5 s); the crash comes before.
    const busy = await open(first, token, customerDocName(teamId, 'h:busy'));
    for (let i = 0; i < 8; i++) {
      busy.doc.getMap('record').set('n', i);
      await sleep(100);
    }
    busy.destroy();
    await first.crash();

    const second = await start({ ...first.options });
    const index = await open(second, members[1]!.token, indexDocumentName(teamId));
    const reader = await open(second, members[1]!.token, customerDocName(teamId, 'h:alpha'));
    expect(reader.doc.getMap('record').get('handle')).toBe('alpha');
    await waitFor('alpha back in the index', () => {
      const vector = index.doc.getMap<Uint8Array>(INDEX_MAP).get('h:alpha');
      return vector && Y.encodeStateVector(reader.doc).every((v, i) => v === vector[i]);
    });
    await second.stop();
  });
});
