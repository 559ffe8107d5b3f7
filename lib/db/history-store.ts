import type { HandlebookDatabase } from './database';
import { rewriteActivity } from './activity-days';
import { rewriteAnswered } from './answered-tweets';
import { adjustBookCounts } from './book-counts';
import { bookBlockOf, groupInBlocks } from './buckets';
import { recordHistoryEdits, type WriteOrigin } from './team-outbox';
import type { Interaction } from './types';

/**
 * Interactions are stored in blocks by customer: every interaction of customer `key` lives in
 * history block `bookBlockOf(key)` (buckets.ts), with the histories of the other customers of
 * that block, not in a row of its own (Chromium charges for every row written: 500,000
 * interaction rows took most of a ~100 s restore).
 *
 * This module is the only code that knows the layout; everything else reads and writes
 * `Interaction`s through it. Every write goes through writeHistory, which keeps what derives
 * from the history in the same transaction: the activity by day (activity-days.ts) and the
 * book's counts (book-counts.ts).
 */
export const HISTORY_BLOCKS_TABLE = 'historyBlocks';

export interface HistoryBlock {
  /** bookBlockOf(customerKey) of every interaction in it. */
  id: number;
  interactions: Interaction[];
}

/** Oldest first; the same time in id order (as the old [customerKey+at] index listed them). */
export const byTime = (a: Interaction, b: Interaction) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The history, whole, in blocks (a restore, the schema upgrade). */
export function historyBlocksOf(interactions: Iterable<Interaction>): HistoryBlock[] {
  return [...groupInBlocks(interactions, (i) => bookBlockOf(i.customerKey))].map(([id, list]) => ({ id, interactions: list }));
}

/** Every interaction of one customer in a history block, oldest first. */
export function historyIn(block: HistoryBlock | undefined, customerKey: string): Interaction[] {
  return (block?.interactions ?? []).filter((i) => i.customerKey === customerKey).sort(byTime);
}

/** Every interaction of one customer, oldest first. */
export async function readHistory(db: HandlebookDatabase, customerKey: string): Promise<Interaction[]> {
  return historyIn(await db.historyBlocks.get(bookBlockOf(customerKey)), customerKey);
}

/** The histories of several customers, oldest first each. */
export async function readHistories(db: HandlebookDatabase, customerKeys: readonly string[]): Promise<Map<string, Interaction[]>> {
  const ids = [...new Set(customerKeys.map(bookBlockOf))];
  const blocks = new Map(ids.map((id, n) => [id, n] as const));
  const stored = await db.historyBlocks.bulkGet(ids);
  return new Map(customerKeys.map((key) => [key, historyIn(stored[blocks.get(bookBlockOf(key))!], key)]));
}

/** Every interaction, block after block. */
export async function readAllInteractions(db: HandlebookDatabase): Promise<Interaction[]> {
  return (await db.historyBlocks.toArray()).flatMap((b) => b.interactions);
}

export interface HistoryChanges {
  /** Interactions to add, or to write over the one with the same id in their customer's block. */
  put?: readonly Interaction[];
  /** Interactions to remove, as stored (their customer key finds the block, their id the row). */
  remove?: readonly Pick<Interaction, 'id' | 'customerKey'>[];
  /** 'team' for what the team's documents brought: not recorded to be sent back. */
  origin?: WriteOrigin;
}

/** The tables a transaction that writes the history must hold (writeHistory's own). */
export function historyWriteTables(db: HandlebookDatabase) {
  return [db.historyBlocks, db.activityDays, db.answeredTweets, db.bookState, db.teamOutbox];
}

/**
 * Removes `changes.remove`, then puts `changes.put`, in one transaction (or the caller's, which
 * must hold historyWriteTables). Rewrites only the blocks involved; an emptied block is deleted.
 */
export async function writeHistory(db: HandlebookDatabase, changes: HistoryChanges): Promise<void> {
  // The last of several puts of one id wins.
  const puts = [...new Map((changes.put ?? []).map((i) => [i.id, i])).values()];
  const removes = changes.remove ?? [];
  if (puts.length === 0 && removes.length === 0) return;
  await db.transaction('rw', historyWriteTables(db), async () => {
    const ids = [...new Set([...removes, ...puts].map((i) => bookBlockOf(i.customerKey)))];
    const stored = await db.historyBlocks.bulkGet(ids);
    const blocks = new Map(ids.map((id, n) => [id, new Map((stored[n]?.interactions ?? []).map((i) => [i.id, i]))]));
    const wasStored = new Set(ids.filter((_, n) => stored[n]));
    const gone: Interaction[] = [];
    const came: Interaction[] = [];

    for (const r of removes) {
      const block = blocks.get(bookBlockOf(r.customerKey))!;
      const old = block.get(r.id);
      if (old && old.customerKey === r.customerKey) {
        block.delete(r.id);
        gone.push(old);
      }
    }
    for (const i of puts) {
      const block = blocks.get(bookBlockOf(i.customerKey))!;
      const old = block.get(i.id);
      if (old) gone.push(old);
      block.set(i.id, i);
      came.push(i);
    }

    const emptied: number[] = [];
    const kept: HistoryBlock[] = [];
    for (const [id, interactions] of blocks) {
      if (interactions.size) kept.push({ id, interactions: [...interactions.values()] });
      else if (wasStored.has(id)) emptied.push(id);
    }
    if (emptied.length) await db.historyBlocks.bulkDelete(emptied);
    if (kept.length) await db.historyBlocks.bulkPut(kept);
    await adjustBookCounts(db, { interactions: came.length - gone.length });
    await rewriteActivity(db, gone, came);
    await rewriteAnswered(db, gone, came);
    await recordHistoryEdits(db, { came, gone }, changes.origin);
  });
}
