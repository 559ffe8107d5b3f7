import { PORT_REQUEST_TYPES, portRequestSchema, REQUEST_PORT_NAME, type PortReply, type RequestType } from '../messages/protocol';
import type { HandlerContext } from './handlers';
import { failure, route, type RouterIdentity } from './router';
import type { SenderInfo } from './sender';

/** The part of a runtime.Port the request port uses (a fake one in tests). */
export interface RequestPort {
  name: string;
  sender?: SenderInfo;
  postMessage(message: unknown): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
}

/**
 * Answers the request port (why it exists: REQUEST_PORT_NAME in protocol.ts). Each request goes
 * through the router exactly as a sendMessage request would, with the port's sender, so the
 * same schema and sender checks apply; requests that may write are refused here, since a
 * client resends a request whose answer a closing port lost. Answers carry the request's
 * number, and may go out in any order. Returns false when `port` is not the request port.
 */
export function handleRequestPort(port: RequestPort, identity: RouterIdentity, ctx: HandlerContext): boolean {
  if (port.name !== REQUEST_PORT_NAME) return false;
  const sender = port.sender ?? {};
  port.onMessage.addListener((raw) => {
    const frame = portRequestSchema.safeParse(raw);
    // Without a number there is nobody to answer.
    if (!frame.success) return;
    const { id, message } = frame.data;
    const type = (message as { type?: unknown } | null)?.type;
    const answer = PORT_REQUEST_TYPES.has(type as RequestType)
      ? route(message, sender, identity, ctx)
      : Promise.resolve(failure('invalid_request', `"${String(type)}" cannot be sent over the request port; send it as a message.`));
    void answer.then((reply) => {
      const out: PortReply = { id, reply };
      try {
        port.postMessage(out);
      } catch {
        // The page went away (or into the back/forward cache) before its answer: nobody waits.
      }
    });
  });
  return true;
}
