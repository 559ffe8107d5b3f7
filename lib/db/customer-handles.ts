import type { HandlebookDatabase } from './database';
import { summaryBasis, type SummaryBasis } from './summaries';
import type { Customer } from './types';

/**
 * Who has which handle: a row per lower-cased handle with the summary of every customer who has
 * it, so the badges' lookup (lookup.ts) reads one small row per author by its primary key, and
 * finds no row for a stranger. Read through the customers' own blocks instead, a lookup batch
 * deserialised ~25 blocks of ~25 customers each: p95 16 ms and a cold lookup of 106 ms, against
 * 6.6 and 72 ms with these rows (bench/README.md).
 *
 * Derived data, written only by customer-store.ts's writeCustomers (rewriteHandles below, in the
 * same transaction as the customers), and built whole by a restore or a schema upgrade
 * (handleRowsOf), so the rows and the customers cannot disagree.
 */
export const CUSTOMER_HANDLES_TABLE = 'customerHandles';

export interface HandleRow {
  /** Lower-cased handle. */
  handle: string;
  /** Every customer with this handle, in key order: a lookup by handle answers with the first
   *  (several: an account renamed to a handle someone else had, until the page reveals who is who). */
  holders: SummaryBasis[];
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The rows of `customers`, one per handle. */
export function handleRowsOf(customers: Iterable<Customer>): HandleRow[] {
  const rows = new Map<string, SummaryBasis[]>();
  for (const c of customers) {
    const holders = rows.get(c.handleLower);
    if (holders) holders.push(summaryBasis(c));
    else rows.set(c.handleLower, [summaryBasis(c)]);
  }
  return [...rows].map(([handle, holders]) => ({ handle, holders: holders.sort(byKey) }));
}

/** The customers with this lower-cased handle, in key order. */
export async function holdersOf(db: HandlebookDatabase, handle: string): Promise<SummaryBasis[]> {
  return (await db.customerHandles.get(handle))?.holders ?? [];
}

/**
 * Brings the rows in step with customer writes: `before` and `after` hold, for every key
 * written, the customer as it was and as it is now (undefined: none). Reads and rewrites only
 * the rows of the handles involved. Call inside the transaction of the write (writeCustomers).
 */
export async function rewriteHandles(
  db: HandlebookDatabase,
  before: ReadonlyMap<string, Customer | undefined>,
  after: ReadonlyMap<string, Customer | undefined>,
): Promise<void> {
  const handles = new Set<string>();
  for (const map of [before, after]) for (const c of map.values()) if (c) handles.add(c.handleLower);
  if (handles.size === 0) return;
  const list = [...handles];
  const stored = await db.customerHandles.bulkGet(list);
  const rows = new Map(list.map((handle, i) => [handle, stored[i]?.holders ?? []]));
  const wasStored = new Set(list.filter((_, i) => stored[i]));

  for (const [key, previous] of before) {
    if (previous) rows.set(previous.handleLower, rows.get(previous.handleLower)!.filter((b) => b.key !== key));
  }
  for (const [key, next] of after) {
    if (!next) continue;
    // Never two entries for one customer, even in rows a bug once left behind.
    const holders = rows.get(next.handleLower)!.filter((b) => b.key !== key);
    holders.push(summaryBasis(next));
    rows.set(next.handleLower, holders.sort(byKey));
  }

  const puts: HandleRow[] = [];
  const deletes: string[] = [];
  for (const [handle, holders] of rows) {
    if (holders.length) puts.push({ handle, holders });
    else if (wasStored.has(handle)) deletes.push(handle);
  }
  if (deletes.length) await db.customerHandles.bulkDelete(deletes);
  if (puts.length) await db.customerHandles.bulkPut(puts);
}
