// Credentials: invites, member tokens and the admin token, and the WebSocket authorization
// rule (which member may open which document, read-only or not).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { indexDocumentName } from '../lib/team/doc-names';
import { AuthFailureReason, membersDocumentName, teamIdOfDocument, type MemberRole } from '../lib/team/server-api';
import type { MemberSource } from './member-cache';
import type { MemberRow } from './storage';

/** 32 random bytes, base64url: invites and member tokens. Only their hash is stored. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Short random ids for teams and members (base64url: never a '/', so safe in document names). */
export function newId(prefix: 't' | 'm'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** Constant-time comparison (of digests, so the lengths always match). */
export function adminTokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `Authorization: Bearer <token>` -> token, else null. */
export function bearerToken(header: string | string[] | undefined | null): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match ? match[1]! : null;
}

/** What a connection carries once authenticated (Hocuspocus's connection context). */
export interface MemberContext {
  memberId: string;
  teamId: string;
  role: MemberRole;
}

/**
 * Thrown from onAuthenticate. Hocuspocus sends `reason` to the provider as the
 * permission-denied reason. Deliberately not an Error: Hocuspocus logs `error.message` of
 * failed hooks, and a refused token is not a server error worth a log line.
 */
export interface AuthRefusal {
  reason: AuthFailureReason;
}

function refuse(reason: AuthFailureReason): never {
  throw { reason } satisfies AuthRefusal;
}

const { 'unknown-token': UNKNOWN_TOKEN, revoked: REVOKED, 'wrong-team': WRONG_TEAM } = AuthFailureReason.enum;

export type MemberLookup = { ok: true; member: MemberRow } | { ok: false; reason: typeof UNKNOWN_TOKEN | typeof REVOKED };

/**
 * Used by both the WebSocket auth (through the MemberCache) and GET /teams/me (the storage
 * itself), so they agree on what a token is.
 */
export async function lookupMember(members: MemberSource, token: string | null): Promise<MemberLookup> {
  if (!token) return { ok: false, reason: UNKNOWN_TOKEN };
  const member = await members.memberByTokenHash(hashSecret(token));
  if (!member) return { ok: false, reason: UNKNOWN_TOKEN };
  if (member.revokedAt !== null) return { ok: false, reason: REVOKED };
  return { ok: true, member };
}

/**
 * The WebSocket rule: a valid, unrevoked member token opens documents named
 * `<its teamId>/<anything>`; any other name is `wrong-team` whether or not it exists.
 * Viewers are read-only everywhere; the members and index documents are read-only for
 * everyone (only the server writes them).
 */
export async function authorizeDocument(
  members: MemberSource,
  token: string,
  documentName: string,
): Promise<{ context: MemberContext; readOnly: boolean }> {
  const found = await lookupMember(members, token);
  if (!found.ok) refuse(found.reason);
  const { member } = found;
  if (teamIdOfDocument(documentName) !== member.teamId) refuse(WRONG_TEAM);
  const readOnly =
    member.role === 'viewer' || documentName === membersDocumentName(member.teamId) || documentName === indexDocumentName(member.teamId);
  return { context: { memberId: member.memberId, teamId: member.teamId, role: member.role }, readOnly };
}
