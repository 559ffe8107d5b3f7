import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { assignCustomer, assignCustomers, withAssignee } from '@/lib/db/assignments';
import { bulkUpdateCustomers } from '@/lib/db/bulk';
import { getCustomer } from '@/lib/db/customer-store';
import { emptyCustomer } from '@/lib/db/identity';
import { logIncoming, logOutgoing } from '@/lib/db/interactions';
import { lookupSummaries } from '@/lib/db/lookup';
import { readActivitySince } from '@/lib/db/activity-days';

const ANA = { member: 'm-ana', name: 'Ana' };
const BEN = { member: 'm-ben', name: 'Ben' };

let db: HandlebookDatabase;
let n = 0;
beforeEach(() => {
  db = new HandlebookDatabase(`test-assignments-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

describe('withAssignee', () => {
  const open = { ...emptyCustomer({ handle: 'bob' }, 'Bob', 1_000), status: 'waiting_us' as const, waitingSince: 900 };

  it('gives the case to a member and records who did it, when', () => {
    const next = withAssignee(open, BEN, 'Ana', 2_000);
    expect(next.assignee).toEqual(BEN);
    expect(next.assignments).toEqual([{ id: expect.any(String), to: BEN, by: 'Ana', at: 2_000 }]);
    expect(next.status).toBe('waiting_us');
    expect(next.waitingSince).toBe(900);
    expect(next.updatedAt).toBe(2_000);
  });

  it('changes nothing when the case already has that owner (the same object comes back)', () => {
    const once = withAssignee(open, BEN, 'Ana', 2_000);
    expect(withAssignee(once, { ...BEN }, 'Ben', 3_000)).toBe(once);
    expect(withAssignee(open, null, 'Ana', 3_000)).toBe(open);
  });

  it('unassigns, keeping the history', () => {
    const back = withAssignee(withAssignee(open, BEN, 'Ana', 2_000), null, 'Ben', 3_000);
    expect(back.assignee).toBeUndefined();
    expect(back.assignments!.map((a) => [a.to?.name ?? null, a.by])).toEqual([
      ['Ben', 'Ana'],
      [null, 'Ben'],
    ]);
  });

  it('opens the case of a customer who had none (or a resolved one): a case is something to own', () => {
    const none = emptyCustomer({ handle: 'cai' }, 'Cai', 1_000);
    expect(withAssignee(none, ANA, 'Ana', 2_000)).toMatchObject({ status: 'open', waitingSince: 2_000, assignee: ANA });
    const resolved = { ...none, status: 'resolved' as const };
    expect(withAssignee(resolved, ANA, 'Ana', 2_000).status).toBe('open');
    // Unassigning leaves the status alone.
    expect(withAssignee({ ...resolved, assignee: ANA }, null, 'Ana', 2_000).status).toBe('resolved');
  });
});

describe('assigning in the book', () => {
  it('creates the record on first assignment and puts the owner in the badge summary', async () => {
    const c = await assignCustomer(db, { handle: 'Bob' }, 'Bob', ANA, 'Ana', 5_000);
    expect(c).toMatchObject({ key: 'h:bob', assignee: ANA, status: 'open' });
    expect(await getCustomer(db, 'h:bob')).toEqual(c);
    const summaries = await lookupSummaries(db, [{ handle: 'bob' }], 6_000);
    expect(summaries.bob?.assignee).toEqual(ANA);
    // Unassigned: gone from the summary too.
    await assignCustomer(db, { handle: 'bob' }, 'Bob', null, 'Ana', 7_000);
    expect((await lookupSummaries(db, [{ handle: 'bob' }], 8_000)).bob?.assignee).toBeUndefined();
  });

  it('assigns many at once and counts only those that changed', async () => {
    await assignCustomer(db, { handle: 'a' }, 'A', BEN, 'Ana', 1_000);
    await assignCustomer(db, { handle: 'b' }, 'B', ANA, 'Ana', 1_000);
    expect(await assignCustomers(db, ['h:a', 'h:b', 'h:missing'], BEN, 'Ana', 2_000)).toBe(1);
    expect((await getCustomer(db, 'h:b'))!.assignee).toEqual(BEN);
    // The dashboard's bulk bar goes through bulkUpdate: tags and owner in one transaction.
    expect(await bulkUpdateCustomers(db, ['h:a', 'h:b'], { addTags: ['vip'], assign: { to: ANA, by: 'Ben' } }, 3_000)).toBe(2);
    expect((await getCustomer(db, 'h:a'))).toMatchObject({ tags: ['vip'], assignee: ANA });
  });

  it('a reply to an open case nobody owns makes it the replier’s, when asked to; never someone else’s case', async () => {
    await logIncoming(db, { ref: { handle: 'bob' }, displayName: 'Bob', tweetId: '1', text: 'Refund?', openCase: true }, 1_000);
    const { customer } = await logOutgoing(db, { ref: { handle: 'bob' }, displayName: 'Bob', inReplyToId: '1', inReplyToText: 'Refund?', text: 'On it', author: 'Ben', claim: BEN }, 2_000);
    expect(customer.assignee).toEqual(BEN);
    expect(customer.assignments).toEqual([{ id: expect.any(String), to: BEN, by: 'Ben', at: 2_000 }]);
    // Ana answers too: Ben keeps it.
    const again = await logOutgoing(db, { ref: { handle: 'bob' }, displayName: 'Bob', inReplyToId: '1', inReplyToText: 'Refund?', text: 'Also', author: 'Ana', claim: ANA }, 3_000);
    expect(again.customer.assignee).toEqual(BEN);
    // No case open: a reply claims nothing.
    const other = await logOutgoing(db, { ref: { handle: 'cai' }, displayName: 'Cai', inReplyToText: 'hi', text: 'hello', author: 'Ana', claim: ANA }, 3_000);
    expect(other.customer.assignee).toBeUndefined();
  });

  it('keeps who answered in the overview’s activity rows, and none for personal books', async () => {
    await logIncoming(db, { ref: { handle: 'bob' }, displayName: 'Bob', tweetId: '1', text: 'Refund?', openCase: true }, 1_000);
    await logOutgoing(db, { ref: { handle: 'bob' }, displayName: 'Bob', inReplyToId: '1', inReplyToText: 'Refund?', text: 'On it', author: 'Ben' }, 61_000);
    const entries = await readActivitySince(db, 0);
    expect(entries).toEqual([
      { customerKey: 'h:bob', at: 1_000 },
      { customerKey: 'h:bob', at: 61_000, responseMs: 60_000, author: 'Ben' },
    ]);
    const day = (await db.activityDays.toArray())[0]!;
    expect(day.authors).toEqual([null, 'Ben']);

    const solo = new HandlebookDatabase(`test-assignments-solo-${n++}`);
    await logOutgoing(solo, { ref: { handle: 'bob' }, displayName: 'Bob', inReplyToText: 'x', text: 'y' }, 1_000);
    expect((await solo.activityDays.toArray())[0]!.authors).toBeUndefined();
    await solo.delete();
  });
});
