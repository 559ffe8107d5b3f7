import type { HandlebookDatabase } from './database';
import type { Interaction } from './types';

/**
 * Which tweets the desk answered: for every tweet a logged reply (or a "handled" mark) answers,
 * who answered it and when. The triage markers on X's mentions and searches ask by tweet id,
 * and the history is stored by customer (history-store.ts), so this keeps a row per answered
 * tweet: one read per batch of tweets on screen.
 *
 * Derived data, written only by history-store.ts's writeHistory (rewriteAnswered below, in the
 * same transaction), and built whole by a restore or the schema upgrade (answeredRowsOf).
 */
export const ANSWERED_TWEETS_TABLE = 'answeredTweets';

export interface Answer {
  /** The interaction that answered. */
  id: string;
  at: number;
  /** In team mode, the member who answered. */
  by?: string;
  /** Marked handled without a reply. */
  handled?: true;
}

export interface AnsweredTweetRow {
  statusId: string;
  /** Oldest first. */
  answers: Answer[];
}

const answers = (i: Interaction): i is Interaction & { inReplyToId: string } => i.direction === 'out' && !!i.inReplyToId;

function answerOf(i: Interaction): Answer {
  return { id: i.id, at: i.at, ...(i.author ? { by: i.author } : {}), ...(i.handled ? { handled: true as const } : {}) };
}

const byTime = (a: Answer, b: Answer) => a.at - b.at || (a.id < b.id ? -1 : 1);

/** The rows of `interactions`, whole (a restore, the schema upgrade). */
export function answeredRowsOf(interactions: Iterable<Interaction>): AnsweredTweetRow[] {
  const rows = new Map<string, Answer[]>();
  for (const i of interactions) {
    if (!answers(i)) continue;
    const list = rows.get(i.inReplyToId);
    if (list) list.push(answerOf(i));
    else rows.set(i.inReplyToId, [answerOf(i)]);
  }
  return [...rows].map(([statusId, list]) => ({ statusId, answers: list.sort(byTime) }));
}

/** Brings the rows in step with history writes (`gone` left the history, `came` joined it). Inside writeHistory's transaction. */
export async function rewriteAnswered(db: HandlebookDatabase, gone: readonly Interaction[], came: readonly Interaction[]): Promise<void> {
  const touched = [...new Set([...gone, ...came].filter(answers).map((i) => i.inReplyToId))];
  if (!touched.length) return;
  const stored = await db.answeredTweets.bulkGet(touched);
  const rows = new Map(touched.map((id, n) => [id, [...(stored[n]?.answers ?? [])]]));
  for (const i of gone) {
    if (!answers(i)) continue;
    const list = rows.get(i.inReplyToId)!;
    const at = list.findIndex((a) => a.id === i.id);
    if (at >= 0) list.splice(at, 1);
  }
  for (const i of came) if (answers(i)) rows.get(i.inReplyToId)!.push(answerOf(i));
  const put = [...rows].filter(([, list]) => list.length).map(([statusId, list]) => ({ statusId, answers: list.sort(byTime) }));
  const emptied = [...rows].filter(([, list], n) => !list.length && stored[n]).map(([statusId]) => statusId);
  if (emptied.length) await db.answeredTweets.bulkDelete(emptied);
  if (put.length) await db.answeredTweets.bulkPut(put);
}

/** The answers to these tweets (only the answered ones are in the map). */
export async function readAnswers(db: HandlebookDatabase, statusIds: readonly string[]): Promise<Map<string, Answer[]>> {
  const rows = await db.answeredTweets.bulkGet([...statusIds]);
  const found = new Map<string, Answer[]>();
  for (const row of rows) if (row) found.set(row.statusId, row.answers);
  return found;
}
