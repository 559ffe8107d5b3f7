import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { DAY_MS, readActivitySince, type ActivityEntry } from '@/lib/db/activity-days';
import { readBookCounts } from '@/lib/db/book-counts';
import { bookBlockOf } from '@/lib/db/buckets';
import {
  customerWriteTables,
  forEachCustomerSlice,
  getCustomer,
  getCustomers,
  readAllCustomers,
  readKnownTags,
  writeCustomers,
} from '@/lib/db/customer-store';
import { holdersOf } from '@/lib/db/customer-handles';
import { historyWriteTables, readAllInteractions, readHistories, readHistory, writeHistory } from '@/lib/db/history-store';
import type { Interaction } from '@/lib/db/types';
import { customer, interaction } from '../customers/fixtures';

// The storage of the book itself: customers and their history in blocks, written only through
// writeCustomers and writeHistory, which keep the counts and the activity by day in the same
// transaction. The blocks are read back raw here (reads only) to check the layout.

let db: HandlebookDatabase;
let n = 0;

beforeEach(async () => {
  db = new HandlebookDatabase(`test-blocks-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

/** Two handles whose customers share a block: the first two of c0, c1, ... that do. */
function handlesSharingABlock(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const handle = `c${i}`;
    const block = bookBlockOf(`h:${handle}`);
    const other = seen.get(block);
    if (other !== undefined) return [other, handle];
    seen.set(block, handle);
  }
}

/** A handle (x0, x1, ...) whose customer would be stored in block `id`. */
function handleIn(id: number): string {
  for (let i = 0; ; i++) if (bookBlockOf(`h:x${i}`) === id) return `x${i}`;
}

const [A, B] = handlesSharingABlock();
const SHARED = bookBlockOf(`h:${A}`);
// A third customer in a block of its own.
const C = 'solo';

const keysIn = async (id: number) => (await db.customerBlocks.get(id))?.customers.map((c) => c.key);
const sorted = <T>(list: readonly T[]) => [...list].sort();
const entryOf = (i: Interaction): ActivityEntry => ({
  customerKey: i.customerKey,
  at: i.at,
  ...(i.responseMs !== undefined ? { responseMs: i.responseMs } : {}),
});

describe('writeCustomers', () => {
  it('puts and deletes across blocks, a block holding its customers in key order and their tags', async () => {
    expect(bookBlockOf(`h:${B}`)).toBe(SHARED);
    expect(bookBlockOf(`h:${C}`)).not.toBe(SHARED);
    await writeCustomers(db, {
      put: [customer(B, { tags: ['vip'] }), customer(C, { tags: ['press'] }), customer(A, { tags: ['refund', 'vip'] })],
    });
    expect(await db.customerBlocks.count()).toBe(2);
    expect(await keysIn(SHARED)).toEqual(sorted([`h:${A}`, `h:${B}`]));
    expect(sorted((await db.customerBlocks.get(SHARED))!.tags)).toEqual(['refund', 'vip']);
    expect(await keysIn(bookBlockOf(`h:${C}`))).toEqual([`h:${C}`]);
    expect((await getCustomers(db, [`h:${C}`, 'h:nobody', `h:${A}`])).map((c) => c?.key)).toEqual([`h:${C}`, undefined, `h:${A}`]);

    // A delete and a put in one write, in two blocks.
    await writeCustomers(db, { delete: [`h:${A}`], put: [customer(C, { displayName: 'Solo' })] });
    expect(await keysIn(SHARED)).toEqual([`h:${B}`]);
    expect((await db.customerBlocks.get(SHARED))!.tags).toEqual(['vip']);
    expect(await getCustomer(db, `h:${A}`)).toBeUndefined();
    expect((await getCustomer(db, `h:${C}`))!.displayName).toBe('Solo');

    // An emptied block is deleted, not kept empty.
    await writeCustomers(db, { delete: [`h:${B}`] });
    expect(await db.customerBlocks.get(SHARED)).toBeUndefined();
    expect(await db.customerBlocks.count()).toBe(1);
    expect((await readAllCustomers(db)).map((c) => c.key)).toEqual([`h:${C}`]);
  });

  it('keeps the count through every write', async () => {
    const count = async () => (await readBookCounts(db)).customers;
    expect(await count()).toBe(0);
    await writeCustomers(db, { put: [customer(A), customer(B), customer(C)] });
    expect(await count()).toBe(3);
    // A put over an existing key is not a new customer.
    await writeCustomers(db, { put: [customer(A, { displayName: 'again' })] });
    expect(await count()).toBe(3);
    // Deleting a key nobody has, in a stored block and in an empty one, removes nothing.
    await writeCustomers(db, { delete: [`h:${handleIn(SHARED)}`, 'h:nobody'] });
    expect(await count()).toBe(3);
    await writeCustomers(db, { delete: [`h:${B}`] });
    expect(await count()).toBe(2);
    // Deleted and put back in one write: still there.
    await writeCustomers(db, { delete: [`h:${C}`], put: [customer(C, { displayName: 'back' })] });
    expect(await count()).toBe(2);
    expect((await getCustomer(db, `h:${C}`))!.displayName).toBe('back');
    await writeCustomers(db, { delete: [`h:${A}`, `h:${C}`] });
    expect(await count()).toBe(0);
    expect(await readAllCustomers(db)).toEqual([]);
  });

  it('keeps the last of two puts of one key', async () => {
    await writeCustomers(db, { put: [customer(A, { displayName: 'first' }), customer(B), customer(A, { displayName: 'second' })] });
    expect((await getCustomer(db, `h:${A}`))!.displayName).toBe('second');
    expect(await keysIn(SHARED)).toEqual(sorted([`h:${A}`, `h:${B}`]));
    expect((await readBookCounts(db)).customers).toBe(2);
  });

  it('lists every tag a customer has once, and forgets a tag no customer has any more', async () => {
    expect(await readKnownTags(db)).toEqual([]);
    await writeCustomers(db, {
      put: [customer(A, { tags: ['vip', 'refund'] }), customer(B, { tags: ['press', 'vip'] }), customer(C, { tags: ['vip'] })],
    });
    expect(await readKnownTags(db)).toEqual(['press', 'refund', 'vip']);
    // B's block still has A's tags; 'press' was B's alone.
    await writeCustomers(db, { put: [customer(B, { tags: [] })] });
    expect(await readKnownTags(db)).toEqual(['refund', 'vip']);
    await writeCustomers(db, { delete: [`h:${A}`] });
    expect(await readKnownTags(db)).toEqual(['vip']);
    await writeCustomers(db, { put: [customer(C, { tags: [] })] });
    expect(await readKnownTags(db)).toEqual([]);
  });
});

describe('writeHistory', () => {
  const a = `h:${A}`;
  const b = `h:${B}`;
  const c = `h:${C}`;

  it('reads a history oldest first, the same time in id order, apart from its block neighbours', async () => {
    await writeHistory(db, {
      put: [
        interaction(a, 30, { id: 'k30' }),
        interaction(b, 15, { id: 'b15' }),
        interaction(a, 20, { id: 'z20' }),
        interaction(a, 10, { id: 'k10' }),
        interaction(a, 20, { id: 'm20' }),
        interaction(b, 5, { id: 'b05' }),
      ],
    });
    expect(await db.historyBlocks.count()).toBe(1);
    expect((await readHistory(db, a)).map((i) => i.id)).toEqual(['k10', 'm20', 'z20', 'k30']);
    const histories = await readHistories(db, [b, 'h:nobody', a]);
    expect([...histories.keys()]).toEqual([b, 'h:nobody', a]);
    expect(histories.get(b)!.map((i) => i.id)).toEqual(['b05', 'b15']);
    expect(histories.get('h:nobody')).toEqual([]);
    expect(histories.get(a)).toHaveLength(4);
    expect(await readHistory(db, c)).toEqual([]);
  });

  it('keeps the count through every write, and the last of two puts of one id', async () => {
    const count = async () => (await readBookCounts(db)).interactions;
    const one = interaction(a, 1 * DAY_MS);
    const two = interaction(b, 2 * DAY_MS);
    const three = interaction(c, 3 * DAY_MS);
    await writeHistory(db, { put: [one, two, three] });
    expect(await count()).toBe(3);
    // Written over, by id: the same interaction.
    await writeHistory(db, { put: [{ ...one, text: 'edited' }] });
    expect(await count()).toBe(3);
    expect((await readHistory(db, a)).map((i) => i.text)).toEqual(['edited']);
    // Removing an id nobody has, or an id under another customer than its own, removes nothing.
    await writeHistory(db, { remove: [{ id: 'missing', customerKey: a }, { id: two.id, customerKey: a }, { id: 'missing', customerKey: 'h:nobody' }] });
    expect(await count()).toBe(3);
    expect(await readHistory(db, b)).toEqual([two]);
    await writeHistory(db, { remove: [two] });
    expect(await count()).toBe(2);
    // Two puts of one id in one write: the last wins, counted once.
    await writeHistory(db, { put: [interaction(a, 5, { id: 'twice', text: 'first' }), interaction(a, 6, { id: 'twice', text: 'second' })] });
    expect(await count()).toBe(3);
    expect((await readHistory(db, a)).map((i) => [i.id, i.text])).toEqual([
      ['twice', 'second'],
      [one.id, 'edited'],
    ]);
    expect((await readActivitySince(db, 0)).filter((e) => e.at === 5 || e.at === 6)).toEqual([{ customerKey: a, at: 6 }]);
    await writeHistory(db, { remove: await readAllInteractions(db) });
    expect(await count()).toBe(0);
    expect(await db.historyBlocks.count()).toBe(0);
    expect(await readActivitySince(db, 0)).toEqual([]);
  });

  it('keeps the activity by day: entries at or after a time, following removes and moves', async () => {
    const early = interaction(a, 1 * DAY_MS + 5, { id: 'early' });
    const edge = interaction(a, 5 * DAY_MS, { id: 'edge', direction: 'out', responseMs: 900 });
    const late = interaction(b, 5 * DAY_MS + 3_600_000, { id: 'late' });
    const newest = interaction(c, 7 * DAY_MS, { id: 'newest' });
    await writeHistory(db, { put: [late, early, newest, edge] });
    // Entries carry no id: each of these interactions has a time of its own.
    const names = new Map([early, edge, late, newest].map((i) => [i.at, i.id]));
    names.set(6 * DAY_MS, 'early');
    const since = async (at: number) => sorted((await readActivitySince(db, at)).map((e) => names.get(e.at)));
    expect(await since(0)).toEqual(['early', 'edge', 'late', 'newest']);
    // At or after: the interaction at exactly `since` counts, one a millisecond before does not.
    expect(await since(5 * DAY_MS)).toEqual(['edge', 'late', 'newest']);
    expect(await since(5 * DAY_MS + 1)).toEqual(['late', 'newest']);
    // The entries carry only what the overview needs.
    expect(await readActivitySince(db, 5 * DAY_MS)).toEqual(expect.arrayContaining([entryOf(edge), entryOf(late), entryOf(newest)]));
    expect((await readActivitySince(db, 5 * DAY_MS)).find((e) => e.at === edge.at)).toEqual({ customerKey: a, at: 5 * DAY_MS, responseMs: 900 });

    await writeHistory(db, { remove: [edge] });
    expect(await since(0)).toEqual(['early', 'late', 'newest']);

    // Re-keyed to another customer (a merge): removed as stored, put under the new key.
    await writeHistory(db, { remove: [late], put: [{ ...late, customerKey: c }] });
    expect(await readHistory(db, b)).toEqual([]);
    expect((await readHistory(db, c)).map((i) => i.id)).toEqual(['late', 'newest']);
    expect((await readActivitySince(db, 0)).filter((e) => e.at === late.at)).toEqual([{ customerKey: c, at: late.at }]);

    // Written over at another time: it leaves its old day (emptied, so deleted).
    await writeHistory(db, { put: [{ ...early, at: 6 * DAY_MS }] });
    expect(await since(5 * DAY_MS)).toEqual(['early', 'late', 'newest']);
    expect(await readActivitySince(db, 0)).toHaveLength(3);
    expect(await db.activityDays.get(1)).toBeUndefined();
    expect(sorted(await db.activityDays.toCollection().primaryKeys())).toEqual([5, 6, 7]);

    // Two interactions alike (same customer, time, no response time): removing one leaves one.
    const twin = interaction(a, 7 * DAY_MS, { id: 'twin-1' });
    await writeHistory(db, { put: [twin, { ...twin, id: 'twin-2' }] });
    await writeHistory(db, { remove: [twin] });
    expect((await readActivitySince(db, 7 * DAY_MS)).filter((e) => e.customerKey === a)).toEqual([{ customerKey: a, at: 7 * DAY_MS }]);

    // Every entry matches the history it derives from.
    const all = await readAllInteractions(db);
    const order = (x: ActivityEntry, y: ActivityEntry) => x.at - y.at || (x.customerKey < y.customerKey ? -1 : x.customerKey > y.customerKey ? 1 : 0);
    expect((await readActivitySince(db, 0)).sort(order)).toEqual(all.map(entryOf).sort(order));
  });
});

describe('a transaction that fails after writing', () => {
  it('leaves nothing: no blocks, counts, activity or handles', async () => {
    const kept = customer(C, { tags: ['kept'] });
    const said = interaction(kept.key, 2 * DAY_MS);
    await writeCustomers(db, { put: [kept] });
    await writeHistory(db, { put: [said] });

    const failing = db.transaction('rw', [...customerWriteTables(db), ...historyWriteTables(db)], async () => {
      await writeCustomers(db, { put: [customer(A, { tags: ['lost'] }), customer(B)], delete: [kept.key] });
      await writeHistory(db, { put: [interaction(`h:${A}`, 9 * DAY_MS)], remove: [said] });
      // The writes happened inside the transaction.
      expect(await getCustomer(db, `h:${A}`)).toBeDefined();
      throw new Error('stopped half-way');
    });
    await expect(failing).rejects.toThrow('stopped half-way');

    expect(await readAllCustomers(db)).toEqual([kept]);
    expect(await readAllInteractions(db)).toEqual([said]);
    expect(await db.customerBlocks.toCollection().primaryKeys()).toEqual([bookBlockOf(kept.key)]);
    expect(await readBookCounts(db)).toEqual({ customers: 1, interactions: 1 });
    expect(await readActivitySince(db, 0)).toEqual([entryOf(said)]);
    expect(await readKnownTags(db)).toEqual(['kept']);
    expect(await holdersOf(db, A)).toEqual([]);
    expect((await holdersOf(db, C)).map((h) => h.key)).toEqual([kept.key]);
  });
});

describe('forEachCustomerSlice', () => {
  it('gives every customer once when read slice by slice, whatever the slice size', async () => {
    await writeCustomers(db, { put: Array.from({ length: 300 }, (_, i) => customer(`slice${i}`)) });
    const all = (await readAllCustomers(db)).map((c) => c.key).sort();
    expect(all).toHaveLength(300);
    for (const blocksPerSlice of [1, 7, 64, 100_000]) {
      const seen: string[] = [];
      let slices = 0;
      await forEachCustomerSlice(db, (customers) => {
        slices++;
        seen.push(...customers.map((c) => c.key));
      }, blocksPerSlice);
      expect(seen.sort()).toEqual(all);
      const blocks = await db.customerBlocks.count();
      expect(slices).toBe(Math.ceil(blocks / blocksPerSlice));
    }
  });
});
