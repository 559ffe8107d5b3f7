// Revocation: ending a revoked member's live connections on every instance.
//
// The token check (storage, on every onAuthenticate) stops new connections; this module ends
// the ones already open. The revoking instance closes its own at once and publishes the
// member id on a Redis channel (when REDIS_URL is set) so every other instance closes its
// own too. A connection that passed onAuthenticate just before the revocation and is still
// being set up is caught by `connected` (see index.ts), which asks isRevoked().
import type { Connection, Hocuspocus } from '@hocuspocus/server';
import { Redis } from 'ioredis';
import { REVOKED_CLOSE } from '../lib/team/server-api';
import type { MemberContext } from './auth';

export const REVOCATION_CHANNEL = 'handlebook:revocations';

/**
 * Ends one document connection of a revoked member: Hocuspocus's CLOSE message carries the
 * reason to the provider for that document, then the socket itself closes with
 * REVOKED_CLOSE (code 4403, reason 'revoked') so the provider sees a real close event and,
 * on its automatic reconnect, is refused with `revoked`.
 */
export function closeRevoked(connection: Connection): void {
  connection.close({ code: REVOKED_CLOSE.code, reason: REVOKED_CLOSE.reason });
  try {
    connection.webSocket.close(REVOKED_CLOSE.code, REVOKED_CLOSE.reason);
  } catch {
    // already closed
  }
}

export class Revocations {
  /**
   * Members revoked while this process runs. Never pruned: revocations are rare, and a
   * member id is a few dozen bytes.
   */
  private revoked = new Set<string>();
  private pub: Redis | null = null;
  private sub: Redis | null = null;

  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly redisUrl: string | null,
    private readonly log: (line: string) => void,
  ) {}

  /** Subscribes to the channel (resolves once subscribed, so no revocation is missed after start). */
  async start(): Promise<void> {
    if (!this.redisUrl) return;
    this.pub = new Redis(this.redisUrl, { lazyConnect: true });
    this.sub = new Redis(this.redisUrl, { lazyConnect: true });
    for (const client of [this.pub, this.sub]) {
      client.on('error', (error: Error) => this.log(`redis (revocations): ${error.message}`));
    }
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (channel: string, message: string) => {
      if (channel !== REVOCATION_CHANNEL) return;
      try {
        const { memberId } = JSON.parse(message) as { memberId?: unknown };
        if (typeof memberId === 'string') this.closeLocal(memberId);
      } catch {
        // not ours
      }
    });
    await this.sub.subscribe(REVOCATION_CHANNEL);
  }

  isRevoked(memberId: string): boolean {
    return this.revoked.has(memberId);
  }

  /** Closes this instance's connections of the member now and tells the other instances. */
  async revoke(memberId: string): Promise<void> {
    this.closeLocal(memberId);
    if (this.pub) await this.pub.publish(REVOCATION_CHANNEL, JSON.stringify({ memberId }));
  }

  /** Closes every document connection of the member on this instance. Returns how many. */
  closeLocal(memberId: string): number {
    this.revoked.add(memberId);
    let closed = 0;
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        if ((connection.context as Partial<MemberContext> | undefined)?.memberId !== memberId) continue;
        closeRevoked(connection);
        closed += 1;
      }
    }
    return closed;
  }

  async stop(): Promise<void> {
    const clients = [this.sub, this.pub].filter((c): c is Redis => c !== null);
    this.sub = this.pub = null;
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
