import { BOOK_WRITE_TYPES, PROTOCOL, envelopeSchema, type ErrorCode, type ReplyEnvelope, type RequestType } from '../messages/protocol';
import { MissingRecordError } from '../db/customers';
import { RequestRejectedError } from '../messages/errors';
import { HANDLERS, type HandlerContext } from './handlers';
import { classifySender, mayCall, type SenderInfo } from './sender';

export interface RouterIdentity {
  extensionId: string;
  extensionOrigin: string;
}

export function failure(code: ErrorCode, message: string, field?: string): ReplyEnvelope {
  return { ok: false, error: { code, message, ...(field !== undefined ? { field } : {}) } };
}

function isQuotaError(error: unknown): boolean {
  const names = [(error as { name?: string })?.name, (error as { inner?: { name?: string } })?.inner?.name];
  return names.includes('QuotaExceededError');
}

/** True for our own messages (the changed broadcast and others' traffic are not for us). */
export function isHandlebookRequest(message: unknown): boolean {
  return envelopeSchema.safeParse(message).success;
}

/**
 * Validates the sender and the schema of one message, runs its handler, and always answers
 * with a ReplyEnvelope: nothing thrown here ever crosses the message boundary.
 */
export async function route(
  message: unknown,
  sender: SenderInfo,
  identity: RouterIdentity,
  ctx: HandlerContext,
): Promise<ReplyEnvelope> {
  const envelope = envelopeSchema.safeParse(message);
  if (!envelope.success) return failure('invalid_request', 'Not a Handlebook message.');
  const type = envelope.data.type;
  if (!Object.hasOwn(PROTOCOL, type)) return failure('invalid_request', `Unknown message type "${type}".`);
  const entry = PROTOCOL[type as RequestType];

  const access = classifySender(sender, identity.extensionId, identity.extensionOrigin);
  if (!access) return failure('forbidden', 'This sender may not talk to Handlebook.');
  if (!mayCall(access, entry.access)) {
    return failure('forbidden', `"${type}" is only available from Handlebook's own pages.`);
  }

  const parsed = entry.request.safeParse(envelope.data.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    return failure('invalid_request', `Invalid ${type} request: ${field || 'payload'} ${issue?.message ?? ''}`.trim(), field);
  }

  try {
    if (ctx.ready) await ctx.ready;
    const readOnlyTeam = ctx.team?.readOnlyTeam();
    if (readOnlyTeam && BOOK_WRITE_TYPES.has(type as RequestType)) {
      return failure('forbidden', `You are a viewer in the team "${readOnlyTeam}": you can read its customers but not change them.`);
    }
    const handler = HANDLERS[type as RequestType] as (payload: unknown, ctx: HandlerContext) => Promise<unknown>;
    const tabId = access === 'content' ? sender.tab?.id : undefined;
    return { ok: true, data: await handler(parsed.data, tabId === undefined ? ctx : { ...ctx, tabId }) };
  } catch (error) {
    if (error instanceof MissingRecordError) return failure('not_found', error.message);
    if (error instanceof RequestRejectedError) return failure('invalid_request', error.message);
    if (isQuotaError(error)) {
      return failure(
        'quota_exceeded',
        'Your browser is out of storage space for Handlebook. Nothing was saved. Export a backup, then delete old interactions or customers to make room.',
      );
    }
    console.error('[Handlebook] request failed', type, error);
    return failure('internal', error instanceof Error ? error.message : 'Something went wrong.');
  }
}
