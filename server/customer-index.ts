// The team's index document, `<teamId>/index` (lib/team/doc-names.ts): customer key -> the
// state vector of that customer's document after its last change. A member who was not
// watching a customer learns from it that the customer changed, and fetches the customer's
// document; members never have to keep every customer's document open (that would not scale
// past a few thousand customers in a browser's service worker).
//
// Written by the server only (clients are read-only on it, auth.ts), through a direct
// connection, batched: every change of a customer document marks its key, and one transaction
// a few milliseconds later writes the vectors of every marked key as the documents hold them
// then. With several instances, changes that arrived from another instance through Redis are
// indexed too: two instances writing one key of the index at once leave the value of one of
// them (the index is a Yjs map), which may lack the other's change; each instance writing again
// once its copy holds both makes the value cover both, whichever write wins.
import type { Document, Extension, Hocuspocus, onChangePayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { customerKeyOfDocument, INDEX_MAP, indexDocumentName } from '../lib/team/doc-names';
import { BackgroundDisconnects } from './background-disconnects';

/** How long changes are collected before the index is written (a burst becomes one update). */
const BATCH_MS = 20;

function sameBytes(a: unknown, b: Uint8Array): boolean {
  return a instanceof Uint8Array && a.length === b.length && a.every((v, i) => v === b[i]);
}

export class CustomerIndex {
  /** teamId -> key -> the customer's document (its vector is read when the batch is written). */
  private readonly marked = new Map<string, Map<string, Document>>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly disconnects: BackgroundDisconnects;

  constructor(
    private readonly hocuspocus: () => Hocuspocus,
    private readonly log: (line: string) => void,
  ) {
    this.disconnects = new BackgroundDisconnects(log);
  }

  extension(): Extension {
    return {
      onChange: async ({ documentName, document }: onChangePayload) => {
        const customer = customerKeyOfDocument(documentName);
        if (!customer) return;
        const team = this.marked.get(customer.teamId) ?? new Map<string, Document>();
        this.marked.set(customer.teamId, team.set(customer.key, document));
        this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
      },
    };
  }

  /** Writes every marked key's vector into its team's index. */
  private flush(): void {
    this.timer = undefined;
    const batch = [...this.marked];
    this.marked.clear();
    this.writing = this.writing.then(async () => {
      for (const [teamId, keys] of batch) {
        try {
          const connection = await this.hocuspocus().openDirectConnection(indexDocumentName(teamId), { system: true });
          try {
            await connection.transact((doc) => {
              const index = doc.getMap<Uint8Array>(INDEX_MAP);
              for (const [key, document] of keys) {
                const vector = Y.encodeStateVector(document);
                if (!sameBytes(index.get(key), vector)) index.set(key, vector);
              }
            });
          } finally {
            // The next batch must not wait for this one's store (with Redis, ~1 s more).
            this.disconnects.disconnect(connection, `index of ${teamId}`);
          }
        } catch (error) {
          this.log(`index of ${teamId}: ${keys.size} change(s) not indexed: ${String(error)}`);
        }
      }
    });
  }

  /** Resolves once every change marked so far is in its index (graceful shutdown). */
  async settle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.flush();
    }
    await this.writing;
    await this.disconnects.settle();
  }
}
