// The contract between the Handlebook team server (server/) and the extension: HTTP bodies
// (zod schemas), WebSocket refusal reasons, the close code of a revoked member, document
// names and the members document's shape. Both sides import this file, so it stays free of
// Node-only imports (it runs in a service worker too).
import { z } from 'zod';

// ---------------------------------------------------------------------------------------
// Roles and names
// ---------------------------------------------------------------------------------------

/** An agent reads and writes the team's documents; a viewer only reads. */
export const MemberRole = z.enum(['agent', 'viewer']);
export type MemberRole = z.infer<typeof MemberRole>;

/** A member's display name: trimmed, 1..60 characters. */
export const MemberName = z.string().trim().min(1).max(60);
/** A team's name: trimmed, 1..100 characters. */
export const TeamName = z.string().trim().min(1).max(100);

// ---------------------------------------------------------------------------------------
// Admin API (Authorization: Bearer <HANDLEBOOK_ADMIN_TOKEN>)
// ---------------------------------------------------------------------------------------

/** POST /admin/teams */
export const CreateTeamRequest = z.object({ name: TeamName });
export type CreateTeamRequest = z.infer<typeof CreateTeamRequest>;
/** The invite is for an agent and can be redeemed once. */
export const CreateTeamResponse = z.object({ teamId: z.string(), invite: z.string() });
export type CreateTeamResponse = z.infer<typeof CreateTeamResponse>;

/** POST /admin/teams/{teamId}/invites (an empty body is `{}`: an agent invite). */
export const CreateInviteRequest = z.object({ role: MemberRole.optional() });
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;
export const CreateInviteResponse = z.object({ invite: z.string() });
export type CreateInviteResponse = z.infer<typeof CreateInviteResponse>;

