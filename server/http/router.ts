// Routes every HTTP request (the WebSocket upgrades go to Hocuspocus, see ../index.ts):
// Origin check, preflights, admin token, then the handler. Always answers; never throws.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpErrors, type HealthResponse } from '../../lib/team/server-api';
import { adminTokenMatches, bearerToken } from '../auth';
import { createInvite, createTeam, listMembers, revokeMember } from './admin';
import type { HttpContext } from './context';
import { corsHeaders, originAllowed, preflightHeaders, requestOrigin } from './cors';
import { join, me, snapshot } from './members';
import { HttpError, sendJson } from './respond';

type Handler = (
  send: (status: number, body: unknown) => void,
  params: string[],
  sendBytes: (status: number, bytes: Uint8Array) => void,
) => Promise<void>;

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  admin: boolean;
  handler: (ctx: HttpContext, request: IncomingMessage) => Handler;
}

const SEGMENT = '([^/]+)';

const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/health$/,
    admin: false,
    handler: (ctx) => async (send) => {
      try {
        await ctx.storage.ping();
        send(200, { ok: true, storage: ctx.storage.kind, redis: ctx.redis } satisfies HealthResponse);
      } catch {
        send(503, { ok: false, storage: ctx.storage.kind, redis: ctx.redis } satisfies HealthResponse);
      }
    },
  },
  { method: 'POST', pattern: /^\/admin\/teams$/, admin: true, handler: (ctx, req) => (send) => createTeam(ctx, req, send) },
  {
    method: 'POST',
    pattern: new RegExp(`^/admin/teams/${SEGMENT}/invites$`),
    admin: true,
    handler: (ctx, req) => (send, [teamId]) => createInvite(ctx, req, send, teamId!),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/admin/teams/${SEGMENT}/members$`),
    admin: true,
    handler: (ctx) => (send, [teamId]) => listMembers(ctx, send, teamId!),
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/admin/teams/${SEGMENT}/members/${SEGMENT}$`),
    admin: true,
    handler: (ctx) => (send, [teamId, memberId]) => revokeMember(ctx, send, teamId!, memberId!),
  },
  { method: 'POST', pattern: /^\/teams\/join$/, admin: false, handler: (ctx, req) => (send) => join(ctx, req, send) },
  { method: 'GET', pattern: /^\/teams\/me$/, admin: false, handler: (ctx, req) => (send) => me(ctx, req, send) },
  { method: 'GET', pattern: /^\/teams\/snapshot$/, admin: false, handler: (ctx, req) => (_send, _params, sendBytes) => snapshot(ctx, req, sendBytes) },
];

function decodeSegments(match: RegExpExecArray): string[] | null {
  try {
    return match.slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

export async function handleHttp(ctx: HttpContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const origin = requestOrigin(request);
  const cors = corsHeaders(origin);
  const send = (status: number, body: unknown) => sendJson(response, status, body, cors);
  const sendBytes = (status: number, bytes: Uint8Array) => {
    response.writeHead(status, { ...cors, 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.byteLength, 'Cache-Control': 'no-store' });
    response.end(bytes);
  };
  try {
    if (!originAllowed(origin, ctx.allowedOrigins)) {
      // No CORS headers: the browser hides the answer from the page as well.
      sendJson(response, 403, { error: HttpErrors.originNotAllowed });
      return;
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, preflightHeaders(origin));
      response.end();
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    const candidates = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter((c) => c.match);
    // The admin token gates everything under /admin, including paths that do not exist, so
    // probing without it learns nothing.
    if (path === '/admin' || path.startsWith('/admin/')) {
      if (!adminTokenMatches(bearerToken(request.headers.authorization), ctx.adminToken)) {
        throw new HttpError(401, { error: HttpErrors.adminUnauthorized, message: 'missing or wrong admin token' });
      }
    }
    if (candidates.length === 0) throw new HttpError(404, { error: HttpErrors.notFound });
    const found = candidates.find((c) => c.route.method === request.method);
    if (!found) {
      response.setHeader('Allow', candidates.map((c) => c.route.method).join(', '));
      throw new HttpError(405, { error: HttpErrors.methodNotAllowed });
    }
    const params = decodeSegments(found.match!);
    if (!params) throw new HttpError(404, { error: HttpErrors.notFound });
    await found.route.handler(ctx, request)(send, params, sendBytes);
  } catch (error) {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof HttpError) {
      send(error.status, error.body);
      return;
    }
    ctx.log(`error: ${request.method} ${request.url?.split('?')[0]}: ${error instanceof Error ? error.message : String(error)}`);
    send(500, { error: HttpErrors.internal });
  }
}
