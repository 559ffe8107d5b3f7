import type { Transaction } from 'dexie';
import { activityDaysOf, type ActivityDay } from './activity-days';
import { bookCountsRow, type BookCountsRow } from './book-counts';
import { customerBlocksOf, type CustomerBlock } from './customer-store';
import { DIRECTORY_STAMP_KEY, directoryBlocksOf, type DirectoryBlock, type DirectoryStampRow } from './handle-directory';
import { historyBlocksOf, type HistoryBlock } from './history-store';
import { newId } from './ids';
import type { Customer, Interaction } from './types';

/**
 * The whole book written at once: a restore that replaces everything, and the schema upgrade
 * that moved the book into blocks. Builds every stored row from the customers and their
 * interactions (the blocks, and what derives from them), so nothing is read back, then writes
 * them into emptied stores. Works on a Dexie transaction's tables by name, so the upgrade (which
 * has no typed tables) can use it too.
 */
export const BOOK_STORES = ['customerBlocks', 'historyBlocks', 'directoryBlocks', 'activityDays', 'bookState'] as const;

interface BookRows {
  customerBlocks: CustomerBlock[];
  historyBlocks: HistoryBlock[];
  directoryBlocks: DirectoryBlock[];
  activityDays: ActivityDay[];
  bookState: BookCountsRow[];
}

export function bookRowsOf(customers: readonly Customer[], interactions: readonly Interaction[], writtenAt: number): BookRows {
  return {
    customerBlocks: customerBlocksOf(customers, writtenAt),
    historyBlocks: historyBlocksOf(interactions),
    directoryBlocks: directoryBlocksOf(customers),
    activityDays: activityDaysOf(interactions),
    bookState: [bookCountsRow({ customers: customers.length, interactions: interactions.length })],
  };
}

/**
 * Makes the book `customers` and `interactions`, nothing else, inside `tx` (which must hold
 * BOOK_STORES and directoryState). Keys must be unique (a validated backup's are).
 */
export async function replaceBook(tx: Transaction, customers: readonly Customer[], interactions: readonly Interaction[]): Promise<void> {
  const rows = bookRowsOf(customers, interactions, Date.now());
  await Promise.all(BOOK_STORES.map((name) => tx.table(name).clear()));
  await Promise.all(BOOK_STORES.map((name) => (rows[name].length ? tx.table(name).bulkPut(rows[name]) : undefined)));
  await tx.table('directoryState').put({ id: DIRECTORY_STAMP_KEY, stamp: newId() } satisfies DirectoryStampRow);
}
