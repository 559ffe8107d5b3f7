import {
  CreateInviteResponse,
  CreateTeamResponse,
  MemberListResponse,
  RevokeMemberResponse,
  type MemberRole,
} from './server-api';
import { answerOf, call, serverBase } from './server-client';

/**
 * The team server's admin API, called from the dashboard by the team lead. The admin token is
 * typed by them for each use and kept only in the page's memory: it is never stored. Every
 * failure is a TeamServerError (server-client.ts) whose message a person can act on.
 */

const ADMIN_MESSAGES: Record<string, string> = {
  unauthorized: 'The team server did not accept this admin token. Copy it again from .handlebook-server/admin-token (or HANDLEBOOK_ADMIN_TOKEN).',
  'team-unknown': 'The team server does not know this team id. Check it, or create the team again.',
  'member-unknown': 'The team server does not know this member (or they never joined).',
  'bad-request': 'The team server refused the request as malformed.',
};

function adminInit(adminToken: string, method: string, body?: unknown): RequestInit {
  const headers: Record<string, string> = { authorization: `Bearer ${adminToken.trim()}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
}

function teamPath(server: string, teamId: string): string {
  return `${serverBase(server)}/admin/teams/${encodeURIComponent(teamId.trim())}`;
}

/** POST /admin/teams: a new team and its first (agent) invite. */
export async function createTeam(server: string, adminToken: string, name: string): Promise<CreateTeamResponse> {
  const body = await call(`${serverBase(server)}/admin/teams`, adminInit(adminToken, 'POST', { name: name.trim() }), ADMIN_MESSAGES);
  return answerOf(CreateTeamResponse, body);
}

/** POST /admin/teams/{teamId}/invites: one more invite, redeemable once. */
export async function createInvite(server: string, adminToken: string, teamId: string, role: MemberRole = 'agent'): Promise<CreateInviteResponse> {
  const body = await call(`${teamPath(server, teamId)}/invites`, adminInit(adminToken, 'POST', { role }), ADMIN_MESSAGES);
  return answerOf(CreateInviteResponse, body);
}

/** GET /admin/teams/{teamId}/members: everyone who joined, revoked ones included. */
export async function listMembers(server: string, adminToken: string, teamId: string): Promise<MemberListResponse> {
  const body = await call(`${teamPath(server, teamId)}/members`, adminInit(adminToken, 'GET'), ADMIN_MESSAGES);
  return answerOf(MemberListResponse, body);
}

/** DELETE /admin/teams/{teamId}/members/{memberId}: their token stops working at once. */
export async function revokeMember(server: string, adminToken: string, teamId: string, memberId: string): Promise<RevokeMemberResponse> {
  const body = await call(
    `${teamPath(server, teamId)}/members/${encodeURIComponent(memberId)}`,
    adminInit(adminToken, 'DELETE'),
    ADMIN_MESSAGES,
  );
  return answerOf(RevokeMemberResponse, body);
}
