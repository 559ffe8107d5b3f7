import type { Transaction } from 'dexie';
import { activityDaysOf, type ActivityDay } from './activity-days';
import { answeredRowsOf, type AnsweredTweetRow } from './answered-tweets';
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
export const BOOK_STORES = ['customerBlocks', 'historyBlocks', 'directoryBlocks', 'activityDays', 'answeredTweets', 'bookState'] as const;

interface BookRows {
  customerBlocks: CustomerBlock[];
  historyBlocks: HistoryBlock[];
  directoryBlocks: DirectoryBlock[];
  activityDays: ActivityDay[];
  answeredTweets: AnsweredTweetRow[];
  bookState: BookCountsRow[];
}

export function bookRowsOf(customers: readonly Customer[], interactions: readonly Interaction[], writtenAt: number): BookRows {
  return {
    customerBlocks: customerBlocksOf(customers, writtenAt),
    historyBlocks: historyBlocksOf(interactions),
    directoryBlocks: directoryBlocksOf(customers),
    activityDays: activityDaysOf(interactions),
    answeredTweets: answeredRowsOf(interactions),
    bookState: [bookCountsRow({ customers: customers.length, interactions: interactions.length })],
  };
}

/**
 * Makes the book `customers` and `interactions`, nothing else, inside `tx` (which must hold
 * `stores` and directoryState). Keys must be unique (a validated backup's are). A schema upgrade
 * passes the stores its version has (the later ones are built by their own upgrades).
 */
export async function replaceBook(
  tx: Transaction,
  customers: readonly Customer[],
  interactions: readonly Interaction[],
  stores: readonly (typeof BOOK_STORES)[number][] = BOOK_STORES,
): Promise<void> {
  const rows = bookRowsOf(customers, interactions, Date.now());
  await Promise.all(stores.map((name) => tx.table(name).clear()));
  await Promise.all(stores.map((name) => (rows[name].length ? tx.table(name).bulkPut(rows[name]) : undefined)));
  await tx.table('directoryState').put({ id: DIRECTORY_STAMP_KEY, stamp: newId() } satisfies DirectoryStampRow);
}
