// The team's index document, `<teamId>/index` (lib/team/doc-names.ts): customer key -> the
// state vector of that customer's document after its last change. A member who was not
// watching a customer learns from it that the customer changed, and fetches the customer's
// document; members never have to keep every customer's document open (that would not scale
// past a few thousand customers in a browser's service worker).
//
// Written by the server only (clients are read-only on it, auth.ts), through a direct
// connection, batched: every change of a customer document marks its key, and one transaction
// a few milliseconds later writes the vectors of every marked key as the documents hold them
// then. The direct connection stays open while changes keep coming (HOLD_MS), so the index is
// stored as any document is, debounced: disconnecting after every batch stored the whole index
// each time, up to 50 times a second, and at 100,000 customers (an index of megabytes) seeding
// slowed from ~230 to ~65 customers a second (bench/README.md).
//
// With several instances, changes that arrived from another instance through Redis are indexed
// too: two instances writing one key of the index at once leave the value of one of them (the
// index is a Yjs map), which may lack the other's change; each instance writing again once its
// copy holds both makes the value cover both, whichever write wins.
import type { afterLoadDocumentPayload, DirectConnection, Document, Extension, Hocuspocus, onChangePayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { customerKeyOfDocument, INDEX_MAP, indexDocumentName } from '../lib/team/doc-names';
import { BackgroundDisconnects } from './background-disconnects';

/** How long changes are collected before the index is written (a burst becomes one update). */
const BATCH_MS = 20;
/** How long a team's index connection stays open after its last batch. */
const HOLD_MS = 10_000;

interface Held {
  connection: Promise<DirectConnection>;
  idle?: NodeJS.Timeout;
}

function sameBytes(a: unknown, b: Uint8Array): boolean {
  return a instanceof Uint8Array && a.length === b.length && a.every((v, i) => v === b[i]);
}

export class CustomerIndex {
  /** teamId -> key -> the customer's document (its vector is read when the batch is written). */
  private readonly marked = new Map<string, Map<string, Document>>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly disconnects: BackgroundDisconnects;
  /** teamId -> its index's open direct connection. */
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly hocuspocus: () => Hocuspocus,
    private readonly log: (line: string) => void,
  ) {
    this.disconnects = new BackgroundDisconnects(log);
  }

  extension(): Extension {
    return {
      onChange: async ({ documentName, document }: onChangePayload) => this.mark(documentName, document),
      // A loaded customer is checked against the index too: the index is stored debounced, so a
      // crash can lose its last second or two while the customers' own changes come back (their
      // authors' copies send them again, loading the document).
      afterLoadDocument: async ({ documentName, document }: afterLoadDocumentPayload) => this.mark(documentName, document),
    };
  }

  /** Marks a customer document's key for the next batch (other documents are not indexed). */
  private mark(documentName: string, document: Document): void {
    const customer = customerKeyOfDocument(documentName);
    if (!customer) return;
    const team = this.marked.get(customer.teamId) ?? new Map<string, Document>();
    this.marked.set(customer.teamId, team.set(customer.key, document));
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Writes every marked key's vector into its team's index. */
  private flush(): void {
    this.timer = undefined;
    const batch = [...this.marked];
    this.marked.clear();
    this.writing = this.writing.then(async () => {
      for (const [teamId, keys] of batch) {
        try {
          const connection = await this.connectionTo(teamId);
          await connection.transact((doc) => {
            const index = doc.getMap<Uint8Array>(INDEX_MAP);
            for (const [key, document] of keys) {
              const vector = Y.encodeStateVector(document);
              if (!sameBytes(index.get(key), vector)) index.set(key, vector);
            }
          });
        } catch (error) {
          this.release(teamId);
          this.log(`index of ${teamId}: ${keys.size} change(s) not indexed: ${String(error)}`);
        }
      }
    });
  }

  /** The team's index connection, opened if needed, kept HOLD_MS from now. */
  private connectionTo(teamId: string): Promise<DirectConnection> {
    let held = this.held.get(teamId);
    if (!held) {
      held = { connection: this.hocuspocus().openDirectConnection(indexDocumentName(teamId), { system: true }) };
      this.held.set(teamId, held);
    }
    clearTimeout(held.idle);
    held.idle = setTimeout(() => this.release(teamId), HOLD_MS);
    return held.connection;
  }

  /** Closes the team's index connection (it stores the index), without waiting for the store. */
  private release(teamId: string): void {
    const held = this.held.get(teamId);
    if (!held) return;
    this.held.delete(teamId);
    clearTimeout(held.idle);
    held.connection.then(
      (connection) => this.disconnects.disconnect(connection, `index of ${teamId}`),
      () => undefined, // never opened: nothing to close
    );
  }

  /** Resolves once every change marked so far is in its index (graceful shutdown). */
  async settle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.flush();
    }
    await this.writing;
    for (const teamId of [...this.held.keys()]) this.release(teamId);
    // The releases hand their connections over once opened.
    await new Promise((resolve) => setImmediate(resolve));
    await this.disconnects.settle();
  }
}
