import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * A team's documents at once: what a member who joins (or whose browser has none of them yet)
 * downloads from `GET /teams/snapshot` instead of opening every customer's document one by one
 * (10,000 document syncs took ~100 s of CPU-bound work in the bench; bench/README.md). Each
 * document's whole Yjs state, as the server holds it; the live sync then brings only what
 * changed since. Encoded with lib0 (Yjs's own encoding library): a header, then per document
 * its name and its state. Shared by the server and the extension.
 */
const HEADER = 'handlebook-snapshot-1';

export function encodeSnapshot(documents: Iterable<readonly [string, Uint8Array]>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, HEADER);
  for (const [name, state] of documents) {
    encoding.writeVarString(encoder, name);
    encoding.writeVarUint8Array(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

/** The documents of a snapshot, in order; throws when `bytes` is not one. */
export function* decodeSnapshot(bytes: Uint8Array): Generator<[string, Uint8Array]> {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarString(decoder) !== HEADER) throw new Error('not a Handlebook team snapshot');
  while (decoding.hasContent(decoder)) {
    const name = decoding.readVarString(decoder);
    yield [name, decoding.readVarUint8Array(decoder)];
  }
}
