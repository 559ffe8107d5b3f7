import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { addNote, observeAccount } from '@/lib/db/customers';
import { logIncoming, logOutgoing } from '@/lib/db/interactions';
import { lookupSummaries } from '@/lib/db/lookup';
import { RECENT_KEPT, mergeRecent, withRecent } from '@/lib/db/summaries';
import { bookBlockOf } from '@/lib/db/buckets';
import { getCustomer, writeCustomers } from '@/lib/db/customer-store';
import { writeHistory } from '@/lib/db/history-store';
import { customer, interaction } from '../customers/fixtures';

// A customer row keeps the times of its latest interactions (recentAt), so the badge lookup
// needs no query per customer for "3 or more in 30 days"; rows without them are counted.

const DAY = 24 * 60 * 60 * 1000;
let db: HandlebookDatabase;
let n = 0;
beforeEach(() => {
  db = new HandlebookDatabase(`test-recent-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const incoming = (handle: string, i: number, at: number) =>
  logIncoming(db, { ref: { handle }, displayName: handle, tweetId: `${handle}-${i}`, text: `tweet ${i}`, tweetedAt: at, openCase: false }, at);

describe('recent interaction times on the customer row', () => {
  it('keeps the newest times, newest first, whatever order they were logged in', async () => {
    await addNote(db, { handle: 'ana' }, 'Ana', 'x', 0);
    for (let i = 0; i < RECENT_KEPT + 2; i++) await incoming('ana', i, (i % 2 ? 100 - i : i) * DAY);
    await logOutgoing(db, { ref: { handle: 'ana' }, displayName: 'Ana', inReplyToId: 'ana-1', inReplyToText: 'tweet 1', text: 'Hi!' }, 200 * DAY);
    const row = (await getCustomer(db, 'h:ana'))!;
    expect(row.interactionCount).toBe(RECENT_KEPT + 3);
    expect(row.recentAt).toHaveLength(RECENT_KEPT);
    expect(row.recentAt![0]).toBe(200 * DAY);
    expect(row.recentAt).toEqual([...row.recentAt!].sort((a, b) => b - a));
    // Kept: 200, 99, 97, 95, 93, 91, 89, 10, 8, 6 (days). Within 30 days of day 120: 200..91.
    const { ana } = await lookupSummaries(db, [{ handle: 'ana' }], 120 * DAY);
    expect(ana!.recentInteractions).toBe(6);
  });

  it('counts in the database for a row written before the times were kept', async () => {
    // A row without recentAt, and its history, as the schema upgrade carries them over; in the
    // same history block, a neighbour's interactions, which are not the old customer's.
    const legacy = customer('old', { interactionCount: 4, lastContact: 13 * DAY });
    expect(legacy.recentAt).toBeUndefined();
    let neighbour = 0;
    while (bookBlockOf(`h:n${neighbour}`) !== bookBlockOf(legacy.key)) neighbour++;
    await writeCustomers(db, { put: [legacy, customer(`n${neighbour}`, { interactionCount: 2, lastContact: 15 * DAY })] });
    await writeHistory(db, {
      put: [
        ...[0, 1, 2, 3].map((i) => interaction(legacy.key, (10 + i) * DAY, { dedupeKey: `in:old-${i}` })),
        ...[14, 15].map((d) => interaction(`h:n${neighbour}`, d * DAY)),
      ],
    });
    expect((await lookupSummaries(db, [{ handle: 'old' }], 20 * DAY)).old!.recentInteractions).toBe(4);
    // A new interaction cannot complete an unknown list: it stays absent, the count stays right.
    await incoming('old', 9, 21 * DAY);
    expect((await getCustomer(db, 'h:old'))!.recentAt).toBeUndefined();
    expect((await lookupSummaries(db, [{ handle: 'old' }], 22 * DAY)).old!.recentInteractions).toBe(5);
  });

  it('merges both records\' times when the page reveals the permanent id', async () => {
    await incoming('mia', 1, 5 * DAY);
    await logIncoming(db, { ref: { handle: 'mia_old', userId: '77' }, displayName: 'Mia', tweetId: 'm2', text: 'x', tweetedAt: 6 * DAY, openCase: false }, 6 * DAY);
    await observeAccount(db, { handle: 'mia', userId: '77' }, {}, 7 * DAY);
    const merged = (await getCustomer(db, 'id:77'))!;
    expect(merged.recentAt).toEqual([6 * DAY, 5 * DAY]);
  });

  it('leaves the list unknown when either side of a merge is unknown', () => {
    expect(withRecent({ interactionCount: 0 }, 5)).toEqual([5]);
    expect(withRecent({ interactionCount: 2 }, 5)).toBeUndefined();
    expect(mergeRecent({ interactionCount: 0 }, { interactionCount: 1, recentAt: [3] })).toEqual([3]);
    expect(mergeRecent({ interactionCount: 1 }, { interactionCount: 1, recentAt: [3] })).toBeUndefined();
  });
});
