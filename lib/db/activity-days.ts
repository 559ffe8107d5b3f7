import type { HandlebookDatabase } from './database';
import type { Interaction } from './types';

/**
 * The book's interactions by day, in brief: what the dashboard's overview counts (first response
 * times, customers who keep coming back) over the last 30 days. The history is stored in blocks
 * by customer (history-store.ts), where the last 30 days are spread over every block; this keeps
 * a row per day of the few fields the overview needs, so it reads ~31 small rows.
 *
 * A day holds its interactions as parallel columns, not an object each: IndexedDB stores arrays
 * of plain values far faster than as many small objects (500,000 interactions: 55 ms against
 * 334 ms to serialize in Node, a third of the bytes), and a restore writes them all.
 *
 * Derived data, written only by history-store.ts's writeHistory (rewriteActivity below, in the
 * same transaction), and built whole by a restore or the schema upgrade (activityDaysOf).
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** What the overview reads of an interaction. */
export type ActivityEntry = Pick<Interaction, 'customerKey' | 'at' | 'responseMs' | 'author'>;

export interface ActivityDay {
  /** Days since the epoch (UTC). */
  id: number;
  /** Entry i is (customerKeys[i], ats[i], responseMs[i]); null: no response time. */
  customerKeys: string[];
  ats: number[];
  responseMs: (number | null)[];
  /**
   * Team mode: who sent or logged each entry (null: nobody named). Absent on days that never held
   * a named entry (every personal book), so those rows stay as small as before.
   */
  authors?: (string | null)[];
}

export function dayOf(at: number): number {
  return Math.floor(at / DAY_MS);
}

function emptyDay(id: number): ActivityDay {
  return { id, customerKeys: [], ats: [], responseMs: [] };
}

function push(day: ActivityDay, i: ActivityEntry): void {
  if (i.author !== undefined || day.authors) {
    day.authors ??= day.ats.map(() => null);
    day.authors.push(i.author ?? null);
  }
  day.customerKeys.push(i.customerKey);
  day.ats.push(i.at);
  day.responseMs.push(i.responseMs ?? null);
}

/** The entries of a day, as objects. */
export function entriesOf(day: ActivityDay): ActivityEntry[] {
  return day.ats.map((at, n) => {
    const ms = day.responseMs[n];
    const author = day.authors?.[n];
    return { customerKey: day.customerKeys[n]!, at, ...(ms !== null && ms !== undefined ? { responseMs: ms } : {}), ...(author ? { author } : {}) };
  });
}

/** The activity of `interactions`, whole (a restore, the schema upgrade). */
export function activityDaysOf(interactions: Iterable<Interaction>): ActivityDay[] {
  const days = new Map<number, ActivityDay>();
  for (const i of interactions) {
    const id = dayOf(i.at);
    let day = days.get(id);
    if (!day) days.set(id, (day = emptyDay(id)));
    push(day, i);
  }
  return [...days.values()];
}

/** Entries of interactions at or after `since`, oldest day first. */
export async function readActivitySince(db: HandlebookDatabase, since: number): Promise<ActivityEntry[]> {
  const days = await db.activityDays.where('id').aboveOrEqual(dayOf(since)).toArray();
  return days.flatMap((d) => entriesOf(d).filter((e) => e.at >= since));
}

/**
 * Brings the activity in step with history writes: `removed` left the history, `added` joined it
 * (a changed interaction is in both). An entry is its customer, time and response time: removing
 * one takes any entry equal to it, as equal entries count the same. Call inside the transaction
 * of the write (writeHistory).
 */
export async function rewriteActivity(db: HandlebookDatabase, removed: readonly ActivityEntry[], added: readonly ActivityEntry[]): Promise<void> {
  if (removed.length === 0 && added.length === 0) return;
  const ids = [...new Set([...removed, ...added].map((i) => dayOf(i.at)))];
  const stored = await db.activityDays.bulkGet(ids);
  const copy = (d: ActivityDay): ActivityDay => ({
    id: d.id,
    customerKeys: [...d.customerKeys],
    ats: [...d.ats],
    responseMs: [...d.responseMs],
    ...(d.authors ? { authors: [...d.authors] } : {}),
  });
  const days = new Map(ids.map((id, n) => [id, stored[n] ? copy(stored[n]) : emptyDay(id)]));
  for (const i of removed) {
    const day = days.get(dayOf(i.at))!;
    const ms = i.responseMs ?? null;
    const author = i.author ?? null;
    for (let n = 0; n < day.ats.length; n++) {
      if (day.ats[n] !== i.at || day.customerKeys[n] !== i.customerKey || day.responseMs[n] !== ms || (day.authors?.[n] ?? null) !== author) continue;
      day.ats.splice(n, 1);
      day.customerKeys.splice(n, 1);
      day.responseMs.splice(n, 1);
      day.authors?.splice(n, 1);
      break;
    }
  }
  for (const i of added) push(days.get(dayOf(i.at))!, i);
  const empty = [...days.values()].filter((d) => d.ats.length === 0 && stored[ids.indexOf(d.id)]).map((d) => d.id);
  const kept = [...days.values()].filter((d) => d.ats.length > 0);
  if (empty.length) await db.activityDays.bulkDelete(empty);
  if (kept.length) await db.activityDays.bulkPut(kept);
}
