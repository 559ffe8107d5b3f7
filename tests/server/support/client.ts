// A member's Node client: a HocuspocusProvider (4.x) on its own HocuspocusProviderWebsocket
// with `ws` as the WebSocket (Node 20 has no global WebSocket). Records what the provider
// reports (auth failures, closes) so tests and the bench can wait on it.
//
// Two provider habits (see docs DESIGN.md section 8) this works around:
// - Passing `url` straight to HocuspocusProvider makes it build its own socket and fire every
//   status callback twice; an explicit websocketProvider + attach() does not.
// - On a refused token the provider keeps the socket open and retries forever: by default
//   this client destroys itself on `authenticationFailed` (after recording the reason).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { waitFor } from './util';

export interface CloseRecord {
  code: number | undefined;
  reason: string | undefined;
  at: number;
}

export interface MemberClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** Reasons of every `authenticationFailed`, in order. */
  authFailures: string[];
  /** Every `close` the provider reported (document-level CLOSE messages and socket closes). */
  closes: CloseRecord[];
  /** 'readonly' | 'read-write' once authenticated. */
  scope(): string | undefined;
  /** Resolves when synced; rejects with the reason when authentication fails first. */
  synced(timeoutMs?: number): Promise<void>;
  /** Resolves with the first authentication failure's reason (or throws after the timeout). */
  authFailure(timeoutMs?: number): Promise<string>;
  /** Resolves once the server acknowledged every local change (provider.unsyncedChanges === 0). */
  acked(timeoutMs?: number): Promise<void>;
  destroy(): void;
  destroyed: boolean;
}

export interface MemberClientOptions {
  wsUrl: string;
  token: string;
  documentName: string;
  /** Reuse a Y.Doc (e.g. the client's own copy that survived a server crash). */
  doc?: Y.Doc;
  /** Default true. */
  destroyOnAuthFailure?: boolean;
  /** Extra WebSocket options for ws (e.g. { headers: { Origin } }). */
  wsOptions?: WebSocket.ClientOptions;
}

export function connectMember(options: MemberClientOptions): MemberClient {
  const doc = options.doc ?? new Y.Doc();
  const wsOptions = options.wsOptions;
  // The provider calls `new WebSocketPolyfill(url)`; a subclass carries extra options.
  const Polyfill = wsOptions
    ? class extends WebSocket {
        constructor(url: string) {
          super(url, wsOptions);
        }
      }
    : WebSocket;
  const socket = new HocuspocusProviderWebsocket({
    url: options.wsUrl,
    WebSocketPolyfill: Polyfill,
    // Tests reconnect quickly and deterministically after a server restart.
    delay: 200,
    minDelay: 200,
    maxDelay: 1000,
    jitter: false,
  });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: options.documentName, document: doc, token: options.token });
  const client: MemberClient = {
    doc,
    provider,
    socket,
    authFailures: [],
    closes: [],
    scope: () => provider.authorizedScope,
    destroyed: false,
    async synced(timeoutMs = 10_000) {
      await waitFor(`${options.documentName} synced`, () => client.authFailures.length > 0 || provider.isSynced, {
        timeoutMs,
      });
      if (client.authFailures.length) throw new AuthFailed(client.authFailures[0]!);
    },
    authFailure(timeoutMs = 10_000) {
      return waitFor(`${options.documentName} authentication failure`, () => client.authFailures[0], { timeoutMs });
    },
    acked(timeoutMs = 10_000) {
      return waitFor(`${options.documentName} acknowledged`, () => provider.isSynced && provider.unsyncedChanges === 0, {
        timeoutMs,
      }).then(() => undefined);
    },
    destroy() {
      if (client.destroyed) return;
      client.destroyed = true;
      provider.destroy();
      socket.destroy();
    },
  };
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    client.authFailures.push(reason);
    if (options.destroyOnAuthFailure !== false) setTimeout(() => client.destroy(), 0);
  });
  provider.on('close', ({ event }: { event: { code?: number; reason?: string } }) => {
    client.closes.push({ code: event?.code, reason: event?.reason, at: Date.now() });
  });
  provider.attach();
  return client;
}

export class AuthFailed extends Error {
  constructor(readonly reason: string) {
    super(`authentication failed: ${reason}`);
  }
}

/** Connects and waits for the sync (throws AuthFailed with the server's reason). */
export async function openDocument(options: MemberClientOptions, timeoutMs = 10_000): Promise<MemberClient> {
  const client = connectMember(options);
  try {
    await client.synced(timeoutMs);
    return client;
  } catch (error) {
    client.destroy();
    throw error;
  }
}
