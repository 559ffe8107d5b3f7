import type { Customer } from '../db/types';

// The dashboard's in-memory copy of every customer, kept current without re-reading 100,000
// records after each write: a full re-read (what liveQuery over `toArray()` does) froze the
// page for 1-2 s at 100k customers, on every note written in any x.com tab.
//
// Dexie announces every committed write, from any context (the background included), with
// the primary keys it touched ("storagemutated"; the key set is an interval tree, the format
// documented in Dexie's typings as ObservabilitySet / IntervalTree). The page reads just those
// keys again. A write that names a range instead of keys (a table cleared) means: read all.
// These functions are the pure part; components/dashboard/useCustomerBook.ts does the reads.

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
export function exactKeys(tree: KeyTree | undefined | null): string[] | null {
  const keys: string[] = [];
  if (!tree || !tree.d) return keys;
  const stack: KeyTree[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (!node.d) continue;
    if (typeof node.from !== 'string' || node.from !== node.to) return null;
    keys.push(node.from);
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return keys;
}

/** The part of Dexie's change announcement that names the customers table's primary keys. */
export function customersPart(databaseName: string): string {
  return `idb://${databaseName}/customers/`;
}

export class CustomerBook {
  /** In the order first read (the database's key order), new customers at the end. */
  readonly records = new Map<string, Customer>();
  /** The newest `updatedAt` held: a sweep reads the records stamped at or after it. */
  watermark = Number.NEGATIVE_INFINITY;

  /** Starts over from a full read. */
  replaceAll(all: readonly Customer[]): void {
    this.records.clear();
    this.watermark = Number.NEGATIVE_INFINITY;
    for (const c of all) this.put(c);
  }

  private put(c: Customer): void {
    this.records.set(c.key, c);
    if (c.updatedAt > this.watermark) this.watermark = c.updatedAt;
  }

  /**
   * Applies records read again by key: `records[i]` is the stored record for `keys[i]`, or
   * undefined when it was deleted. Returns how many entries changed.
   */
  applyRead(keys: readonly string[], records: readonly (Customer | undefined)[]): number {
    let changes = 0;
    keys.forEach((key, i) => {
      const record = records[i];
      if (record) {
        this.put(record);
        changes++;
      } else if (this.records.delete(key)) changes++;
    });
    return changes;
  }

  /**
   * Applies records stamped at or after the watermark. Those stamped exactly at it are read
   * again each sweep and are usually unchanged: only real differences count.
   */
  applySince(records: readonly Customer[]): number {
    let changes = 0;
    for (const c of records) {
      const held = this.records.get(c.key);
      if (!held || held.updatedAt !== c.updatedAt || JSON.stringify(held) !== JSON.stringify(c)) changes++;
      this.put(c);
    }
    return changes;
  }

  /**
   * Compares the book's keys with every stored key: drops what is no longer stored and
   * returns the stored keys the book lacks (read them and pass them to `applyRead`).
   */
  reconcileKeys(storedKeys: readonly string[]): { removed: number; missing: string[] } {
    const stored = new Set(storedKeys);
    let removed = 0;
    for (const key of [...this.records.keys()]) {
      if (!stored.has(key)) {
        this.records.delete(key);
        removed++;
      }
    }
    return { removed, missing: storedKeys.filter((key) => !this.records.has(key)) };
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
  readAll(): Promise<Customer[]>;
  /** The stored record for each key, undefined when there is none. */
  readKeys(keys: string[]): Promise<(Customer | undefined)[]>;
  /** Records with `updatedAt` at or after the given time. */
  readSince(updatedAt: number): Promise<Customer[]>;
  count(): Promise<number>;
  allKeys(): Promise<string[]>;
}

/**
 * Keeps a CustomerBook current: one full read at start, then, per change announcement:
 * - exact keys (every single-record write, and bulk deletes): read those keys;
 * - a range (Dexie names no keys for writes of 50+ records, or a cleared table): sweep, that
 *   is read what was stamped since the newest stamp held, and if the count differs compare
 *   keys (deletions, undo putting back older records). A sweep that finds nothing although a
 *   write happened (older records written over newer ones) falls back to a full read.
 * Reads never overlap; announcements that arrive meanwhile are collected and handled next.
 * `publish` gets a new list after every read that changed something.
 */
export class BookSync {
  readonly book = new CustomerBook();
  /** Counters for tests and measurements. */
  readonly stats = { fullReads: 0, sweeps: 0, keyReads: 0 };
  private readAll = true;
  private sweep = false;
  private readonly pending = new Set<string>();
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
    else for (const key of keys) this.pending.add(key);
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
    const keys = [...this.pending];
    this.pending.clear();
    this.stats.keyReads += keys.length;
    return this.book.applyRead(keys, await this.source.readKeys(keys));
  }

  private async sweepChanges(): Promise<number> {
    this.sweep = false;
    this.stats.sweeps++;
    // Keys announced meanwhile are covered by the sweep only if stamped; read them too.
    let changes = this.pending.size ? await this.readPending() : 0;
    changes += this.book.applySince(await this.source.readSince(this.book.watermark));
    if (this.book.size !== (await this.source.count())) {
      const { removed, missing } = this.book.reconcileKeys(await this.source.allKeys());
      changes += removed;
      if (missing.length) changes += this.book.applyRead(missing, await this.source.readKeys(missing));
    }
    return changes || (await this.readEverything());
  }
}
