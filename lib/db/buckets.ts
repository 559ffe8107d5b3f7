/**
 * FNV-1a over a string's UTF-16 code units: a stable, cheap 32-bit hash. It picks the block a
 * customer and its history are stored in (customer-store.ts, history-store.ts)
 * and fingerprints a reply's text for de-duplication (interactions.ts). Stored data depends on
 * it: changing it moves every record to another block, which needs a schema version.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Blocks of the customer book: a customer and its history are stored in block
 * `bookBlockOf(key)` of the customer blocks and of the history blocks. Chromium's IndexedDB
 * charges ~50 µs for every row written, whatever its size: 100,000 customers and 500,000
 * interactions as a row each took 99-115 s to restore, the same book in 4,096 blocks each about
 * 5 s (bench/README.md). At 100,000 customers a block holds ~25 of them (~17 KB) and ~125
 * interactions (~55 KB), which every write of one of them rewrites.
 */
export const BOOK_BLOCKS = 4_096;

/** The customer block and history block of the customer with this key. */
export function bookBlockOf(customerKey: string): number {
  return fnv1a(customerKey) % BOOK_BLOCKS;
}

/** `items` grouped by the block `blockOf` gives each, in the order they come. */
export function groupInBlocks<T>(items: Iterable<T>, blockOf: (item: T) => number): Map<number, T[]> {
  const blocks = new Map<number, T[]>();
  for (const item of items) {
    const id = blockOf(item);
    const list = blocks.get(id);
    if (list) list.push(item);
    else blocks.set(id, [item]);
  }
  return blocks;
}
