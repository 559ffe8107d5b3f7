import { browser } from 'wxt/browser';
import { HandlebookError, isContextInvalidated, isReceivingEndMissing } from './errors';
import { PROTOCOL, replyEnvelopeSchema, type Envelope, type ReplyOf, type RequestOf, type RequestType } from './protocol';

/**
 * Sends one request to the background and returns its typed, validated reply. The first
 * message after the worker stopped can fail with "Receiving end does not exist" while Chrome
 * starts it again; that is retried once. Errors the background answered become
 * HandlebookError with their code.
 */
export async function request<T extends RequestType>(type: T, payload: RequestOf<T>): Promise<ReplyOf<T>> {
  const envelope: Envelope = { handlebook: 1, type, payload };
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(envelope);
  } catch (error) {
    if (isContextInvalidated(error)) throw error;
    if (!isReceivingEndMissing(error)) throw error;
    raw = await browser.runtime.sendMessage(envelope);
  }
  const reply = replyEnvelopeSchema.safeParse(raw);
  if (!reply.success) throw new HandlebookError('unavailable', 'Handlebook did not answer. Try again in a moment.');
  if (!reply.data.ok) throw new HandlebookError(reply.data.error.code, reply.data.error.message, reply.data.error.field);
  const data = PROTOCOL[type].reply.safeParse(reply.data.data);
  if (!data.success) throw new HandlebookError('internal', `Unexpected reply to ${type}`);
  return data.data as ReplyOf<T>;
}
