import type { HandlebookDatabase } from './database';

/**
 * How many customers and interactions the book holds, kept in one row: with the book in blocks,
 * counting would read every block. customer-store.ts and history-store.ts adjust it in the same
 * transaction as every write; a restore or the schema upgrade sets it whole.
 */
export const BOOK_COUNTS_KEY = 'counts';

export interface BookCounts {
  customers: number;
  interactions: number;
}

export interface BookCountsRow extends BookCounts {
  id: typeof BOOK_COUNTS_KEY;
}

export async function readBookCounts(db: HandlebookDatabase): Promise<BookCounts> {
  const row = await db.bookState.get(BOOK_COUNTS_KEY);
  return { customers: row?.customers ?? 0, interactions: row?.interactions ?? 0 };
}

/** Adds `delta` to the counts; call inside the write's transaction. */
export async function adjustBookCounts(db: HandlebookDatabase, delta: Partial<BookCounts>): Promise<void> {
  if (!delta.customers && !delta.interactions) return;
  const now = await readBookCounts(db);
  await db.bookState.put({
    id: BOOK_COUNTS_KEY,
    customers: now.customers + (delta.customers ?? 0),
    interactions: now.interactions + (delta.interactions ?? 0),
  });
}

export function bookCountsRow(counts: BookCounts): BookCountsRow {
  return { id: BOOK_COUNTS_KEY, ...counts };
}