/** GET /admin/teams/{teamId}/members: times are ms since the epoch; revokedAt null while active. */
export const MemberListEntry = z.object({
  memberId: z.string(),
  name: z.string(),
  role: MemberRole,
  joinedAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type MemberListEntry = z.infer<typeof MemberListEntry>;
export const MemberListResponse = z.array(MemberListEntry);
export type MemberListResponse = z.infer<typeof MemberListResponse>;

/**
 * DELETE /admin/teams/{teamId}/members/{memberId}. Idempotent: revoking a revoked member
 * answers with the first revocation's time.
 */
export const RevokeMemberResponse = z.object({ memberId: z.string(), revokedAt: z.number() });
export type RevokeMemberResponse = z.infer<typeof RevokeMemberResponse>;

/** GET /health: 200 once storage is open and the server listens; 503 when storage fails. */
export const HealthResponse = z.object({
  ok: z.boolean(),
  storage: z.enum(['pglite', 'postgres']),
  redis: z.boolean(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

// ---------------------------------------------------------------------------------------
// Member API
// ---------------------------------------------------------------------------------------

/** POST /teams/join: redeems an invite (once) for a member token. */
export const JoinRequest = z.object({ invite: z.string().min(1).max(200), name: MemberName });
export type JoinRequest = z.infer<typeof JoinRequest>;
export const JoinResponse = z.object({
  teamId: z.string(),
  teamName: z.string(),
  memberId: z.string(),
  role: MemberRole,
  /** The member token: the WebSocket provider's `token` and the Bearer of /teams/me. Shown once. */
  token: z.string(),
});
export type JoinResponse = z.infer<typeof JoinResponse>;

/** GET /teams/me (Authorization: Bearer <member token>). */
export const MeResponse = z.object({
  teamId: z.string(),
  teamName: z.string(),
  memberId: z.string(),
  name: z.string(),
  role: MemberRole,
});
export type MeResponse = z.infer<typeof MeResponse>;

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/**
 * Every error answer is JSON `{ error }`; a 400 also names the offending `field` (a dotted
 * path, "" for the body as a whole) and says what is wrong in `message`.
 */
export const ErrorResponse = z.object({
  error: z.string(),
  field: z.string().optional(),
  message: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** The `error` strings the server answers with, by status. */
export const HttpErrors = {
  /** 400: the body is not JSON, or a field is wrong (see `field`). */
  badRequest: 'bad-request',
  /** 401 on /admin/*: missing or wrong admin token. */
  adminUnauthorized: 'unauthorized',
  /** 401 on /teams/me: see AuthFailureReason. */
  unknownToken: 'unknown-token',
  revoked: 'revoked',
  /** 403: an Origin header that is not allowed. */
  originNotAllowed: 'origin-not-allowed',
  /** 404 */
  teamUnknown: 'team-unknown',
  memberUnknown: 'member-unknown',
  inviteUnknown: 'invite-unknown',
  notFound: 'not-found',
  /** 405 */
  methodNotAllowed: 'method-not-allowed',
  /** 410: the invite was redeemed already. */
  inviteUsed: 'invite-used',
  /** 413 */
  bodyTooLarge: 'body-too-large',
  /** 500 */
  internal: 'internal-error',
} as const;

// ---------------------------------------------------------------------------------------
// WebSocket (Hocuspocus)
// ---------------------------------------------------------------------------------------

/**
 * Why the server refused a document: the provider emits `authenticationFailed` with
 * `{ reason }` set to one of these (they are the only reasons it sends).
 * - unknown-token: no member has this token (never issued, or a typo).
 * - revoked: the member was revoked; the token will never work again.
 * - wrong-team: the document is not `<your teamId>/<something>`. Says nothing about
 *   whether that document or team exists.
 * A client should destroy its provider on any of them (the provider would otherwise keep
 * the socket and retry forever).
 */
export const AuthFailureReason = z.enum(['unknown-token', 'revoked', 'wrong-team']);
export type AuthFailureReason = z.infer<typeof AuthFailureReason>;

/**
 * When a member is revoked, the server (every instance) ends each of its connections within
 * 2 s: first a Hocuspocus CLOSE message on each open document (the provider emits `close`
 * with `event.reason === 'revoked'`, code 1000, since that message carries no code), then it
 * closes the WebSocket with this code and reason (the provider emits `close` and
 * `disconnect` with `event.code === 4403`, `event.reason === 'revoked'`). The provider then
 * reconnects on its own and is refused with `authenticationFailed` reason `revoked`.
 * 4403 is Hocuspocus's "Forbidden" code.
 */
export const REVOKED_CLOSE = { code: 4403, reason: 'revoked' } as const;

/** True when a provider `close`/`disconnect` event means "this member was revoked". */
export function isRevokedClose(event: { code?: number; reason?: string } | undefined): boolean {
  return event?.reason === REVOKED_CLOSE.reason;
}

/**
 * Document names are `<teamId>/<anything non-empty>`. A member may open any name under its
 * own team's prefix; everything else is refused with `wrong-team`.
 */
export function teamDocumentName(teamId: string, rest: string): string {
  return `${teamId}/${rest}`;
}

/** The team id a document name belongs to, or null when the name has no team prefix. */
export function teamIdOfDocument(documentName: string): string | null {
  const slash = documentName.indexOf('/');
  if (slash <= 0 || slash === documentName.length - 1) return null;
  return documentName.slice(0, slash);
}

/**
 * The members document: one per team, written only by the server (every client connection
 * to it is read-only). It holds a Y.Map named MEMBERS_MAP: memberId -> MemberDocEntry, a
 * plain object (not a nested Y.Map). Revoked members stay in it with revokedAt set.
 */
export function membersDocumentName(teamId: string): string {
  return teamDocumentName(teamId, 'members');
}
export const MEMBERS_MAP = 'members';
export const MemberDocEntry = z.object({
  name: z.string(),
  role: MemberRole,
  joinedAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type MemberDocEntry = z.infer<typeof MemberDocEntry>;

/** CORS: what preflights are answered with. */
export const CORS_ALLOWED_METHODS = 'GET, POST, DELETE';
export const CORS_ALLOWED_HEADERS = 'authorization, content-type';
