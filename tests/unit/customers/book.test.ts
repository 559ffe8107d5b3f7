import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie, { RangeSet, type ObservabilitySet } from 'dexie';
import { HandlebookDatabase } from '@/lib/db/database';
import { addNote, observeAccount, updateCustomer, updateNote } from '@/lib/db/customers';
import { logIncoming, logOutgoing } from '@/lib/db/interactions';
import { bulkUpdateCustomers, deleteCustomers, restoreCustomers } from '@/lib/db/bulk';
import { BookSync, CustomerBook, customersPart, exactKeys } from '@/lib/customers/book';
import type { Customer } from '@/lib/db/types';
import { customer } from './fixtures';
import { writeTemplates } from '@/lib/db/template-store';

describe('exactKeys', () => {
  it('lists the keys of a key set, also after structured cloning (as it crosses contexts)', () => {
    const set = new RangeSet().addKeys(['h:bob', 'h:ann', 'id:42', 'h:cy', 'h:ann']);
    expect(exactKeys(set)?.sort()).toEqual(['h:ann', 'h:bob', 'h:cy', 'id:42']);
    expect(exactKeys(structuredClone(set))?.sort()).toEqual(['h:ann', 'h:bob', 'h:cy', 'id:42']);
  });

  it('gives null for a range (every record may have changed) and [] for nothing', () => {
    expect(exactKeys(new RangeSet('h:a', 'h:z'))).toBeNull();
    expect(exactKeys(new RangeSet().addKeys(['h:a']).add({ from: 'h:m', to: 'h:p' }))).toBeNull();
    expect(exactKeys(new RangeSet())).toEqual([]);
    expect(exactKeys(undefined)).toEqual([]);
  });

  it('names the customers table part', () => {
    expect(customersPart('handlebook')).toBe('idb://handlebook/customers/');
  });
});

describe('CustomerBook', () => {
  it('applies re-read records: updates in place, adds new ones at the end, drops deleted ones', () => {
    const book = new CustomerBook();
    book.replaceAll([customer('a'), customer('b'), customer('c')]);
    const b2 = customer('b', { displayName: 'Bee' });
    expect(book.applyRead(['h:b', 'h:c', 'h:d', 'h:gone'], [b2, undefined, customer('d'), undefined])).toBe(3);
    expect(book.list().map((c) => c.key)).toEqual(['h:a', 'h:b', 'h:d']);
    expect(book.records.get('h:b')).toBe(b2);
    expect(book.applyRead([], [])).toBe(0);
  });
});

