// CORS for the extension: its background service worker and pages call the HTTP API with
// `Origin: chrome-extension://<id>` or `moz-extension://<uuid>`. Those are allowed (any id,
// or exactly HANDLEBOOK_ALLOWED_ORIGINS); a request or WebSocket upgrade carrying any other
// Origin is refused with 403, so a web page cannot drive the API from a member's browser.
// No Origin at all (Node clients, curl) is allowed: CORS protects browsers, and the
// credentials (admin or member token) do the rest.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS } from '../../lib/team/server-api';

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9._-]+$/;

export function requestOrigin(request: IncomingMessage): string | null {
  const origin = request.headers.origin;
  return typeof origin === 'string' && origin !== '' ? origin : null;
}

/** null (no Origin) is allowed; otherwise the configured list, or any extension origin. */
export function originAllowed(origin: string | null, allowed: string[] | null): boolean {
  if (origin === null) return true;
  if (allowed) return allowed.includes(origin);
  return EXTENSION_ORIGIN.test(origin);
}

/** Headers for an allowed request's response (nothing to add without an Origin). */
export function corsHeaders(origin: string | null): OutgoingHttpHeaders {
  if (origin === null) return {};
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/** The answer to an allowed preflight (OPTIONS). */
export function preflightHeaders(origin: string | null): OutgoingHttpHeaders {
  return {
    ...corsHeaders(origin),
    'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS,
    'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  };
}
