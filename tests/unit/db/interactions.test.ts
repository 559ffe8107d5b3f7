import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { addNote } from '@/lib/db/customers';
import { excerptOf, listInteractions, logIncoming, logOutgoing } from '@/lib/db/interactions';
import { lookupSummaries } from '@/lib/db/lookup';
import { readBookCounts } from '@/lib/db/book-counts';
import { getCustomer } from '@/lib/db/customer-store';
import { readAllInteractions, readHistory } from '@/lib/db/history-store';

const MIN = 60_000;
let db: HandlebookDatabase;
let n = 0;
beforeEach(async () => {
  db = new HandlebookDatabase(`test-interactions-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

describe('interactions', () => {
  it('logs a sent reply once, even when X re-renders and it is seen again', async () => {
    const reply = { ref: { handle: 'ann' }, displayName: 'Ann', inReplyToId: '100', inReplyToText: 'Where is my order?', text: 'On its way!' };
    const first = await logOutgoing(db, reply, 1000);
    const second = await logOutgoing(db, reply, 1005);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.interaction).toEqual(first.interaction);
    expect(await readHistory(db, 'h:ann')).toEqual([first.interaction]);
    expect((await readBookCounts(db)).interactions).toBe(1);
    expect((await getCustomer(db, 'h:ann'))!.interactionCount).toBe(1);
    expect(first.interaction).toMatchObject({ direction: 'out', inReplyToId: '100', excerpt: 'Where is my order?', text: 'On its way!', at: 1000 });
  });

  it('de-duplicates per customer: the same reply to another customer is logged for them', async () => {
    const reply = { inReplyToId: '100', inReplyToText: 'Where is my order?', text: 'On its way!' };
    const toAnn = await logOutgoing(db, { ...reply, ref: { handle: 'ann' }, displayName: 'Ann' }, 1000);
    const toBo = await logOutgoing(db, { ...reply, ref: { handle: 'bo' }, displayName: 'Bo' }, 1001);
    expect(toBo.duplicate).toBe(false);
    expect(toBo.interaction.dedupeKey).toBe(toAnn.interaction.dedupeKey);
    expect(await readHistory(db, 'h:bo')).toEqual([toBo.interaction]);
    expect((await readAllInteractions(db)).map((i) => i.customerKey).sort()).toEqual(['h:ann', 'h:bo']);
    expect((await logOutgoing(db, { ...reply, ref: { handle: 'bo' }, displayName: 'Bo' }, 1002)).duplicate).toBe(true);
    expect((await readBookCounts(db)).interactions).toBe(2);
  });

  it('opens a case from a logged tweet and measures our first response time', async () => {
    const incoming = await logIncoming(
      db,
      { ref: { handle: 'ben' }, displayName: 'Ben', tweetId: '200', text: 'Still no refund', tweetedAt: 10 * MIN, openCase: true },
      12 * MIN,
    );
    expect(incoming.customer).toMatchObject({ status: 'waiting_us', waitingSince: 10 * MIN, interactionCount: 1, lastContact: 10 * MIN });
    const out = await logOutgoing(
      db,
      { ref: { handle: 'ben' }, displayName: 'Ben', inReplyToId: '200', inReplyToText: 'Still no refund', text: 'Sorry! Refund sent.' },
      25 * MIN,
    );
    expect(out.interaction.responseMs).toBe(15 * MIN);
    expect(out.customer.status).toBe('waiting_them');
    expect(out.customer.waitingSince).toBeUndefined();
    expect(out.customer.interactionCount).toBe(2);
    // A later reply in the same case is not a first response.
    const later = await logOutgoing(db, { ref: { handle: 'ben' }, displayName: 'Ben', inReplyToText: '', text: 'Anything else?' }, 30 * MIN);
    expect(later.interaction.responseMs).toBeUndefined();
  });

  it('does not log the same tweet twice', async () => {
    const t = { ref: { handle: 'cy' }, displayName: 'Cy', tweetId: '300', text: 'hello', openCase: false };
    await logIncoming(db, t, 1);
    const again = await logIncoming(db, t, 2);
    expect(again.duplicate).toBe(true);
    expect(await readHistory(db, 'h:cy')).toHaveLength(1);
    expect((await readBookCounts(db)).interactions).toBe(1);
    expect((await getCustomer(db, 'h:cy'))!.interactionCount).toBe(1);
  });

  it('lists the timeline newest first and counts the last 30 days', async () => {
    await addNote(db, { handle: 'dee' }, 'Dee', 'x', 0);
    const day = 24 * 60 * MIN;
    for (const [i, at] of [1 * day, 40 * day, 45 * day, 50 * day].entries()) {
      await logIncoming(db, { ref: { handle: 'dee' }, displayName: 'Dee', tweetId: `t${i}`, text: `tweet ${i}`, tweetedAt: at, openCase: false }, at);
    }
    const timeline = await listInteractions(db, 'h:dee');
    expect(timeline.map((x) => x.text)).toEqual(['tweet 3', 'tweet 2', 'tweet 1', 'tweet 0']);
    const { dee } = await lookupSummaries(db, [{ handle: 'dee' }], 51 * day);
    expect(dee).toMatchObject({ interactionCount: 4, recentInteractions: 3 });
    // Four weeks later only the newest is within 30 days.
    expect((await lookupSummaries(db, [{ handle: 'Dee' }], 79 * day)).dee!.recentInteractions).toBe(1);
  });

  it('shortens excerpts and flattens whitespace', () => {
    expect(excerptOf('a\n\n b')).toBe('a b');
    expect(excerptOf('x'.repeat(500))).toHaveLength(280);
  });
});
