import type { CustomerBlock } from '../db/customer-store';
import type { Customer } from '../db/types';

// The dashboard's in-memory copy of every customer, kept current without re-reading the whole
// book after each write: a full re-read (what liveQuery over every customer does) froze the
// page for 1-2 s at 100k customers, on every note written in any x.com tab.
//
// Customers are stored in blocks (lib/db/customer-store.ts). Dexie announces every committed
// write, from any context (the background included), with the primary keys it touched
// ("storagemutated"; the key set is an interval tree, the format documented in Dexie's typings
// as ObservabilitySet / IntervalTree): here, the ids of the blocks written. The page reads just
// those blocks again. A write that names a range instead of keys (many blocks, or the store
// cleared) means: sweep. These functions are the pure part; components/dashboard/useCustomerBook.ts
// does the reads.

/** Dexie's IntervalTree: a balanced tree of [from, to] key ranges; `d: 0` is the empty set. */
export interface KeyTree {
  from?: unknown;
  to?: unknown;
  l?: KeyTree | null;
  r?: KeyTree | null;
  d: number;
}

/**
 * The exact keys in a key tree, or null when it holds a range of keys (then every record may
 * have changed). Walks without recursion; trees arrive structured-cloned, so plain objects.
 */
export function exactKeys(tree: KeyTree | undefined | null): (string | number)[] | null {
  const keys: (string | number)[] = [];
  if (!tree || !tree.d) return keys;
  const stack: KeyTree[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (!node.d) continue;
    if ((typeof node.from !== 'string' && typeof node.from !== 'number') || node.from !== node.to) return null;
    keys.push(node.from);
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return keys;
}

export class CustomerBook {
  /** Every customer by key, in the order first read, new customers at the end. */
  readonly records = new Map<string, Customer>();
  private readonly blocks = new Map<number, CustomerBlock>();
  /** The newest `writtenAt` held: a sweep reads the blocks written at or after it. */
  watermark = Number.NEGATIVE_INFINITY;

  /** Starts over from a full read. */
  replaceAll(blocks: readonly CustomerBlock[]): void {
    this.records.clear();
    this.blocks.clear();
    this.watermark = Number.NEGATIVE_INFINITY;
    for (const block of blocks) this.setBlock(block);
  }

  private setBlock(block: CustomerBlock): void {
    const held = this.blocks.get(block.id);
    if (held) {
      const kept = new Set(block.customers.map((c) => c.key));
      for (const c of held.customers) if (!kept.has(c.key)) this.records.delete(c.key);
    }
    // A customer already held keeps its place (Map.set on a known key).
    for (const c of block.customers) this.records.set(c.key, c);
    this.blocks.set(block.id, block);
    if (block.writtenAt > this.watermark) this.watermark = block.writtenAt;
  }

  private dropBlock(id: number): boolean {
    const held = this.blocks.get(id);
    if (!held) return false;
    for (const c of held.customers) this.records.delete(c.key);
    this.blocks.delete(id);
    return true;
  }

  /**
   * Applies blocks read again by id: `blocks[i]` is the stored block `ids[i]`, or undefined when
   * it is gone. Returns how many blocks changed. A block read again with the same `writtenAt`
   * (a sweep reads those written exactly at the watermark each time) counts only if it differs.
   */
  applyBlocks(ids: readonly number[], blocks: readonly (CustomerBlock | undefined)[]): number {
    let changes = 0;
    ids.forEach((id, i) => {
      const block = blocks[i];
      const held = this.blocks.get(id);
      if (!block) {
        if (this.dropBlock(id)) changes++;
        return;
      }
      if (held && held.writtenAt === block.writtenAt && JSON.stringify(held.customers) === JSON.stringify(block.customers)) return;
      this.setBlock(block);
      changes++;
    });
    return changes;
  }

  /**
   * Compares the blocks held with every stored block id: drops what is no longer stored and
   * returns the stored ids the book lacks (read them and pass them to `applyBlocks`).
   */
  reconcileIds(storedIds: readonly number[]): { removed: number; missing: number[] } {
    const stored = new Set(storedIds);
    let removed = 0;
    for (const id of [...this.blocks.keys()]) if (!stored.has(id) && this.dropBlock(id)) removed++;
    return { removed, missing: storedIds.filter((id) => !this.blocks.has(id)) };
  }

  get size(): number {
    return this.records.size;
  }

  /** A snapshot for React: a new array each time something changed. */
  list(): Customer[] {
    return Array.from(this.records.values());
  }
}

/** Where the book reads from (the database in the page; anything in tests). */
export interface BookSource {
  readAll(): Promise<CustomerBlock[]>;
  /** The stored block for each id, undefined when there is none. */
  readBlocks(ids: number[]): Promise<(CustomerBlock | undefined)[]>;
  /** Blocks with `writtenAt` at or after the given time. */
  readWrittenSince(writtenAt: number): Promise<CustomerBlock[]>;
  /** The ids of every stored block. */
  blockIds(): Promise<number[]>;
}

/**
 * Keeps a CustomerBook current: one full read at start, then, per change announcement:
 * - exact keys (writes of a few blocks): read those blocks;
 * - a range (Dexie names no keys for writes of 50+ blocks, or a cleared store): sweep, that is
 *   read the blocks written since the newest one held, then compare block ids (blocks emptied
 *   and deleted, blocks missed). A sweep that finds nothing although a write happened (a clock
 *   set back) falls back to a full read.
 * Reads never overlap; announcements that arrive meanwhile are collected and handled next.
 * `publish` gets a new list after every read that changed something.
 */
export class BookSync {
  readonly book = new CustomerBook();
  /** Counters for tests and measurements. */
  readonly stats = { fullReads: 0, sweeps: 0, blockReads: 0 };
  private readAll = true;
  private sweep = false;
  private readonly pending = new Set<number>();
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly source: BookSource,
    private readonly part: string,
    private readonly publish: (customers: Customer[]) => void,
    private readonly fail: (error: unknown) => void,
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Dexie's "storagemutated" listener. */
  onMutated(parts: Readonly<Record<string, KeyTree | undefined>>): void {
    if (this.stopped || !(this.part in parts)) return;
    const keys = exactKeys(parts[this.part]);
    if (keys === null) this.sweep = true;
    else for (const key of keys) if (typeof key === 'number') this.pending.add(key);
    void this.run();
  }

  /** Resolves once every announced change has been read (tests and measurements). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private run(): Promise<void> {
    this.running ??= this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && (this.readAll || this.sweep || this.pending.size)) {
        const changes = this.readAll ? await this.readEverything() : this.sweep ? await this.sweepChanges() : await this.readPending();
        if (changes && !this.stopped) this.publish(this.book.list());
      }
    } catch (error) {
      if (!this.stopped) this.fail(error);
    }
  }

  private async readEverything(): Promise<number> {
    this.readAll = false;
    this.sweep = false;
    this.pending.clear();
    this.stats.fullReads++;
    this.book.replaceAll(await this.source.readAll());
    return 1;
  }

  private async readPending(): Promise<number> {
    const ids = [...this.pending];
    this.pending.clear();
    this.stats.blockReads += ids.length;
    return this.book.applyBlocks(ids, await this.source.readBlocks(ids));
  }

  private async sweepChanges(): Promise<number> {
    this.sweep = false;
    this.stats.sweeps++;
    // Blocks announced meanwhile are covered by the sweep only if written since; read them too.
    let changes = this.pending.size ? await this.readPending() : 0;
    const written = await this.source.readWrittenSince(this.book.watermark);
    changes += this.book.applyBlocks(written.map((b) => b.id), written);
    const { removed, missing } = this.book.reconcileIds(await this.source.blockIds());
    changes += removed;
    if (missing.length) changes += this.book.applyBlocks(missing, await this.source.readBlocks(missing));
    return changes || (await this.readEverything());
  }
}
