// Fills a team's book through the real server, the way members' browsers would have: one Yjs
// document per customer (`<teamId>/customer/<key>`), built with the extension's own
// applyCustomerEdit / applyHistoryEdit, sent by Node clients (`ws` as the WebSocket). The server
// keeps the index document itself (server/customer-index.ts), as it does for browsers.
//
// Each client is one socket (HocuspocusProviderWebsocket) with many documents attached in turn
// (bounded: the server closes a socket with more than 100 documents waiting for authentication).
// No vitest imports: the bench uses it.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Customer, Interaction } from '../../../lib/db/types';
import { applyCustomerEdit, applyHistoryEdit, LOCAL_EDIT } from '../../../lib/team/customer-doc';
import { customerDocName, INDEX_MAP, indexDocumentName } from '../../../lib/team/doc-names';

/** One socket of a member's Node client, shared by every document it opens. */
export function memberSocket(wsUrl: string): HocuspocusProviderWebsocket {
  return new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket, delay: 200, minDelay: 200, maxDelay: 1000, jitter: false });
}

export interface AttachedDoc {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  synced: Promise<void>;
  /** Resolves once the server acknowledged every local change. */
  acked(): Promise<void>;
}

/**
 * Attaches one document to `socket`, as the extension's worker does (team-sync.ts):
 * `awareness: false` for customer documents (one awareness per socket, the index's, keeps the
 * server's ping checks happy), and a session of its own, so a document detached and attached
 * again is never confused with its closing predecessor.
 */
export function attachDoc(socket: HocuspocusProviderWebsocket, token: string, name: string, { awareness = false, doc = new Y.Doc() } = {}): AttachedDoc {
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token, sessionAwareness: true, ...(awareness ? {} : { awareness: null }) });
  let failed: ((error: Error) => void) | undefined;
  const synced = new Promise<void>((resolve, reject) => {
    failed = reject;
    provider.on('synced', ({ state }: { state: boolean }) => state && resolve());
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => failed?.(new Error(`${name}: authentication failed: ${reason}`)));
  provider.attach();
  return {
    doc,
    provider,
    synced,
    acked: () =>
      new Promise<void>((resolve) => {
        if (provider.isSynced && provider.unsyncedChanges === 0) return resolve();
        const on = ({ number }: { number: number }) => {
          if (number !== 0) return;
          provider.off('unsyncedChanges', on);
          resolve();
        };
        provider.on('unsyncedChanges', on);
      }),
  };
}

/** Runs `task(i)` for i in [0, count) with at most `limit` running at once. */
export async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

export interface SeedOptions {
  wsUrl: string;
  /** An agent's member token (viewers are read-only). */
  token: string;
  teamId: string;
  /** Customers [0, count). */
  count: number;
  /** Customer `i` and its interactions (e.g. bench/data.ts customerWithHistory). */
  customerAt(i: number): { customer: Customer; interactions: Interaction[] };
  /** Sockets (Node clients) writing at once. Default 4. */
  sockets?: number;
  /** Documents in flight per socket. Default 48 (the extension's FETCH_CONCURRENCY). */
  perSocket?: number;
  author?: string;
  onProgress?(done: number): void;
}

/**
 * Writes customers [0, count) as their documents: each is attached, synced (empty), written in
 * one transaction, acknowledged by the server, and closed. Returns the interactions written.
 */
export async function seedTeamCustomers(options: SeedOptions): Promise<{ customers: number; interactions: number }> {
  const { wsUrl, token, teamId, count, customerAt, sockets = 4, perSocket = 48, author = 'Seeder' } = options;
  let interactions = 0;
  let done = 0;
  let next = 0;
  const clients = Array.from({ length: sockets }, () => memberSocket(wsUrl));
  try {
    // perSocket loops per socket, all drawing from one counter: each customer is written once.
    const loop = async (socket: HocuspocusProviderWebsocket) => {
      while (next < count) {
        const i = next++;
        const { customer, interactions: history } = customerAt(i);
        const attached = attachDoc(socket, token, customerDocName(teamId, customer.key));
        await attached.synced;
        attached.doc.transact(() => {
          applyCustomerEdit(attached.doc, { key: customer.key, after: customer }, author);
          applyHistoryEdit(attached.doc, history, [], author);
        }, LOCAL_EDIT);
        await attached.acked();
        attached.provider.destroy();
        attached.doc.destroy();
        interactions += history.length;
        done++;
        if (done % 1000 === 0) options.onProgress?.(done);
      }
    };
    await Promise.all(clients.flatMap((socket) => Array.from({ length: perSocket }, () => loop(socket))));
  } finally {
    for (const socket of clients) socket.destroy();
  }
  return { customers: done, interactions };
}

/** Waits until the team's index document (kept by the server) names `count` customers. */
export async function waitForIndex(wsUrl: string, token: string, teamId: string, count: number, timeoutMs = 120_000): Promise<number> {
  const socket = memberSocket(wsUrl);
  const index = attachDoc(socket, token, indexDocumentName(teamId), { awareness: true });
  const started = performance.now();
  try {
    await index.synced;
    const map = index.doc.getMap<Uint8Array>(INDEX_MAP);
    while (map.size < count) {
      if (performance.now() - started > timeoutMs) throw new Error(`the index names ${map.size} of ${count} customers after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return performance.now() - started;
  } finally {
    index.provider.destroy();
    socket.destroy();
  }
}
