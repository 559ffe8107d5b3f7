import type { HandlebookDatabase } from './database';
import { adjustBookCounts } from './book-counts';
import { bookBlockOf, groupInBlocks } from './buckets';
import { holdersOf, rewriteHandles } from './customer-handles';
import { recordCustomerEdits, type WriteOrigin } from './team-outbox';
import type { Customer } from './types';

/**
 * Customers are stored in blocks: customer `key` lives in block `bookBlockOf(key)` (buckets.ts)
 * with the other customers of that block, not in a row of its own, because Chromium's IndexedDB
 * charges for every row written (100,000 customer rows alone, raw, took 9.9-17.5 s to restore with
 * the parse; bench/README.md).
 *
 * This module is the only code that knows the layout; everything else reads and writes
 * `Customer`s through it. Every write goes through writeCustomers, which keeps what derives from
 * the customers in the same transaction: who has which handle (customer-handles.ts) and the
 * book's counts (book-counts.ts). A block's `tags` (indexed, multi-entry) are the tags of its
 * customers, so the known tags are the index's unique keys; `writtenAt` (indexed) is when the
 * block was last written, so a page holding a copy of the book can read what changed since.
 */
export const CUSTOMER_BLOCKS_TABLE = 'customerBlocks';

export interface CustomerBlock {
  /** bookBlockOf(key) of every customer in it. */
  id: number;
  /** When this block was last written (ms since epoch, the writer's clock). */
  writtenAt: number;
  /** Every tag of its customers, once each. */
  tags: string[];
  /** In key order. */
  customers: Customer[];
}

const byKey = (a: Customer, b: Customer) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The block of `customers` (all of one block id), as stored. */
export function customerBlock(id: number, customers: Customer[], writtenAt: number): CustomerBlock {
  const tags = new Set<string>();
  for (const c of customers) for (const t of c.tags) tags.add(t);
  return { id, writtenAt, tags: [...tags], customers: customers.sort(byKey) };
}

/** The customers, whole, in blocks (a restore, the schema upgrade). */
export function customerBlocksOf(customers: Iterable<Customer>, writtenAt: number): CustomerBlock[] {
  return [...groupInBlocks(customers, (c) => bookBlockOf(c.key))].map(([id, list]) => customerBlock(id, list, writtenAt));
}

/** The customers of these blocks, block after block. */
export function customersIn(blocks: readonly (CustomerBlock | undefined)[]): Customer[] {
  const out: Customer[] = [];
  for (const block of blocks) if (block) for (const c of block.customers) out.push(c);
  return out;
}

/** The customers with these keys, in the same order (undefined where there is none). */
export async function getCustomers(db: HandlebookDatabase, keys: readonly string[]): Promise<(Customer | undefined)[]> {
  if (keys.length === 0) return [];
  const ids = [...new Set(keys.map(bookBlockOf))];
  const found = new Map<string, Customer>();
  for (const c of customersIn(await db.customerBlocks.bulkGet(ids))) found.set(c.key, c);
  return keys.map((key) => found.get(key));
}

export async function getCustomer(db: HandlebookDatabase, key: string): Promise<Customer | undefined> {
  const block = await db.customerBlocks.get(bookBlockOf(key));
  return block?.customers.find((c) => c.key === key);
}

/** The first customer, in key order, with this handle (any case). */
export async function findCustomerByHandle(db: HandlebookDatabase, handle: string): Promise<Customer | undefined> {
  const first = (await holdersOf(db, handle.toLowerCase()))[0];
  return first ? getCustomer(db, first.key) : undefined;
}

/** Every customer, block after block. */
export async function readAllCustomers(db: HandlebookDatabase): Promise<Customer[]> {
  return customersIn(await db.customerBlocks.toArray());
}

/**
 * Every customer, `blocksPerSlice` blocks at a time, for a scan the worker runs in the
 * background: between slices it answers other messages (one read of a 100,000-customer book
 * holds it for about a second, and the badges' lookups would wait behind it).
 */
export async function forEachCustomerSlice(db: HandlebookDatabase, each: (customers: Customer[]) => void, blocksPerSlice = 64): Promise<void> {
  const ids = await db.customerBlocks.toCollection().primaryKeys();
  for (let i = 0; i < ids.length; i += blocksPerSlice) each(customersIn(await db.customerBlocks.bulkGet(ids.slice(i, i + blocksPerSlice))));
}

