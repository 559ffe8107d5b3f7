// The server's own writes (the members document, the team's index) go through Hocuspocus's
// direct connections. Disconnecting one stores the document and, with Redis, then holds about
// 1 s so peers can sync first: nothing should wait for that but shutdown.
import type { DirectConnection } from '@hocuspocus/server';

export class BackgroundDisconnects {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: (line: string) => void) {}

  /** Disconnects `connection` without waiting; a failed store is logged under `what`. */
  disconnect(connection: DirectConnection, what: string): void {
    const done = connection
      .disconnect()
      .catch((error: unknown) => this.log(`${what}: store failed: ${String(error)}`))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** Resolves once every disconnect started so far (and any started meanwhile) is done. */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
