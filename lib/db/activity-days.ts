import type { HandlebookDatabase } from './database';
import type { Interaction } from './types';

/**
 * The book's interactions by day, in brief: what the dashboard's overview counts (first response
 * times, customers who keep coming back) over the last 30 days. The history is stored in blocks
 * by customer (history-store.ts), where the last 30 days are spread over every block; this keeps
 * a row per day of the few fields the overview needs, so it reads ~31 small rows.
 *
 * Derived data, written only by history-store.ts's writeHistory (rewriteActivity below, in the
 * same transaction), and built whole by a restore or the schema upgrade (activityDaysOf).
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

export type ActivityEntry = Pick<Interaction, 'id' | 'customerKey' | 'at' | 'responseMs'>;

export interface ActivityDay {
  /** Days since the epoch (UTC). */
  id: number;
  entries: ActivityEntry[];
}

export function dayOf(at: number): number {
  return Math.floor(at / DAY_MS);
}

function entryOf(i: Interaction): ActivityEntry {
  return { id: i.id, customerKey: i.customerKey, at: i.at, ...(i.responseMs !== undefined ? { responseMs: i.responseMs } : {}) };
}

/** The activity of `interactions`, whole (a restore, the schema upgrade). */
export function activityDaysOf(interactions: Iterable<Interaction>): ActivityDay[] {
  const days = new Map<number, ActivityEntry[]>();
  for (const i of interactions) {
    const day = dayOf(i.at);
    const entries = days.get(day);
    if (entries) entries.push(entryOf(i));
    else days.set(day, [entryOf(i)]);
  }
  return [...days].map(([id, entries]) => ({ id, entries }));
}

/** Entries of interactions at or after `since`, oldest day first. */
export async function readActivitySince(db: HandlebookDatabase, since: number): Promise<ActivityEntry[]> {
  const days = await db.activityDays.where('id').aboveOrEqual(dayOf(since)).toArray();
  return days.flatMap((d) => d.entries.filter((e) => e.at >= since));
}

/**
 * Brings the activity in step with history writes: `removed` left the history, `added` joined it
 * (a changed interaction is in both). Call inside the transaction of the write (writeHistory).
 */
export async function rewriteActivity(db: HandlebookDatabase, removed: readonly Interaction[], added: readonly Interaction[]): Promise<void> {
  if (removed.length === 0 && added.length === 0) return;
  const ids = [...new Set([...removed, ...added].map((i) => dayOf(i.at)))];
  const stored = await db.activityDays.bulkGet(ids);
  const days = new Map(ids.map((id, n) => [id, stored[n]?.entries.slice() ?? []]));
  for (const i of removed) {
    const entries = days.get(dayOf(i.at))!;
    const at = entries.findIndex((e) => e.id === i.id);
    if (at >= 0) entries.splice(at, 1);
  }
  for (const i of added) days.get(dayOf(i.at))!.push(entryOf(i));
  const empty = [...days].filter(([, entries]) => entries.length === 0).map(([id]) => id);
  const kept = [...days].filter(([, entries]) => entries.length > 0).map(([id, entries]) => ({ id, entries }));
  if (empty.length) await db.activityDays.bulkDelete(empty);
  if (kept.length) await db.activityDays.bulkPut(kept);
}
