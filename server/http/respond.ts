// JSON in, JSON out: body reading with a size limit, zod validation that names the wrong
// field, and the error type handlers throw.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { HttpErrors, type ErrorResponse } from '../../lib/team/server-api';

/** Bodies are a few fields; anything bigger is a mistake or an attack. */
const MAX_BODY_BYTES = 16 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse,
  ) {
    super(body.error);
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, { error: HttpErrors.bodyTooLarge });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads and validates a JSON body. An empty body counts as `{}` (so an optional-fields body
 * may be omitted). A failure is a 400 naming the first wrong field.
 */
export async function readJson<S extends z.ZodType>(request: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const text = await readBody(request);
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, { error: HttpErrors.badRequest, field: '', message: 'body is not valid JSON' });
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue ? issue.path.map(String).join('.') : '';
    throw new HttpError(400, {
      error: HttpErrors.badRequest,
      field,
      message: `${field || 'body'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  return result.data;
}
