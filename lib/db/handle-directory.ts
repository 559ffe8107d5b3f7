import type { HandlebookDatabase } from './database';
import { directoryBlockOf, groupInBlocks } from './buckets';
import { newId } from './ids';
import { summaryBasis, type SummaryBasis } from './summaries';
import type { Customer } from './types';

/**
 * The handle directory: for every lower-cased handle, the summary fields of every customer who
 * has it, so the badges' lookup (lookup.ts) and a search by handle read one small block instead
 * of the customers. The handles are stored in blocks by handle (buckets.ts, DIRECTORY_BLOCKS):
 * a block per handle was 100,000 rows at 100,000 customers, which cost a restore more than the
 * whole book in blocks (bench/README.md).
 *
 * Derived data, written only by customer-store.ts's writeCustomers (rewriteDirectory below, in
 * the same transaction as the customers), and built whole by a restore or a schema upgrade
 * (directoryBlocksOf), so the directory and the customers cannot disagree.
 */
export const DIRECTORY_BLOCKS_TABLE = 'directoryBlocks';

/**
 * Small rows about the directory. Its stamp: rewritten with a new random value in every
 * transaction that writes customers, so whatever is derived from the directory and kept
 * elsewhere (the filter of known accounts, known-accounts.ts, which keeps its last build here
 * too) can tell whether it is still current.
 */
export const DIRECTORY_STATE_TABLE = 'directoryState';
export const DIRECTORY_STAMP_KEY = 'stamp';

export interface DirectoryStampRow {
  id: typeof DIRECTORY_STAMP_KEY;
  stamp: string;
}

export interface HandleRow {
  /** Lower-cased handle. */
  handle: string;
  /** Every customer with this handle, in key order: a lookup by handle answers with the first. */
  holders: SummaryBasis[];
}

/**
 * A block of the directory: its handles, and for each the JSON text of its holders. Text, not
 * objects: the lookup reads a block for every author of a batch and wants one handle of it, and
 * IndexedDB hands strings back far cheaper than objects (the bench's batches of 50 customers:
 * p50 4.4-5.2 ms with the holders as objects, 2.9-3.2 ms as text; bench/README.md).
 * JSON.parse then reads only the holders asked for.
 */
export interface DirectoryBlock {
  /** directoryBlockOf(handle) of every handle in it (buckets.ts). */
  id: number;
  /** Lower-cased handles, in order. */
  handles: string[];
  /** holders[i]: JSON of the SummaryBasis[] of handles[i]. */
  holders: string[];
}

/** The directory rows of `customers`, one per handle, in handle order. */
export function directoryRows(customers: Iterable<Customer>): HandleRow[] {
  const rows = new Map<string, SummaryBasis[]>();
  for (const c of customers) {
    const holders = rows.get(c.handleLower);
    if (holders) holders.push(summaryBasis(c));
    else rows.set(c.handleLower, [summaryBasis(c)]);
  }
  return [...rows].map(([handle, holders]) => ({ handle, holders: holders.sort(byKey) })).sort(byHandle);
}

/** Rows of one block (in handle order), as stored. */
function directoryBlock(id: number, rows: readonly HandleRow[]): DirectoryBlock {
  return { id, handles: rows.map((r) => r.handle), holders: rows.map((r) => JSON.stringify(r.holders)) };
}

/** The directory of `customers`, whole, in blocks (a restore, the schema upgrade). */
export function directoryBlocksOf(customers: Iterable<Customer>): DirectoryBlock[] {
  return [...groupInBlocks(directoryRows(customers), (row) => directoryBlockOf(row.handle))].map(([id, rows]) => directoryBlock(id, rows));
}

/** The customers with this lower-cased handle in a directory block (none: empty). */
export function holdersIn(block: DirectoryBlock | undefined, handle: string): SummaryBasis[] {
  const at = block ? block.handles.indexOf(handle) : -1;
  return at < 0 ? [] : (JSON.parse(block!.holders[at]!) as SummaryBasis[]);
}

/** The customers with this lower-cased handle, in key order. */
export async function holdersOf(db: HandlebookDatabase, handle: string): Promise<SummaryBasis[]> {
  return holdersIn(await db.directoryBlocks.get(directoryBlockOf(handle)), handle);
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byHandle = (a: HandleRow, b: HandleRow) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0);

/** The filter of known accounts and whatever else derives from the directory is out of date. */
export async function renewDirectoryStamp(db: HandlebookDatabase): Promise<void> {
  await db.directoryState.put({ id: DIRECTORY_STAMP_KEY, stamp: newId() } satisfies DirectoryStampRow);
}

/**
 * Brings the directory in step with customer writes: `before` and `after` hold, for every key
 * written, the customer as it was and as it is now (undefined: none). Reads and rewrites only
 * the blocks of the handles involved. Call inside the transaction of the write (writeCustomers).
 */
export async function rewriteDirectory(
  db: HandlebookDatabase,
  before: ReadonlyMap<string, Customer | undefined>,
  after: ReadonlyMap<string, Customer | undefined>,
): Promise<void> {
  await renewDirectoryStamp(db);
  const handles = new Set<string>();
  for (const map of [before, after]) for (const c of map.values()) if (c) handles.add(c.handleLower);
  if (handles.size === 0) return;
  const ids = [...new Set([...handles].map(directoryBlockOf))];
  const stored = await db.directoryBlocks.bulkGet(ids);
  const rows = new Map<string, SummaryBasis[]>();
  for (const block of stored) block?.handles.forEach((handle, i) => rows.set(handle, JSON.parse(block.holders[i]!) as SummaryBasis[]));

  for (const [key, previous] of before) {
    const holders = previous && rows.get(previous.handleLower);
    if (holders) rows.set(previous.handleLower, holders.filter((b) => b.key !== key));
  }
  for (const [key, next] of after) {
    if (!next) continue;
    // Never two entries for one customer, even in a directory a bug once left behind.
    const holders = (rows.get(next.handleLower) ?? []).filter((b) => b.key !== key);
    holders.push(summaryBasis(next));
    rows.set(next.handleLower, holders.sort(byKey));
  }

  const blocks = new Map<number, HandleRow[]>(ids.map((id) => [id, []]));
  for (const [handle, holders] of rows) if (holders.length) blocks.get(directoryBlockOf(handle))!.push({ handle, holders });
  const puts: DirectoryBlock[] = [];
  const deletes: number[] = [];
  for (const [id, list] of blocks) {
    if (list.length) puts.push(directoryBlock(id, list.sort(byHandle)));
    else deletes.push(id);
  }
  if (deletes.length) await db.directoryBlocks.bulkDelete(deletes);
  if (puts.length) await db.directoryBlocks.bulkPut(puts);
}
