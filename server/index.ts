// startTeamServer(config): storage + Hocuspocus (+ Redis) + the HTTP API on one port.
// main.ts calls it for `npm run server`; tests and the bench may call it in-process.
import type { Socket } from 'node:net';
import { Server, type Connection, type connectedPayload, type onAuthenticatePayload } from '@hocuspocus/server';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { Redis as IORedis } from 'ioredis';
import * as Y from 'yjs';
import { HttpErrors } from '../lib/team/server-api';
import { authorizeDocument, type MemberContext } from './auth';
import { redactUrl, type TeamServerConfig } from './config';
import { handleHttp } from './http/router';
import { originAllowed, requestOrigin } from './http/cors';
import type { HttpContext } from './http/context';
import { unloadGuard } from './unload-guard';
import { CustomerIndex } from './customer-index';
import { MemberCache } from './member-cache';
import { MembersDocWriter } from './members-doc';
import { persistenceExtension } from './persistence';
import { closeRevoked, Revocations } from './revocation';
import { openStorage } from './storage';

export interface RunningTeamServer {
  /** http://host:port (the WebSocket URL is the same with ws://). */
  url: string;
  wsUrl: string;
  port: number;
  /** Stores every loaded document, closes connections, storage and Redis. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The stock Redis extension takes a Redis lock in onStoreDocument and, when another instance
 * holds it, skips the store ("the data is safe on the other instance"). It is not: updates
 * that arrived through Redis never schedule a store on the receiving instance (their origin
 * is "redis"), so the skipped instance's latest updates could be stored by nobody. Our store
 * merges under a row lock in the database instead (Storage.storeDocument), which is safe
 * with any number of concurrent writers, so the lock is dropped. Everything else (updates
 * and awareness across instances, initial sync from peers) is the stock extension.
 */
class MergingRedisExtension extends RedisExtension {
  override async onStoreDocument(): Promise<void> {}
}

function refuseUpgrade(socket: Socket, status: number, error: string): void {
  const body = JSON.stringify({ error });
  const reason = status === 403 ? 'Forbidden' : 'Service Unavailable';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroySoon?.();
}

export async function startTeamServer(config: TeamServerConfig): Promise<RunningTeamServer> {
  const { log } = config;
  const storage = await openStorage({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  let stopping = false;
  const upgradedSockets = new Set<Socket>();

  // The index is written through the server's own direct connections (known once it exists).
  let hocuspocusRef: Server['hocuspocus'] | undefined;
  const customerIndex = new CustomerIndex(() => hocuspocusRef!, log);
  const extensions = [unloadGuard(), persistenceExtension(storage, log), customerIndex.extension()];
  if (config.redisUrl) {
    const redisUrl = config.redisUrl;
    extensions.push(
      new MergingRedisExtension({
        prefix: 'handlebook',
        createClient: () => {
          const client = new IORedis(redisUrl);
          client.on('error', (error: Error) => log(`redis: ${error.message}`));
          return client;
        },
      }),
    );
  }

  // Filled in below; the hooks only run once the server is listening.
  let revocations!: Revocations;
  const members = new MemberCache(storage, (memberId) => revocations.isRevoked(memberId));

  const server = new Server({
    name: 'handlebook',
    address: config.host,
    port: config.port,
    quiet: true,
    stopOnSignals: false,
    debounce: config.storeDebounceMs,
    maxDebounce: config.storeMaxDebounceMs,
    extensions,

    async onUpgrade({ request, socket }) {
      if (stopping) {
        refuseUpgrade(socket, 503, 'stopping');
        throw null; // a falsy rejection tells Hocuspocus "handled, do not upgrade"
      }
      if (!originAllowed(requestOrigin(request), config.allowedOrigins)) {
        refuseUpgrade(socket, 403, HttpErrors.originNotAllowed);
        throw null;
      }
      const raw = socket as Socket;
      upgradedSockets.add(raw);
      raw.once('close', () => upgradedSockets.delete(raw));
    },

    async onRequest({ request, response }) {
      await handleHttp(httpContext, request, response);
      throw null; // answered: skip Hocuspocus's default "Welcome to Hocuspocus!"
    },

    async onAuthenticate({ token, documentName, connectionConfig }: onAuthenticatePayload) {
      const { context, readOnly } = await authorizeDocument(members, token, documentName);
      connectionConfig.readOnly = readOnly;
      return context; // merged into the connection's context
    },

    // A member revoked between its onAuthenticate and the connection being set up was not
    // found by Revocations.closeLocal (the connection did not exist yet): close it here.
    async connected({ context, connection }: connectedPayload<MemberContext>) {
      if (context?.memberId && revocations.isRevoked(context.memberId)) closeRevoked(connection as Connection);
    },
  });

  const hocuspocus = server.hocuspocus;
  hocuspocusRef = hocuspocus;
  revocations = new Revocations(hocuspocus, config.redisUrl, log);
  const membersDoc = new MembersDocWriter(hocuspocus, log);
  const httpContext: HttpContext = {
    storage,
    membersDoc,
    revocations,
    adminToken: config.adminToken,
    allowedOrigins: config.allowedOrigins,
    redis: Boolean(config.redisUrl),
    log,
    liveDocuments: (prefix, include = () => true) => {
      const live = new Map<string, Uint8Array>();
      for (const [name, document] of hocuspocus.documents) if (name.startsWith(prefix) && include(name)) live.set(name, Y.encodeStateAsUpdate(document));
      return live;
    },
  };

  try {
    await revocations.start();
    await server.listen(config.port);
  } catch (error) {
    await revocations.stop().catch(() => {});
    await storage.close().catch(() => {});
    throw error;
  }

  const { port } = server.address;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${hostForUrl}:${port}`;
  const storageDesc =
    storage.kind === 'postgres' ? `postgres ${redactUrl(config.databaseUrl!)}` : `pglite in ${config.dataDir}`;
  log(
    `handlebook team server listening on ${url} (storage: ${storageDesc}; redis: ${
      config.redisUrl ? redactUrl(config.redisUrl) : 'off'
    })`,
  );

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      // Server.destroy closes every document connection, flushes pending stores and resolves
      // once every document is stored and unloaded. It leaves the sockets open, so close them
      // after (with a close frame when possible, so providers reconnect at once).
      await membersDoc.settle().catch(() => {});
      await customerIndex.settle().catch(() => {});
      let timer: NodeJS.Timeout | undefined;
      const destroyed = await Promise.race([
        server.destroy().then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), 15_000);
        }),
      ]);
      clearTimeout(timer);
      if (!destroyed) log('error: stop: documents still unstored after 15 s; stopping anyway');
      for (const socket of upgradedSockets) socket.destroy();
      await revocations.stop().catch(() => {});
      await storage.close().catch((error: unknown) => log(`error: closing storage: ${String(error)}`));
    })();
    return stopped;
  };

  return { url, wsUrl: url.replace(/^http/, 'ws'), port, stop };
}
