import type { Transaction } from 'dexie';
import { activityDaysOf, type ActivityDay } from './activity-days';
import { answeredRowsOf, type AnsweredTweetRow } from './answered-tweets';
import { bookCountsRow, type BookCountsRow } from './book-counts';
import { customerBlocksOf, type CustomerBlock } from './customer-store';
import { handleRowsOf, type HandleRow } from './customer-handles';
import { historyBlocksOf, type HistoryBlock } from './history-store';
import type { Customer, Interaction } from './types';

/**
 * The whole book written at once: a restore that replaces everything, and the schema upgrade
 * that moved the book into blocks. Builds every stored row from the customers and their
 * interactions (the blocks, and what derives from them), so nothing is read back, then writes
 * them into emptied stores. Works on a Dexie transaction's tables by name, so the upgrade (which
 * has no typed tables) can use it too.
 */
export const BOOK_STORES = ['customerBlocks', 'customerHandles', 'historyBlocks', 'activityDays', 'answeredTweets', 'bookState'] as const;

interface BookRows {
  customerBlocks: CustomerBlock[];
  customerHandles: HandleRow[];
  historyBlocks: HistoryBlock[];
  activityDays: ActivityDay[];
  answeredTweets: AnsweredTweetRow[];
  bookState: BookCountsRow[];
}

export function bookRowsOf(customers: readonly Customer[], interactions: readonly Interaction[], writtenAt: number): BookRows {
  return {
    customerBlocks: customerBlocksOf(customers, writtenAt),
    customerHandles: handleRowsOf(customers),
    historyBlocks: historyBlocksOf(interactions),
    activityDays: activityDaysOf(interactions),
    answeredTweets: answeredRowsOf(interactions),
    bookState: [bookCountsRow({ customers: customers.length, interactions: interactions.length })],
  };
}

/**
 * Makes the book `customers` and `interactions`, nothing else, inside `tx` (which must hold
 * `stores`). Keys must be unique (a validated backup's are). A schema upgrade
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
}
