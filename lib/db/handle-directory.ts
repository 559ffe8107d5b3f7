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
 * A block of the directory, stored as ONE string: for each of its handles, in handle order, a
 * line `\n"handle"\t[holders]` (the handle as a JSON string, then the JSON of its holders, each
 * a positional array: HolderArray), and a closing `\n`. JSON never holds a raw newline, so a
 * handle's entry is found with one indexOf and only its holders are parsed.
 *
 * Why a string: the lookup reads a block for every author of a batch and wants one handle of
 * it, and a read costs more the more Chromium hands back. At 100,000 customers a block was
 * ~3,500 characters as schema 6 stored it (two arrays of ~12 strings, the holders as keyed
 * JSON) and is ~2,300 as this text; 30 reads in the worker took p50 1.1-1.2 / p95 1.7 ms then,
 * 1.0-1.1 / 1.6-1.7 now, and 0.7-0.8 / 1.2-1.3 for the keys alone, the floor (bench/README.md).
 */
export interface DirectoryBlock {
  /** directoryBlockOf(handle) of every handle in it (buckets.ts). */
  id: number;
  /** The entries as described above. */
  entries: string;
}

/**
 * The order of a holder's fields in its stored array. Absent optional fields are null, and
 * trailing nulls are left out. Stored data depends on it: a change needs a schema version,
 * except a new optional field at the end (older rows simply lack it, as `assignee` was added).
 */
type HolderArray = [
  key: string,
  handle: string,
  userId: string | null,
  displayName: string,
  tags: string[],
  status: SummaryBasis['status'],
  noteCount: number,
  interactionCount: number,
  lastContact: number,
  waitingSince?: number | null,
  recentAt?: number[] | null,
  /** [member id, name] */
  assignee?: [string, string] | null,
];

function holderArray(b: SummaryBasis): HolderArray {
  const a: HolderArray = [b.key, b.handle, b.userId ?? null, b.displayName, b.tags, b.status, b.noteCount, b.interactionCount, b.lastContact, b.waitingSince ?? null, b.recentAt ?? null, b.assignee ? [b.assignee.member, b.assignee.name] : null];
  while (a[a.length - 1] === null) a.pop();
  return a;
}

function holderOf(a: HolderArray): SummaryBasis {
  const [key, handle, userId, displayName, tags, status, noteCount, interactionCount, lastContact, waitingSince, recentAt, assignee] = a;
  return {
    key,
    handle,
    ...(userId !== null ? { userId } : {}),
    displayName,
    tags,
    status,
    noteCount,
    interactionCount,
    lastContact,
    ...(waitingSince != null ? { waitingSince } : {}),
    ...(recentAt != null ? { recentAt } : {}),
    ...(assignee != null ? { assignee: { member: assignee[0], name: assignee[1] } } : {}),
  };
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
  let entries = '';
  for (const row of rows) entries += `\n${JSON.stringify(row.handle)}\t${JSON.stringify(row.holders.map(holderArray))}`;
  return { id, entries: `${entries}\n` };
}

/** Every entry of a stored block, in handle order. */
export function rowsIn(block: DirectoryBlock): HandleRow[] {
  const rows: HandleRow[] = [];
  for (const line of block.entries.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    rows.push({ handle: JSON.parse(line.slice(0, tab)) as string, holders: (JSON.parse(line.slice(tab + 1)) as HolderArray[]).map(holderOf) });
  }
  return rows;
}

/** The handles of a stored block, in order (the filter of known accounts reads only these). */
export function handlesIn(block: DirectoryBlock): string[] {
  const handles: string[] = [];
  for (let at = block.entries.indexOf('\n'); at >= 0 && at < block.entries.length - 1; at = block.entries.indexOf('\n', at + 1)) {
    handles.push(JSON.parse(block.entries.slice(at + 1, block.entries.indexOf('\t', at))) as string);
  }
  return handles;
}

/** A block as schema 6 stored it: the handles, and for each the keyed JSON of its holders. */
export interface Schema6DirectoryBlock {
  id: number;
  handles: string[];
  holders: string[];
}

/** A block as this schema stores it, from what schema 6 stored (the upgrade to schema 7). */
export function fromSchema6Block(old: Schema6DirectoryBlock): DirectoryBlock {
  return directoryBlock(old.id, old.handles.map((handle, i) => ({ handle, holders: JSON.parse(old.holders[i]!) as SummaryBasis[] })));
}

/** The directory of `customers`, whole, in blocks (a restore, the schema upgrade). */
export function directoryBlocksOf(customers: Iterable<Customer>): DirectoryBlock[] {
  return [...groupInBlocks(directoryRows(customers), (row) => directoryBlockOf(row.handle))].map(([id, rows]) => directoryBlock(id, rows));
}

/** The customers with this lower-cased handle in a directory block (none: empty). */
export function holdersIn(block: DirectoryBlock | undefined, handle: string): SummaryBasis[] {
  if (!block) return [];
  const tag = `\n${JSON.stringify(handle)}\t`;
  const at = block.entries.indexOf(tag);
  if (at < 0) return [];
  const from = at + tag.length;
  return (JSON.parse(block.entries.slice(from, block.entries.indexOf('\n', from))) as HolderArray[]).map(holderOf);
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
  for (const block of stored) if (block) for (const row of rowsIn(block)) rows.set(row.handle, row.holders);

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