/** Every tag any customer has, once each, sorted. */
export async function readKnownTags(db: HandlebookDatabase): Promise<string[]> {
  return (await db.customerBlocks.orderBy('tags').uniqueKeys()).map(String);
}

export interface CustomerChanges {
  put?: readonly Customer[];
  /** Keys. */
  delete?: readonly string[];
  /** Deleted keys folded into a put one (deleted key -> the key it became). */
  mergedInto?: Readonly<Record<string, string>>;
  /** 'team' for what the team's documents brought: not recorded to be sent back. */
  origin?: WriteOrigin;
}

/** The tables a transaction that writes customers must hold (writeCustomers' own). */
export function customerWriteTables(db: HandlebookDatabase) {
  return [db.customerBlocks, db.customerHandles, db.bookState, db.teamOutbox];
}

/**
 * Deletes `changes.delete`, then puts `changes.put` (a put replaces the customer with the same
 * key; the last of several puts of one key wins), in one transaction (or the caller's, which
 * must hold customerWriteTables). Rewrites only the blocks involved; an emptied block is
 * deleted.
 */
export async function writeCustomers(db: HandlebookDatabase, changes: CustomerChanges): Promise<void> {
  const puts = changes.put ?? [];
  const deletes = changes.delete ?? [];
  if (puts.length === 0 && deletes.length === 0) return;
  await db.transaction('rw', customerWriteTables(db), async () => {
    const keys = [...new Set([...deletes, ...puts.map((c) => c.key)])];
    const ids = [...new Set(keys.map(bookBlockOf))];
    const stored = await db.customerBlocks.bulkGet(ids);
    const blocks = new Map(ids.map((id, n) => [id, new Map((stored[n]?.customers ?? []).map((c) => [c.key, c]))]));
    const wasStored = new Set(ids.filter((_, n) => stored[n]));
    const before = new Map(keys.map((key) => [key, blocks.get(bookBlockOf(key))!.get(key)]));

    for (const key of deletes) blocks.get(bookBlockOf(key))!.delete(key);
    for (const c of puts) blocks.get(bookBlockOf(c.key))!.set(c.key, c);
    const after = new Map(keys.map((key) => [key, blocks.get(bookBlockOf(key))!.get(key)]));

    const writtenAt = Date.now();
    const emptied: number[] = [];
    const kept: CustomerBlock[] = [];
    for (const [id, customers] of blocks) {
      if (customers.size) kept.push(customerBlock(id, [...customers.values()], writtenAt));
      else if (wasStored.has(id)) emptied.push(id);
    }
    if (emptied.length) await db.customerBlocks.bulkDelete(emptied);
    if (kept.length) await db.customerBlocks.bulkPut(kept);

    let added = 0;
    for (const key of keys) added += Number(after.get(key) !== undefined) - Number(before.get(key) !== undefined);
    await adjustBookCounts(db, { customers: added });
    await rewriteHandles(db, before, after);
    await recordCustomerEdits(
      db,
      keys.map((key) => ({ key, before: before.get(key), after: after.get(key), ...(changes.mergedInto?.[key] ? { mergedInto: changes.mergedInto[key] } : {}) })),
      changes.origin,
    );
  });
}

/**
 * The reads a page's copy of the book is kept current with (lib/customers/book.ts's BookSource):
 * blocks whole, with their ids and `writtenAt`.
 */
export function customerBlockReader(db: HandlebookDatabase) {
  return {
    readAll: () => db.customerBlocks.toArray(),
    readBlocks: (ids: number[]) => db.customerBlocks.bulkGet(ids),
    readWrittenSince: (writtenAt: number) => db.customerBlocks.where('writtenAt').aboveOrEqual(writtenAt).toArray(),
    blockIds: () => db.customerBlocks.toCollection().primaryKeys(),
  };
}

/** The part of Dexie's change announcements that names the customer blocks written. */
export function customerBlocksPart(databaseName: string): string {
  return `idb://${databaseName}/${CUSTOMER_BLOCKS_TABLE}/`;
}
