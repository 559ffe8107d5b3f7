// The admin API (Bearer HANDLEBOOK_ADMIN_TOKEN): create teams, issue invites, list and
// revoke members. The admin token check happens in the router, before these run.
import type { IncomingMessage } from 'node:http';
import {
  CreateInviteRequest,
  CreateTeamRequest,
  HttpErrors,
  type CreateInviteResponse,
  type CreateTeamResponse,
  type MemberListResponse,
  type MemberRole,
  type RevokeMemberResponse,
} from '../../lib/team/server-api';
import { hashSecret, newId, newSecret } from '../auth';
import type { HttpContext } from './context';
import { writeMembersDoc } from './members';
import { HttpError, readJson } from './respond';

type Send = (status: number, body: unknown) => void;

async function requireTeam(ctx: HttpContext, teamId: string) {
  const team = await ctx.storage.getTeam(teamId);
  if (!team) throw new HttpError(404, { error: HttpErrors.teamUnknown });
  return team;
}

async function issueInvite(ctx: HttpContext, teamId: string, role: MemberRole): Promise<string> {
  const invite = newSecret();
  await ctx.storage.createInvite(teamId, hashSecret(invite), role, Date.now());
  return invite;
}

/** POST /admin/teams {name} -> {teamId, invite}: the invite is for an agent. */
export async function createTeam(ctx: HttpContext, request: IncomingMessage, send: Send) {
  const body = await readJson(request, CreateTeamRequest);
  const teamId = newId('t');
  await ctx.storage.createTeam(teamId, body.name, Date.now());
  const invite = await issueInvite(ctx, teamId, 'agent');
  send(200, { teamId, invite } satisfies CreateTeamResponse);
}

/** POST /admin/teams/{teamId}/invites {role?} -> {invite} */
export async function createInvite(ctx: HttpContext, request: IncomingMessage, send: Send, teamId: string) {
  const body = await readJson(request, CreateInviteRequest);
  await requireTeam(ctx, teamId);
  const invite = await issueInvite(ctx, teamId, body.role ?? 'agent');
  send(200, { invite } satisfies CreateInviteResponse);
}

/** GET /admin/teams/{teamId}/members -> [{memberId, name, role, joinedAt, revokedAt}] */
export async function listMembers(ctx: HttpContext, send: Send, teamId: string) {
  await requireTeam(ctx, teamId);
  const members = await ctx.storage.listMembers(teamId);
  send(
    200,
    members.map((m) => ({
      memberId: m.memberId,
      name: m.name,
      role: m.role,
      joinedAt: m.joinedAt,
      revokedAt: m.revokedAt,
    })) satisfies MemberListResponse,
  );
}

/**
 * DELETE /admin/teams/{teamId}/members/{memberId}: the token stops working at once (storage
 * is checked on every authentication), live connections close on every instance, and the
 * members document shows revokedAt.
 */
export async function revokeMember(ctx: HttpContext, send: Send, teamId: string, memberId: string) {
  await requireTeam(ctx, teamId);
  const member = await ctx.storage.revokeMember(teamId, memberId, Date.now());
  if (!member || member.revokedAt === null) throw new HttpError(404, { error: HttpErrors.memberUnknown });
  // Fails (500) if Redis cannot be told; the DELETE is idempotent, so retrying re-announces.
  await ctx.revocations.revoke(member.memberId);
  await writeMembersDoc(ctx, member);
  send(200, { memberId: member.memberId, revokedAt: member.revokedAt } satisfies RevokeMemberResponse);
}

