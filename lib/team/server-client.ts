import type { ZodType } from 'zod';
import { ErrorResponse, JoinResponse, MeResponse, type JoinRequest } from './server-api';
import { SNAPSHOT_PAGE_SIZE } from './snapshot';

/**
 * The team server's member API as the extension calls it (from the worker): redeeming an invite
 * and asking who this token belongs to. Every failure becomes a TeamServerError whose message a
 * person can act on; nothing here retries. call() and answerOf() are shared with the admin API
 * (admin-client.ts), which the dashboard calls directly.
 */
export class TeamServerError extends Error {
  constructor(
    message: string,
    /** The server's `error` string, or 'unreachable' when no answer came. */
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TeamServerError';
  }
}

const MESSAGES: Record<string, string> = {
  'invite-unknown': 'This invite is not known to the team server. Check that you copied all of it.',
  'invite-used': 'This invite was already used. Ask your team lead for a new one.',
  revoked: 'You were removed from this team.',
  'unknown-token': 'The team server does not know this browser any more.',
  'origin-not-allowed': 'The team server does not allow this browser extension (HANDLEBOOK_ALLOWED_ORIGINS).',
};

/** The server's base URL, normalised; throws TeamServerError for anything but http(s). */
export function serverBase(server: string): string {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw new TeamServerError(`"${server}" is not a server address. It looks like http://127.0.0.1:8787.`, 'bad-address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TeamServerError('The server address must start with http:// or https://.', 'bad-address');
  }
  return url.origin;
}

/** The team server's WebSocket URL (ws:// or wss://, same host and port as its HTTP address). */
export function socketUrl(server: string): string {
  const base = new URL(serverBase(server));
  return `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}`;
}

/**
 * One request to the team server: its JSON answer, or a TeamServerError saying what went wrong
 * (no answer, or the server's `error` turned into a sentence; `messages` adds or overrides
 * sentences for the caller's own error codes).
 */
export async function call(url: string, init: RequestInit, messages: Record<string, string> = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new TeamServerError(`The team server at ${new URL(url).origin} did not answer. Is it running, and is the address right?`, 'unreachable');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ErrorResponse.safeParse(body);
    const code = error.success ? error.data.error : `http-${response.status}`;
    const detail = error.success && error.data.message ? ` (${error.data.message})` : '';
    throw new TeamServerError(messages[code] ?? MESSAGES[code] ?? `The team server refused: ${code}${detail}.`, code, response.status);
  }
  return body;
}

/** The answer checked against its schema; anything else is not a Handlebook team server. */
export function answerOf<T>(schema: ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new TeamServerError('The team server answered something that is not a Handlebook team server.', 'bad-answer');
  return parsed.data;
}

export async function redeemInvite(server: string, request: JoinRequest): Promise<JoinResponse> {
  const body = await call(`${serverBase(server)}/teams/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  return answerOf(JoinResponse, body);
}

export async function whoAmI(server: string, token: string): Promise<MeResponse> {
  const body = await call(`${serverBase(server)}/teams/me`, { headers: { authorization: `Bearer ${token}` } });
  return answerOf(MeResponse, body);
}

/** A page of the team's documents (lib/team/snapshot.ts), as bytes: those named after `after`. */
export async function fetchSnapshot(server: string, token: string, after: string | null, pageSize = SNAPSHOT_PAGE_SIZE): Promise<Uint8Array> {
  const url = `${serverBase(server)}/teams/snapshot?limit=${pageSize}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new TeamServerError(`The team server at ${serverBase(server)} did not answer. Is it running, and is the address right?`, 'unreachable');
  }
  if (!response.ok) {
    const error = ErrorResponse.safeParse(await response.json().catch(() => undefined));
    const code = error.success ? error.data.error : `http-${response.status}`;
    throw new TeamServerError(MESSAGES[code] ?? `The team server refused: ${code}.`, code, response.status);
  }
  return new Uint8Array(await response.arrayBuffer());
}