describe('BookSync against the real database', () => {
  let db: HandlebookDatabase;
  let sync: BookSync;
  let published = 0;
  const listener = (parts: ObservabilitySet) => sync.onMutated(parts);
  let n = 0;

  beforeEach(async () => {
    db = new HandlebookDatabase(`test-book-${n++}`);
    await db.open();
    published = 0;
    sync = new BookSync(
      {
        readAll: () => db.customers.toArray(),
        readKeys: (keys) => db.customers.bulkGet(keys),
        readSince: (updatedAt) => db.customers.where('updatedAt').aboveOrEqual(updatedAt).toArray(),
        count: () => db.customers.count(),
        allKeys: () => db.customers.toCollection().primaryKeys(),
      },
      customersPart(db.name),
      () => published++,
      (error) => {
        throw error;
      },
    );
    Dexie.on('storagemutated', listener);
    sync.start();
    await sync.idle();
  });
  afterEach(async () => {
    sync.stop();
    Dexie.on('storagemutated').unsubscribe(listener);
    await db.delete();
  });

  const byKey = (list: Customer[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : 1));
  async function expectInSync(): Promise<void> {
    // The announcement follows the commit; give it a turn, then wait for the read.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await sync.idle();
    expect(byKey(sync.book.list())).toEqual(byKey(await db.customers.toArray()));
  }

  it('follows every kind of write while reading only the records each one touched', async () => {
    const ref = { handle: 'Ann' };
    const ann = await addNote(db, ref, 'Ann', 'first note', 1_000);
    await expectInSync();
    await updateNote(db, ann.key, ann.notes[0]!.id, 'edited note', 2_000);
    await updateCustomer(db, ref, 'Ann', { tags: ['vip'], status: 'open' }, 3_000);
    await logIncoming(db, { ref: { handle: 'bob' }, displayName: 'Bob', tweetId: '100', text: 'help', openCase: true }, 4_000);
    await logOutgoing(db, { ref: { handle: 'bob' }, displayName: 'Bob', inReplyToId: '100', inReplyToText: 'help', text: 'sure' }, 5_000);
    await expectInSync();
    expect(sync.book.records.get('h:bob')?.status).toBe('waiting_them');

    // A write of 50+ records: Dexie names no keys, so the book sweeps (new stamps, count, keys).
    await db.customers.bulkPut(Array.from({ length: 120 }, (_, i) => customer(`bulk_${i}`, { updatedAt: 10 })));
    await expectInSync();
    const keys = Array.from({ length: 120 }, (_, i) => `h:bulk_${i}`);
    await bulkUpdateCustomers(db, keys, { addTags: ['imported'], status: 'resolved' }, 6_000);
    await expectInSync();
    expect(sync.book.records.get('h:bulk_77')?.tags).toEqual(['imported']);

    // Delete, then undo: the restored records carry their old timestamps.
    const removed = await deleteCustomers(db, keys.slice(0, 60));
    await expectInSync();
    expect(sync.book.records.size).toBe(62);
    await restoreCustomers(db, removed.customers, removed.interactions);
    await expectInSync();
    expect(sync.book.records.size).toBe(122);

    // An older version written over a newer one is still seen (no timestamp trickery).
    const stale = { ...sync.book.records.get('h:bulk_5')!, displayName: 'older copy', updatedAt: 1 };
    await db.customers.put(stale);
    await expectInSync();
    expect(sync.book.records.get('h:bulk_5')?.displayName).toBe('older copy');

    // A handle record merging into the id record: one key disappears, another appears.
    await observeAccount(db, { handle: 'bob', userId: '777' }, {}, 7_000);
    await expectInSync();
    expect(sync.book.records.has('h:bob')).toBe(false);
    expect(sync.book.records.get('id:777')?.interactionCount).toBe(2);

    // One full read at the start; the rest by key or by sweep.
    expect(sync.stats.fullReads).toBe(1);
    expect(sync.stats.sweeps).toBe(3);
    expect(sync.stats.keyReads).toBeLessThan(100);
    expect(published).toBeGreaterThan(5);
  });

  it('follows a cleared table by sweeping', async () => {
    await addNote(db, { handle: 'ann' }, 'Ann', 'x', 1);
    await expectInSync();
    await db.customers.clear();
    await expectInSync();
    expect(sync.book.records.size).toBe(0);
    expect(sync.stats.sweeps).toBe(1);
  });

  it('reads everything when a sweep finds no trace of the write (older records put over newer ones)', async () => {
    const list = Array.from({ length: 60 }, (_, i) => customer(`c_${i}`, { updatedAt: 5_000 }));
    await db.customers.bulkPut(list);
    await expectInSync();
    // 60 records (so no keys named), same count, older stamps.
    await db.customers.bulkPut(list.map((c) => ({ ...c, displayName: 'from an old backup', updatedAt: 100 })));
    await expectInSync();
    expect(sync.book.records.get('h:c_33')?.displayName).toBe('from an old backup');
    expect(sync.stats.fullReads).toBe(2);
  });

  it('ignores writes to other tables', async () => {
    await writeTemplates(db, { put: [{ id: 't', title: 't', body: 'b', tags: [], usageCount: 0, createdAt: 1, updatedAt: 1 }], delete: [] });
    await expectInSync();
    expect(sync.stats).toEqual({ fullReads: 1, sweeps: 0, keyReads: 0 });
  });
});
