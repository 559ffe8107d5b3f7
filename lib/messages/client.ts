import { browser } from 'wxt/browser';
import { HandlebookError, isContextInvalidated, isReceivingEndMissing, NO_ANSWER_MESSAGE } from './errors';
import { PortClient } from './port-client';
import {
  PORT_REQUEST_TYPES,
  PROTOCOL,
  REQUEST_PORT_NAME,
  replyEnvelopeSchema,
  type Envelope,
  type ReplyOf,
  type RequestOf,
  type RequestType,
} from './protocol';

/** This page's request port, opened by its first read-only request (see PORT_REQUEST_TYPES). */
const port = new PortClient(() => {
  const opened = browser.runtime.connect({ name: REQUEST_PORT_NAME });
  // A port the worker could not take closes with runtime.lastError set; reading it marks it
  // handled (Chrome logs "Unchecked runtime.lastError" otherwise). The client asks again.
  opened.onDisconnect.addListener(() => void browser.runtime.lastError);
  return opened;
});

/**
 * Sends one request to the background and returns its typed, validated reply. Read-only
 * requests go over the request port (port-client.ts); the others by sendMessage, where the
 * first message after the worker stopped can fail with "Receiving end does not exist" while
 * Chrome starts it again, which is retried once. Errors the background answered become
 * HandlebookError with their code.
 */
export async function request<T extends RequestType>(type: T, payload: RequestOf<T>): Promise<ReplyOf<T>> {
  const envelope: Envelope = { handlebook: 1, type, payload };
  const raw = PORT_REQUEST_TYPES.has(type) ? await port.request(envelope) : await sendMessage(envelope);
  const reply = replyEnvelopeSchema.safeParse(raw);
  if (!reply.success) throw new HandlebookError('unavailable', NO_ANSWER_MESSAGE);
  if (!reply.data.ok) throw new HandlebookError(reply.data.error.code, reply.data.error.message, reply.data.error.field);
  const data = PROTOCOL[type].reply.safeParse(reply.data.data);
  if (!data.success) throw new HandlebookError('internal', `Unexpected reply to ${type}`);
  return data.data as ReplyOf<T>;
}

async function sendMessage(envelope: Envelope): Promise<unknown> {
  try {
    return await browser.runtime.sendMessage(envelope);
  } catch (error) {
    if (isContextInvalidated(error)) throw error;
    if (!isReceivingEndMissing(error)) throw error;
    return browser.runtime.sendMessage(envelope);
  }
}
