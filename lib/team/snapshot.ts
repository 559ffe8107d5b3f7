import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * A team's documents at once: what a member who joins (or whose browser has none of them yet)
 * downloads from `GET /teams/snapshot` instead of opening every customer's document one by one
 * (10,000 document syncs took ~100 s of CPU-bound work in the bench; bench/README.md). Each
 * document's whole Yjs state, as the server holds it; the live sync then brings only what
 * changed since. Encoded with lib0 (Yjs's own encoding library): a header, then per document
 * its name and its state. Shared by the server and the extension.
 *
 * In pages: `GET /teams/snapshot?limit=N&after=NAME` answers the documents named after NAME
 * (in name order, about N of them) with the page header and the name to ask after next ('' on
 * the last page), so neither the server nor the worker holds a 100,000-customer team's states
 * at once. A server that predates pages ignores the query and answers the whole snapshot, whose
 * header says so.
 */
const HEADER = 'handlebook-snapshot-1';
const PAGE_HEADER = 'handlebook-snapshot-page-1';

/** Documents per page the extension asks for (~2 KB each for a customer with some history). */
export const SNAPSHOT_PAGE_SIZE = 2_000;
/** The most a server gives in one page, whatever is asked. */
export const SNAPSHOT_PAGE_MAX = 10_000;

export interface SnapshotPage {
  documents: Iterable<[string, Uint8Array]>;
  /** The `after` of the next page; null: this was the last (or the whole snapshot). */
  next: string | null;
}

/** The whole snapshot (`page` undefined) or one page of it (`page.next`: null on the last). */
export function encodeSnapshot(documents: Iterable<readonly [string, Uint8Array]>, page?: { next: string | null }): Uint8Array {
  const encoder = encoding.createEncoder();
  if (page) {
    encoding.writeVarString(encoder, PAGE_HEADER);
    encoding.writeVarString(encoder, page.next ?? '');
  } else {
    encoding.writeVarString(encoder, HEADER);
  }
  for (const [name, state] of documents) {
    encoding.writeVarString(encoder, name);
    encoding.writeVarUint8Array(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

/** A whole snapshot or a page of one; throws when `bytes` is neither. The documents are read
 *  as they are iterated, in order. */
export function decodeSnapshot(bytes: Uint8Array): SnapshotPage {
  const decoder = decoding.createDecoder(bytes);
  const header = decoding.readVarString(decoder);
  if (header !== HEADER && header !== PAGE_HEADER) throw new Error('not a Handlebook team snapshot');
  const next = header === PAGE_HEADER ? decoding.readVarString(decoder) || null : null;
  function* documents(): Generator<[string, Uint8Array]> {
    while (decoding.hasContent(decoder)) {
      const name = decoding.readVarString(decoder);
      yield [name, decoding.readVarUint8Array(decoder)];
    }
  }
  return { documents: documents(), next };
}
