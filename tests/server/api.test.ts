// The HTTP contract: admin API, member API, CORS and Origin checks, on a real server process
// with embedded storage.
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponse, MemberListResponse } from '../../lib/team/server-api';
import { adminClient, call, createTeamWithMembers, joinTeam, whoAmI } from './support/api';
import { startServerProcess, type ServerProcess } from './support/server-process';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
});

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

/** Opens a raw WebSocket and reports whether the upgrade succeeded (or its HTTP status). */
function tryUpgrade(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

describe('health', () => {
  it('answers 200 with the storage kind once ready', async () => {
    const r = await call(server.url, 'GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, storage: 'pglite', redis: false });
  });
});

describe('admin API', () => {
  it('refuses a missing or wrong admin token with 401 JSON', async () => {
    for (const token of [undefined, 'wrong-token', `${server.adminToken}x`]) {
      const r = await call(server.url, 'POST', '/admin/teams', { token, body: { name: 'X' } });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect(ErrorResponse.parse(r.body).error).toBe('unauthorized');
    }
    // Also on paths that do not exist, so probing without a token learns nothing.
    expect((await call(server.url, 'GET', '/admin/nothing-here')).status).toBe(401);
    // A member token is not an admin token.
    const { members } = await createTeamWithMembers(server.url, server.adminToken);
    const r = await call(server.url, 'GET', '/admin/teams/x/members', { token: members[0]!.token });
    expect(r.status).toBe(401);
  });

  it('creates a team whose invite makes an agent', async () => {
    const admin = adminClient(server.url, server.adminToken);
    const { teamId, invite } = await admin.createTeam('  Acme support  ');
    expect(teamId).toMatch(/^[A-Za-z0-9_-]+$/);
    const joined = await joinTeam(server.url, invite, 'Ann');
    expect(joined).toMatchObject({ teamId, teamName: 'Acme support', role: 'agent', memberId: expect.any(String) });
  });

  it('answers 400 naming the wrong field', async () => {
    const post = (body: unknown) => call(server.url, 'POST', '/admin/teams', { token: server.adminToken, body });
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 42 }, { name: 'x'.repeat(101) }]) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ error: 'bad-request', field: 'name' });
    }
    const notJson = await post('{"name":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('bad-request');

    const admin = adminClient(server.url, server.adminToken);
    const { teamId } = await admin.createTeam('Roles');
    const badRole = await call(server.url, 'POST', `/admin/teams/${teamId}/invites`, {
      token: server.adminToken,
      body: { role: 'owner' },
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body).toMatchObject({ error: 'bad-request', field: 'role' });
  });

  it('issues agent invites by default and viewer invites on request', async () => {
    const admin = adminClient(server.url, server.adminToken);
    const { teamId } = await admin.createTeam('Invites');
    const noBody = await call(server.url, 'POST', `/admin/teams/${teamId}/invites`, { token: server.adminToken });
    expect(noBody.status).toBe(200);
    expect((await joinTeam(server.url, noBody.body.invite, 'Default')).role).toBe('agent');
    expect((await joinTeam(server.url, await admin.createInvite(teamId, 'agent'), 'Agent')).role).toBe('agent');
    expect((await joinTeam(server.url, await admin.createInvite(teamId, 'viewer'), 'Viewer')).role).toBe('viewer');
  });

  it('answers 404 for an unknown team', async () => {
    const token = server.adminToken;
    const invite = await call(server.url, 'POST', '/admin/teams/t_nope/invites', { token, body: {} });
    expect(invite.status).toBe(404);
    expect(invite.body).toEqual({ error: 'team-unknown' });
    const list = await call(server.url, 'GET', '/admin/teams/t_nope/members', { token });
    expect(list.status).toBe(404);
    expect(list.body).toEqual({ error: 'team-unknown' });
    const revoke = await call(server.url, 'DELETE', '/admin/teams/t_nope/members/m_nope', { token });
    expect(revoke.status).toBe(404);
  });

  it('lists members with times as numbers, and revokes one', async () => {
    const before = Date.now();
    const { teamId, admin, members } = await createTeamWithMembers(server.url, server.adminToken, {
      agents: 2,
      viewers: 1,
    });
    const list = MemberListResponse.parse(
      (await call(server.url, 'GET', `/admin/teams/${teamId}/members`, { token: server.adminToken })).body,
    );
    expect(list.map((m) => [m.name, m.role, m.revokedAt])).toEqual([
      ['Agent 1', 'agent', null],
      ['Agent 2', 'agent', null],
      ['Viewer 1', 'viewer', null],
    ]);
    expect(list.map((m) => m.memberId).sort()).toEqual(members.map((m) => m.memberId).sort());
    for (const m of list) expect(m.joinedAt).toBeGreaterThanOrEqual(before - 1000);

    const target = members[1]!;
    const revoked = await admin.revoke(teamId, target.memberId);
    expect(revoked.memberId).toBe(target.memberId);
    expect(revoked.revokedAt).toBeGreaterThanOrEqual(before);
    const again = await admin.revoke(teamId, target.memberId);
    expect(again.revokedAt).toBe(revoked.revokedAt); // idempotent
    const after = await admin.listMembers(teamId);
    expect(after.find((m) => m.memberId === target.memberId)!.revokedAt).toBe(revoked.revokedAt);
    expect(after.filter((m) => m.revokedAt === null)).toHaveLength(2);

    // Unknown member, and a member of another team, are both 404.
    const unknown = await call(server.url, 'DELETE', `/admin/teams/${teamId}/members/m_nope`, { token: server.adminToken });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'member-unknown' });
    const other = await createTeamWithMembers(server.url, server.adminToken, { name: 'Other' });
    const cross = await call(server.url, 'DELETE', `/admin/teams/${teamId}/members/${other.members[0]!.memberId}`, {
      token: server.adminToken,
    });
    expect(cross.status).toBe(404);
    expect((await whoAmI(server.url, other.members[0]!.token)).memberId).toBe(other.members[0]!.memberId);
  });
});

