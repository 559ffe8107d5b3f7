import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { addNote, observeAccount, updateCustomer } from '@/lib/db/customers';
import { bulkUpdateCustomers, deleteCustomers } from '@/lib/db/bulk';
import { directoryRows, type HandleRow } from '@/lib/db/handle-directory';
import { emptyCustomer } from '@/lib/db/identity';
import { logIncoming } from '@/lib/db/interactions';
import { lookupSummaries } from '@/lib/db/lookup';
import { restoreBackup } from '@/lib/backup/restore';
import { seededRandom } from '../../fixtures/x/data';
import type { Customer } from '@/lib/db/types';

// The handle directory is derived from the customers by a middleware on every write. Each test
// writes customers one way or another and checks the directory against one built from scratch
// from what the customers table now holds, so any write path that leaves it behind fails.

let db: HandlebookDatabase;
let n = 0;

beforeEach(async () => {
  db = new HandlebookDatabase(`test-directory-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const sorted = (rows: HandleRow[]) => [...rows].sort((a, b) => (a.handle < b.handle ? -1 : 1));

async function expectDirectoryInStep(): Promise<void> {
  expect(await db.handles.toArray()).toEqual(sorted(directoryRows(await db.customers.toArray())));
}

function customer(key: string, handle: string, extra: Partial<Customer> = {}): Customer {
  const ref = key.startsWith('id:') ? { handle, userId: key.slice(3) } : { handle };
  return { ...emptyCustomer(ref, `Name of ${handle}`, 1), key, ...extra };
}

describe('the handle directory', () => {
  it('follows the product writes: new customers, notes, a revealed id, a renamed handle, logged tweets', async () => {
    await addNote(db, { handle: 'Ana' }, 'Ana', 'first', 10);
    await addNote(db, { handle: 'bo' }, 'Bo', 'hi', 11);
    await expectDirectoryInStep();
    // The page reveals Ana's id: the handle record merges into an id record.
    await observeAccount(db, { handle: 'ana', userId: '7' }, { followers: 3 }, 12);
    await expectDirectoryInStep();
    expect((await db.handles.get('ana'))!.holders.map((h) => h.key)).toEqual(['id:7']);
    // Ana renames herself: the old handle's row goes, the new one answers.
    await observeAccount(db, { handle: 'ana_new', userId: '7' }, {}, 13);
    await expectDirectoryInStep();
    expect(await db.handles.get('ana')).toBeUndefined();
    await logIncoming(db, { ref: { handle: 'bo' }, displayName: 'Bo', tweetId: '99', text: 'where is my order', tweetedAt: 14, openCase: true }, 15);
    await updateCustomer(db, { handle: 'bo' }, 'Bo', { tags: ['vip'], status: 'open' }, 16);
    await expectDirectoryInStep();
    const { bo } = await lookupSummaries(db, [{ handle: 'BO' }], 20);
    expect(bo).toMatchObject({ key: 'h:bo', tags: ['vip'], status: 'open', noteCount: 1, interactionCount: 1 });
  });

  it('lists every customer sharing a handle in key order, and answers a lookup with the first', async () => {
    await db.customers.bulkPut([customer('id:2', 'sam'), customer('h:sam', 'sam'), customer('id:1', 'sam')]);
    expect((await db.handles.get('sam'))!.holders.map((h) => h.key)).toEqual(['h:sam', 'id:1', 'id:2']);
    expect((await lookupSummaries(db, [{ handle: 'sam' }])).sam!.key).toBe('h:sam');
    // A revealed id still wins over the handle's first holder.
    expect((await lookupSummaries(db, [{ handle: 'sam', userId: '2' }])).sam!.key).toBe('id:2');
    await db.customers.delete('h:sam');
    expect((await lookupSummaries(db, [{ handle: 'sam' }])).sam!.key).toBe('id:1');
    await expectDirectoryInStep();
  });

  it('follows update, modify, range deletes, bulk edits and clear', async () => {
    await db.customers.bulkPut(Array.from({ length: 20 }, (_, i) => customer(`h:c${i}`, `c${i}`)));
    await db.customers.update('h:c1', { handle: 'moved', handleLower: 'moved' });
    await db.customers.where('key').between('h:c10', 'h:c15').modify((c) => {
      c.displayName = 'Modified';
    });
    await db.customers.where('key').between('h:c2', 'h:c5').delete();
    await db.customers.where('handleLower').equals('c7').delete();
    await bulkUpdateCustomers(db, ['h:c8', 'h:c9'], { addTags: ['late'] } as never, 30);
    await deleteCustomers(db, ['h:c0']);
    await expectDirectoryInStep();
    await db.customers.clear();
    expect(await db.handles.count()).toBe(0);
  });

  it('keeps nothing of a write that failed, nor of a transaction that was rolled back', async () => {
    await db.customers.add(customer('h:kept', 'kept'));
    // bulkAdd: the clashing row fails, the other lands.
    await expect(db.customers.bulkAdd([customer('h:kept', 'other_name'), customer('h:new', 'new')])).rejects.toThrow();
    await expectDirectoryInStep();
    await expect(
      db.transaction('rw', db.customers, async () => {
        await db.customers.put(customer('h:gone', 'gone'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.handles.get('gone')).toBeUndefined();
    await expectDirectoryInStep();
  });

  it('is rebuilt by a restore that replaces everything, and kept by one that merges', async () => {
    await db.customers.bulkPut([customer('h:old', 'old'), customer('id:5', 'five')]);
    const rows = [customer('h:a', 'a'), customer('id:5', 'five_renamed', { updatedAt: 99 }), customer('id:6', 'a')];
    await restoreBackup(db, { customers: rows, interactions: [], templates: [], packs: [] }, 'replace');
    await expectDirectoryInStep();
    expect(await db.handles.get('old')).toBeUndefined();
    await restoreBackup(db, { customers: [customer('h:b', 'b'), customer('id:5', 'five', { updatedAt: 200 })], interactions: [], templates: [], packs: [] }, 'merge');
    await expectDirectoryInStep();
    expect((await db.handles.get('five'))!.holders.map((h) => h.key)).toEqual(['id:5']);
  });

  it('stays in step through concurrent writes to the same handles in one transaction', async () => {
    const rnd = seededRandom(3);
    const handles = ['x', 'y', 'z'];
    await db.transaction('rw', db.customers, async () => {
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) {
        const key = `h:k${Math.floor(rnd() * 8)}`;
        const handle = handles[Math.floor(rnd() * handles.length)]!;
        writes.push(rnd() < 0.2 ? db.customers.delete(key) : db.customers.put(customer(key, handle, { displayName: `v${i}` })));
      }
      await Promise.all(writes);
    });
    await expectDirectoryInStep();
  });
});
