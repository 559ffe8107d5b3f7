import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { answeredRowsOf, readAnswers } from '@/lib/db/answered-tweets';
import { deleteCustomers, restoreCustomers } from '@/lib/db/bulk';
import { readAllInteractions } from '@/lib/db/history-store';
import { logIncoming, logOutgoing, markHandled } from '@/lib/db/interactions';
import { getCustomer } from '@/lib/db/customer-store';

let db: HandlebookDatabase;
let n = 0;
beforeEach(() => {
  db = new HandlebookDatabase(`test-answered-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const reply = (handle: string, tweetId: string, text: string, author?: string) => ({
  ref: { handle },
  displayName: handle,
  inReplyToId: tweetId,
  inReplyToText: 'where is my order?',
  text,
  ...(author ? { author } : {}),
});

describe('answered tweets (the triage markers’ rows)', () => {
  it('records who answered each tweet and when, oldest answer first, and nothing for unanswered tweets', async () => {
    await logIncoming(db, { ref: { handle: 'bob' }, displayName: 'Bob', tweetId: '100', text: 'where is my order?', openCase: true }, 1_000);
    await logOutgoing(db, reply('bob', '100', 'On its way', 'Ana'), 2_000);
    await logOutgoing(db, reply('bob', '100', 'Tracking: NW-1', 'Ben'), 3_000);
    await logOutgoing(db, reply('cai', '200', 'Hi Cai'), 4_000);
    const found = await readAnswers(db, ['100', '200', '300']);
    expect(found.get('100')).toEqual([
      { id: expect.any(String), at: 2_000, by: 'Ana' },
      { id: expect.any(String), at: 3_000, by: 'Ben' },
    ]);
    expect(found.get('200')).toEqual([{ id: expect.any(String), at: 4_000 }]);
    expect(found.has('300')).toBe(false);
    // The incoming tweet itself answers nothing.
    expect(await db.answeredTweets.count()).toBe(2);
  });

  it('counts a tweet marked handled as answered, once, and it closes the wait like a reply', async () => {
    await logIncoming(db, { ref: { handle: 'bob' }, displayName: 'Bob', tweetId: '100', text: 'thanks!', openCase: true }, 1_000);
    const first = await markHandled(db, { ref: { handle: 'bob' }, displayName: 'Bob', tweetId: '100', tweetText: 'thanks!', author: 'Ana' }, 61_000);
    const again = await markHandled(db, { ref: { handle: 'bob' }, displayName: 'Bob', tweetId: '100', tweetText: 'thanks!', author: 'Ana' }, 62_000);
    expect(again.duplicate).toBe(true);
    expect(first.interaction).toMatchObject({ direction: 'out', handled: true, text: '', inReplyToId: '100', responseMs: 60_000 });
    expect((await readAnswers(db, ['100'])).get('100')).toEqual([{ id: first.interaction.id, at: 61_000, by: 'Ana', handled: true }]);
    expect((await getCustomer(db, 'h:bob'))!.waitingSince).toBeUndefined();
  });

  it('forgets the answers of a deleted customer, and brings them back with an undo', async () => {
    await logOutgoing(db, reply('bob', '100', 'On its way'), 2_000);
    const removed = await deleteCustomers(db, ['h:bob']);
    expect(await db.answeredTweets.count()).toBe(0);
    await restoreCustomers(db, removed.customers, removed.interactions);
    expect((await readAnswers(db, ['100'])).get('100')).toHaveLength(1);
  });

  it('is built whole from a history (restore, schema upgrade) exactly as the writes keep it', async () => {
    await logOutgoing(db, reply('bob', '100', 'a', 'Ana'), 2_000);
    await logOutgoing(db, reply('bob', '100', 'b', 'Ben'), 3_000);
    await markHandled(db, { ref: { handle: 'eve' }, displayName: 'Eve', tweetId: '500', tweetText: 'ok' }, 4_000);
    const kept = (await db.answeredTweets.toArray()).sort((a, b) => a.statusId.localeCompare(b.statusId));
    const built = answeredRowsOf(await readAllInteractions(db)).sort((a, b) => a.statusId.localeCompare(b.statusId));
    expect(built).toEqual(kept);
  });
});