describe('member API', () => {
  it('redeems an invite once', async () => {
    const admin = adminClient(server.url, server.adminToken);
    const { teamId, invite } = await admin.createTeam('Once');
    const first = await call(server.url, 'POST', '/teams/join', { body: { invite, name: '  Bob  ' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ teamId, teamName: 'Once', role: 'agent' });
    expect(first.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    const second = await call(server.url, 'POST', '/teams/join', { body: { invite, name: 'Eve' } });
    expect(second.status).toBe(410);
    expect(second.body).toEqual({ error: 'invite-used' });
    const unknown = await call(server.url, 'POST', '/teams/join', { body: { invite: 'no-such-invite', name: 'Eve' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'invite-unknown' });
    const members = await admin.listMembers(teamId);
    expect(members.map((m) => m.name)).toEqual(['Bob']);
  });

  it('validates the join body', async () => {
    const { invite } = await adminClient(server.url, server.adminToken).createTeam('Names');
    for (const [body, field] of [
      [{ invite, name: '' }, 'name'],
      [{ invite, name: '    ' }, 'name'],
      [{ invite, name: 'x'.repeat(61) }, 'name'],
      [{ invite }, 'name'],
      [{ name: 'Ann' }, 'invite'],
    ] as const) {
      const r = await call(server.url, 'POST', '/teams/join', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ error: 'bad-request', field });
    }
    // A failed validation does not use the invite up; 60 characters is fine.
    const ok = await call(server.url, 'POST', '/teams/join', { body: { invite, name: 'x'.repeat(60) } });
    expect(ok.status).toBe(200);
  });

  it('tells a member who it is, and refuses unknown and revoked tokens', async () => {
    const { teamId, admin, members } = await createTeamWithMembers(server.url, server.adminToken, { name: 'Me' });
    const member = members[0]!;
    const me = await call(server.url, 'GET', '/teams/me', { token: member.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ teamId, teamName: 'Me', memberId: member.memberId, name: 'Agent 1', role: 'agent' });

    for (const token of [undefined, 'not-a-token', `${member.token}x`]) {
      const r = await call(server.url, 'GET', '/teams/me', { token });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'unknown-token' });
    }
    await admin.revoke(teamId, member.memberId);
    const revoked = await call(server.url, 'GET', '/teams/me', { token: member.token });
    expect(revoked.status).toBe(401);
    expect(revoked.body).toEqual({ error: 'revoked' });
  });
});

describe('CORS and Origin', () => {
  const chrome = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
  const firefox = 'moz-extension://4b1c8f0e-2a7e-4f4c-9b1e-6d7f8a9b0c1d';

  it('answers preflights from extension origins', async () => {
    for (const origin of [chrome, firefox]) {
      const r = await call(server.url, 'OPTIONS', '/teams/me', {
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
      expect(r.status).toBe(204);
      expect(r.headers.get('access-control-allow-origin')).toBe(origin);
      expect(r.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE');
      expect(r.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    }
  });

  it('serves extension origins and no-origin clients, refuses other origins with 403', async () => {
    const fromChrome = await call(server.url, 'GET', '/health', { headers: { Origin: chrome } });
    expect(fromChrome.status).toBe(200);
    expect(fromChrome.headers.get('access-control-allow-origin')).toBe(chrome);
    const noOrigin = await call(server.url, 'GET', '/health');
    expect(noOrigin.status).toBe(200);
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();

    for (const origin of ['https://x.com', 'http://localhost:3000', 'null', 'chrome-extension://a/b']) {
      const r = await call(server.url, 'GET', '/health', { headers: { Origin: origin } });
      expect(r.status, origin).toBe(403);
      expect(r.body).toEqual({ error: 'origin-not-allowed' });
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await call(server.url, 'OPTIONS', '/teams/join', {
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(403);
    }
  });

  it('refuses WebSocket upgrades from other origins', async () => {
    expect(await tryUpgrade(server.wsUrl, { Origin: 'https://x.com' })).toBe(403);
    expect(await tryUpgrade(server.wsUrl, { Origin: chrome })).toBe('open');
    expect(await tryUpgrade(server.wsUrl, {})).toBe('open');
  });
});

describe('configuration', () => {
  it('HANDLEBOOK_ALLOWED_ORIGINS restricts origins; a generated admin token is kept 0600 and never logged', async () => {
    const allowed = 'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const restricted = await startServerProcess({ allowedOrigins: ` ${allowed} , moz-extension://only-this `, adminToken: null });
    try {
      const ok = await call(restricted.url, 'GET', '/health', { headers: { Origin: allowed } });
      expect(ok.status).toBe(200);
      const other = await call(restricted.url, 'GET', '/health', {
        headers: { Origin: 'chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
      });
      expect(other.status).toBe(403);
      expect(await tryUpgrade(restricted.wsUrl, { Origin: 'moz-extension://someone-else' })).toBe(403);
      expect(await tryUpgrade(restricted.wsUrl, { Origin: 'moz-extension://only-this' })).toBe('open');

      const file = join(restricted.dataDir, 'admin-token');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const token = readFileSync(file, 'utf8').trim();
      expect(token.length).toBeGreaterThanOrEqual(43);
      expect((await adminClient(restricted.url, token).createTeam('Works')).teamId).toBeTruthy();
      expect(restricted.output()).toContain(file);
      expect(restricted.output()).not.toContain(token);
    } finally {
      await restricted.stop();
      restricted.cleanup();
    }
  });
});
