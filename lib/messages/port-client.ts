import { HandlebookError, isContextInvalidated, NO_ANSWER_MESSAGE } from './errors';
import { portReplySchema, type Envelope, type PortRequest } from './protocol';

/** The part of a runtime.Port the client uses (a fake one in tests). */
export interface ClientPort {
  postMessage(message: unknown): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

interface Pending {
  resolve(reply: unknown): void;
  reject(error: unknown): void;
}

interface Channel {
  port: ClientPort;
  pending: Map<number, Pending>;
}

/** The port closed before the answer came (Chrome stopped the worker, the page was put away). */
class PortClosedError extends Error {}

/**
 * Read-only requests over one long-lived port to the background (why: REQUEST_PORT_NAME in
 * protocol.ts). Answers are matched to requests by number, so requests may overlap. The port
 * is opened by the first request and again by the first one after it closed: Chrome closes it
 * when it stops the worker (~30 s after the last event) or puts the page in the back/forward
 * cache, and a new connection starts the worker again. A request whose port closed before its
 * answer came is sent once more on a new port; if that one closes too, the request fails as
 * `unavailable`. Returns the raw answer, which the caller validates as a ReplyEnvelope.
 */
export class PortClient {
  private channel: Channel | undefined;
  private nextId = 1;

  constructor(private readonly connect: () => ClientPort) {}

  async request(message: Envelope): Promise<unknown> {
    try {
      return await this.once(message);
    } catch (error) {
      if (!(error instanceof PortClosedError)) throw error;
    }
    try {
      return await this.once(message);
    } catch (error) {
      if (error instanceof PortClosedError) throw new HandlebookError('unavailable', NO_ANSWER_MESSAGE);
      throw error;
    }
  }

  private once(message: Envelope): Promise<unknown> {
    // connect() throws "Extension context invalidated" in an orphaned content script: the
    // caller sees that error itself, as with sendMessage.
    const channel = this.channel ?? this.open();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      channel.pending.set(id, { resolve, reject });
      const frame: PortRequest = { id, message };
      try {
        channel.port.postMessage(frame);
      } catch (error) {
        if (isContextInvalidated(error)) {
          channel.pending.delete(id);
          reject(error);
        }
        // Posting on a port that has just closed throws before its onDisconnect has run.
        this.close(channel);
      }
    });
  }

  private open(): Channel {
    const channel: Channel = { port: this.connect(), pending: new Map() };
    channel.port.onMessage.addListener((raw) => {
      const frame = portReplySchema.safeParse(raw);
      if (!frame.success) return;
      const pending = channel.pending.get(frame.data.id);
      channel.pending.delete(frame.data.id);
      pending?.resolve(frame.data.reply);
    });
    channel.port.onDisconnect.addListener(() => this.close(channel));
    this.channel = channel;
    return channel;
  }

  /** Forgets `channel` and fails what still waits on it (each caller then asks once more). */
  private close(channel: Channel): void {
    if (this.channel === channel) this.channel = undefined;
    const waiting = [...channel.pending.values()];
    channel.pending.clear();
    for (const p of waiting) p.reject(new PortClosedError());
  }
}
