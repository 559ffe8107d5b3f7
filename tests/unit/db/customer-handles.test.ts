import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { addNote, observeAccount, updateCustomer } from '@/lib/db/customers';
import { bulkUpdateCustomers, deleteCustomers, restoreCustomers } from '@/lib/db/bulk';
import { readBookCounts } from '@/lib/db/book-counts';
import { bookBlockOf } from '@/lib/db/buckets';
import { customerWriteTables, findCustomerByHandle, getCustomer, readAllCustomers, writeCustomers } from '@/lib/db/customer-store';
import { holdersOf as storedHolders } from '@/lib/db/customer-handles';
import { readHistory } from '@/lib/db/history-store';
import { emptyCustomer } from '@/lib/db/identity';
import { logIncoming } from '@/lib/db/interactions';
import { lookupSummaries } from '@/lib/db/lookup';
import { restoreBackup } from '@/lib/backup/restore';
import { seededRandom } from '../../fixtures/x/data';
import type { Customer } from '@/lib/db/types';
import { expectHandlesOf } from './customer-handles-check';

// Who has which handle is derived from the customers by writeCustomers, in the same transaction
// as every customer write. Each test writes customers one way or another and checks the rows
// against rows built from scratch from the customers now stored, so any write path that leaves
// them behind fails. The same writes keep the book's customer count.

let db: HandlebookDatabase;
let n = 0;

