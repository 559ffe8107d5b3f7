// The member API: redeem an invite for a member token, and ask who a token belongs to.
import type { IncomingMessage } from 'node:http';
import { HttpErrors, JoinRequest, type JoinResponse, type MeResponse } from '../../lib/team/server-api';
import { bearerToken, hashSecret, lookupMember, newId, newSecret } from '../auth';
import { encodeSnapshot, SNAPSHOT_PAGE_MAX } from '../../lib/team/snapshot';
import { mergeStates, type MemberRow } from '../storage';
import type { HttpContext } from './context';
import { HttpError, readJson } from './respond';

type Send = (status: number, body: unknown) => void;

/**
 * The members table is already updated; the members document is its projection and is
 * reconciled on its next load, so a failure here is logged, not turned into a failed join
 * (the member could never see the token it was just given).
 */
export async function writeMembersDoc(ctx: HttpContext, member: MemberRow): Promise<void> {
  try {
    await ctx.membersDoc.write(member.teamId, [member]);
  } catch (error) {
    ctx.log(`error: members document of ${member.teamId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * POST /teams/join {invite, name} -> {teamId, teamName, memberId, role, token}. An invite
 * is redeemed once: again -> 410 invite-used; never issued -> 404 invite-unknown.
 */
export async function join(ctx: HttpContext, request: IncomingMessage, send: Send) {
  const body = await readJson(request, JoinRequest);
  const token = newSecret();
  const result = await ctx.storage.redeemInvite(
    hashSecret(body.invite),
    { memberId: newId('m'), name: body.name, tokenHash: hashSecret(token) },
    Date.now(),
  );
  if (!result.ok) {
    throw new HttpError(result.error === 'invite-used' ? 410 : 404, {
      error: result.error === 'invite-used' ? HttpErrors.inviteUsed : HttpErrors.inviteUnknown,
    });
  }
  const { member } = result;
  await writeMembersDoc(ctx, member);
  send(200, {
    teamId: member.teamId,
    teamName: member.teamName,
    memberId: member.memberId,
    role: member.role,
    token,
  } satisfies JoinResponse);
}

/** GET /teams/me (Bearer member token) -> who this is, or 401 unknown-token / revoked. */
export async function me(ctx: HttpContext, request: IncomingMessage, send: Send) {
  const found = await lookupMember(ctx.storage, bearerToken(request.headers.authorization));
  if (!found.ok) throw new HttpError(401, { error: found.reason });
  const { member } = found;
  send(200, {
    teamId: member.teamId,
    teamName: member.teamName,
    memberId: member.memberId,
    name: member.name,
    role: member.role,
  } satisfies MeResponse);
}

/**
 * GET /teams/snapshot (Bearer member token) -> the documents of the member's team
 * (lib/team/snapshot.ts), for a member whose browser has none of them yet: stored states,
 * merged with what this instance holds in memory and has not stored yet. With `limit`, a page:
 * at most `limit` stored documents named after `after`, with the live ones in the same range
 * (a document only in memory falls in the page whose range holds its name, the last page
 * taking every name after the last stored one), and the name to ask after next.
 */
export async function snapshot(ctx: HttpContext, request: IncomingMessage, sendBytes: (status: number, bytes: Uint8Array) => void) {
  const found = await lookupMember(ctx.storage, bearerToken(request.headers.authorization));
  if (!found.ok) throw new HttpError(401, { error: found.reason });
  const prefix = `${found.member.teamId}/`;
  const query = new URL(request.url ?? '/', 'http://server').searchParams;
  const limitParam = query.get('limit');
  if (limitParam === null) {
    sendBytes(200, encodeSnapshot(withLive(ctx, prefix, await ctx.storage.listDocuments(prefix), () => true)));
    return;
  }
  const limit = Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1) throw new HttpError(400, { error: HttpErrors.badRequest, field: 'limit', message: 'limit must be a whole number of documents, 1 or more' });
  const after = query.get('after');
  const stored = await ctx.storage.listDocuments(prefix, { after, limit: Math.min(limit, SNAPSHOT_PAGE_MAX) });
  // A full page may have more after it; a shorter one is the last.
  const last = stored.length === Math.min(limit, SNAPSHOT_PAGE_MAX) ? stored[stored.length - 1]![0] : null;
  const inPage = (name: string) => (after === null || name > after) && (last === null || name <= last);
  const documents = [...withLive(ctx, prefix, stored, inPage)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  sendBytes(200, encodeSnapshot(documents, { next: last }));
}

/** `stored` with this instance's live documents (those `include` takes) merged in or added. */
function withLive(ctx: HttpContext, prefix: string, stored: [string, Uint8Array][], include: (name: string) => boolean): Map<string, Uint8Array> {
  const documents = new Map(stored);
  for (const [name, state] of ctx.liveDocuments(prefix, include)) {
    const kept = documents.get(name);
    documents.set(name, kept ? mergeStates(kept, state) : state);
  }
  return documents;
}
