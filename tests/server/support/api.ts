// Typed HTTP calls to a team server: the admin API and the member API, validated against
// the shared contract (lib/team/server-api.ts) so a drifting server fails loudly.
import {
  CreateInviteResponse,
  CreateTeamResponse,
  JoinResponse,
  MeResponse,
  MemberListResponse,
  RevokeMemberResponse,
  type MemberRole,
} from '../../../lib/team/server-api';

export interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** One HTTP call; the body parsed as JSON when there is one. Never throws on a status. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

function expectOk(what: string, r: RawResponse) {
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The admin API with one admin token. */
export function adminClient(baseUrl: string, adminToken: string) {
  return {
    async createTeam(name: string) {
      return CreateTeamResponse.parse(expectOk('create team', await call(baseUrl, 'POST', '/admin/teams', { token: adminToken, body: { name } })));
    },
    async createInvite(teamId: string, role?: MemberRole) {
      const r = await call(baseUrl, 'POST', `/admin/teams/${encodeURIComponent(teamId)}/invites`, {
        token: adminToken,
        body: role ? { role } : {},
      });
      return CreateInviteResponse.parse(expectOk('create invite', r)).invite;
    },
    async listMembers(teamId: string) {
      const r = await call(baseUrl, 'GET', `/admin/teams/${encodeURIComponent(teamId)}/members`, { token: adminToken });
      return MemberListResponse.parse(expectOk('list members', r));
    },
    async revoke(teamId: string, memberId: string) {
      const r = await call(
        baseUrl,
        'DELETE',
        `/admin/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(memberId)}`,
        { token: adminToken },
      );
      return RevokeMemberResponse.parse(expectOk('revoke', r));
    },
  };
}

export async function joinTeam(baseUrl: string, invite: string, name: string) {
  return JoinResponse.parse(expectOk('join', await call(baseUrl, 'POST', '/teams/join', { body: { invite, name } })));
}

export async function whoAmI(baseUrl: string, token: string) {
  return MeResponse.parse(expectOk('me', await call(baseUrl, 'GET', '/teams/me', { token })));
}

/** A team with `agents` agents and `viewers` viewers, all joined: what most tests start from. */
export async function createTeamWithMembers(
  baseUrl: string,
  adminToken: string,
  { name = 'Support', agents = 1, viewers = 0 }: { name?: string; agents?: number; viewers?: number } = {},
) {
  const admin = adminClient(baseUrl, adminToken);
  const team = await admin.createTeam(name);
  const members: Awaited<ReturnType<typeof joinTeam>>[] = [];
  for (let i = 0; i < agents; i++) {
    const invite = i === 0 ? team.invite : await admin.createInvite(team.teamId, 'agent');
    members.push(await joinTeam(baseUrl, invite, `Agent ${i + 1}`));
  }
  for (let i = 0; i < viewers; i++) {
    members.push(await joinTeam(baseUrl, await admin.createInvite(team.teamId, 'viewer'), `Viewer ${i + 1}`));
  }
  return { teamId: team.teamId, admin, members };
}