beforeEach(async () => {
  db = new HandlebookDatabase(`test-customer-handles-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

/** Runs a customer write, then checks the handle rows and the count against the book. */
async function written<T>(write: () => Promise<T>): Promise<T> {
  const result = await write();
  await expectInStep();
  return result;
}

async function expectInStep(): Promise<void> {
  const customers = await readAllCustomers(db);
  await expectHandlesOf(db, customers);
  expect((await readBookCounts(db)).customers).toBe(customers.length);
}

const holdersOf = (handle: string) => storedHolders(db, handle);

async function holderKeys(handle: string): Promise<string[]> {
  return (await holdersOf(handle)).map((h) => h.key);
}

function customer(key: string, handle: string, extra: Partial<Customer> = {}): Customer {
  const ref = key.startsWith('id:') ? { handle, userId: key.slice(3) } : { handle };
  return { ...emptyCustomer(ref, `Name of ${handle}`, 1), key, ...extra };
}

/** `count` keys of the form `h:<prefix><i>` that share one customer block. */
function keysInOneBlock(prefix: string, count: number): string[] {
  const block = bookBlockOf(`h:${prefix}0`);
  const keys = [`h:${prefix}0`];
  for (let i = 1; keys.length < count; i++) if (bookBlockOf(`h:${prefix}${i}`) === block) keys.push(`h:${prefix}${i}`);
  return keys;
}

describe('who has which handle', () => {
  it('follows the product writes: new customers, notes, a revealed id, a renamed handle, logged tweets', async () => {
    await written(() => addNote(db, { handle: 'Ana' }, 'Ana', 'first', 10));
    await written(() => addNote(db, { handle: 'bo' }, 'Bo', 'hi', 11));
    // The page reveals Ana's id: the handle record merges into an id record.
    await written(() => observeAccount(db, { handle: 'ana', userId: '7' }, { followers: 3 }, 12));
    expect(await holderKeys('ana')).toEqual(['id:7']);
    expect(await getCustomer(db, 'h:ana')).toBeUndefined();
    // Ana renames herself: the old handle's row goes, the new one answers.
    await written(() => observeAccount(db, { handle: 'ana_new', userId: '7' }, {}, 13));
    expect(await holdersOf('ana')).toEqual([]);
    expect(await holderKeys('ana_new')).toEqual(['id:7']);
    await written(() => logIncoming(db, { ref: { handle: 'bo' }, displayName: 'Bo', tweetId: '99', text: 'where is my order', tweetedAt: 14, openCase: true }, 15));
    await written(() => updateCustomer(db, { handle: 'bo' }, 'Bo', { tags: ['vip'], status: 'open' }, 16));
    const { bo } = await lookupSummaries(db, [{ handle: 'BO' }], 20);
    expect(bo).toMatchObject({ key: 'h:bo', tags: ['vip'], status: 'open', noteCount: 1, interactionCount: 1 });
    expect((await readBookCounts(db)).customers).toBe(2);
  });

  it('lists every customer sharing a handle in key order, and answers a lookup with the first', async () => {
    await written(() => writeCustomers(db, { put: [customer('id:2', 'sam'), customer('h:sam', 'sam'), customer('id:1', 'Sam')] }));
    expect(await holderKeys('sam')).toEqual(['h:sam', 'id:1', 'id:2']);
    expect((await lookupSummaries(db, [{ handle: 'sam' }])).sam!.key).toBe('h:sam');
    expect((await findCustomerByHandle(db, 'SAM'))!.key).toBe('h:sam');
    // A revealed id still wins over the handle's first holder.
    expect((await lookupSummaries(db, [{ handle: 'sam', userId: '2' }])).sam!.key).toBe('id:2');
    await written(() => writeCustomers(db, { delete: ['h:sam'] }));
    expect((await lookupSummaries(db, [{ handle: 'sam' }])).sam!.key).toBe('id:1');
    expect((await findCustomerByHandle(db, 'sam'))!.key).toBe('id:1');
    // The first holder moves to another handle: the next one answers for this one.
    await written(() => writeCustomers(db, { put: [customer('id:1', 'samuel')] }));
    expect(await holderKeys('sam')).toEqual(['id:2']);
    expect(await holderKeys('samuel')).toEqual(['id:1']);
  });

  it('follows puts and deletes in one write, bulk edits, deletes and their undo, down to an empty book', async () => {
    await written(() => writeCustomers(db, { put: Array.from({ length: 20 }, (_, i) => customer(`h:c${i}`, `c${i}`)) }));
    // Deletes and puts at once: a moved handle, deleted keys, a key both deleted and put (the
    // put wins), a key put twice (the last wins), a key deleted that was never stored.
    await written(() =>
      writeCustomers(db, {
        delete: ['h:c2', 'h:c3', 'h:c4', 'h:c5', 'h:c6', 'h:nobody'],
        put: [customer('h:c1', 'moved'), customer('h:c6', 'c6', { displayName: 'Back' }), customer('h:c7', 'c7', { tags: ['first'] }), customer('h:c7', 'c7', { tags: ['second'] })],
      }),
    );
    expect(await holdersOf('c1')).toEqual([]);
    expect(await holdersOf('c3')).toEqual([]);
    expect(await holdersOf('c6')).toMatchObject([{ key: 'h:c6', displayName: 'Back' }]);
    expect(await holdersOf('c7')).toMatchObject([{ key: 'h:c7', tags: ['second'] }]);
    expect((await readBookCounts(db)).customers).toBe(16);

    expect(await written(() => bulkUpdateCustomers(db, ['h:c8', 'h:c9', 'h:gone'], { addTags: ['late'], status: 'open' }, 30))).toBe(2);
    expect(await holdersOf('c8')).toMatchObject([{ tags: ['late'], status: 'open' }]);

    // Deleted with their history, then put back by the undo.
    await logIncoming(db, { ref: { handle: 'c0' }, displayName: 'C0', tweetId: '1', text: 'hello', openCase: false }, 40);
    const removed = await written(() => deleteCustomers(db, ['h:c0', 'h:c10']));
    expect(removed.customers.map((c) => c.key).sort()).toEqual(['h:c0', 'h:c10']);
    expect(removed.interactions).toHaveLength(1);
    expect(await holdersOf('c0')).toEqual([]);
    expect(await readHistory(db, 'h:c0')).toEqual([]);
    await written(() => restoreCustomers(db, removed.customers, removed.interactions));
    expect(await holdersOf('c0')).toMatchObject([{ key: 'h:c0', interactionCount: 1 }]);
    expect(await readHistory(db, 'h:c0')).toEqual(removed.interactions);

    await written(async () => writeCustomers(db, { delete: (await readAllCustomers(db)).map((c) => c.key) }));
    expect(await db.customerBlocks.count()).toBe(0);
    expect(await readBookCounts(db)).toMatchObject({ customers: 0 });
  });

  it('keeps nothing of a write that failed, nor of a transaction that was rolled back', async () => {
    await written(() => writeCustomers(db, { put: [customer('h:kept', 'kept')] }));
    // A customer IndexedDB cannot store fails the whole write, the good one with it.
    const unstorable = customer('h:bad', 'bad', { fields: { oops: (() => 1) as never } });
    await expect(writeCustomers(db, { put: [customer('h:new', 'new'), unstorable] })).rejects.toMatchObject({ name: 'DataCloneError' });
    expect(await getCustomer(db, 'h:new')).toBeUndefined();
    expect(await holdersOf('new')).toEqual([]);
    await expectInStep();

    await expect(
      db.transaction('rw', customerWriteTables(db), async () => {
        await writeCustomers(db, { put: [customer('h:gone', 'gone')], delete: ['h:kept'] });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await getCustomer(db, 'h:gone')).toBeUndefined();
    expect(await holdersOf('gone')).toEqual([]);
    expect(await holderKeys('kept')).toEqual(['h:kept']);
    expect(await readBookCounts(db)).toMatchObject({ customers: 1 });
    await expectInStep();
  });

  it('is rebuilt by a restore that replaces everything, and kept by one that merges', async () => {
    await written(() => writeCustomers(db, { put: [customer('h:old', 'old'), customer('id:5', 'five')] }));
    const rows = [customer('h:a', 'a'), customer('id:5', 'five_renamed', { updatedAt: 99 }), customer('id:6', 'a')];
    await written(() => restoreBackup(db, { customers: rows, interactions: [], templates: [], packs: [] }, 'replace'));
    expect(await holdersOf('old')).toEqual([]);
    expect(await holderKeys('a')).toEqual(['h:a', 'id:6']);
    await written(() => restoreBackup(db, { customers: [customer('h:b', 'b'), customer('id:5', 'five', { updatedAt: 200 })], interactions: [], templates: [], packs: [] }, 'merge'));
    expect(await holderKeys('five')).toEqual(['id:5']);
    expect(await holdersOf('five_renamed')).toEqual([]);
    expect((await readBookCounts(db)).customers).toBe(4);
  });

  it('stays in step through concurrent writes to the same handles in one transaction', async () => {
    const rnd = seededRandom(3);
    const handles = ['x', 'y', 'z'];
    // Half the keys share one customer block, so the writes also race for that block.
    const keys = [...keysInOneBlock('k', 4), 'h:k_a', 'h:k_b', 'h:k_c', 'h:k_d'];
    await written(() =>
      db.transaction('rw', customerWriteTables(db), async () => {
        const writes: Promise<unknown>[] = [];
        for (let i = 0; i < 60; i++) {
          const key = keys[Math.floor(rnd() * keys.length)]!;
          const handle = handles[Math.floor(rnd() * handles.length)]!;
          writes.push(rnd() < 0.2 ? writeCustomers(db, { delete: [key] }) : writeCustomers(db, { put: [customer(key, handle, { displayName: `v${i}` })] }));
        }
        await Promise.all(writes);
      }),
    );
    // Replaying the same writes one after another gives the same book.
    const replay = seededRandom(3);
    const expected = new Map<string, Customer>();
    for (let i = 0; i < 60; i++) {
      const key = keys[Math.floor(replay() * keys.length)]!;
      const handle = handles[Math.floor(replay() * handles.length)]!;
      if (replay() < 0.2) expected.delete(key);
      else expected.set(key, customer(key, handle, { displayName: `v${i}` }));
    }
    const stored = (await readAllCustomers(db)).sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(stored).toEqual([...expected.values()].sort((a, b) => (a.key < b.key ? -1 : 1)));
  });
});
