import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie, { RangeSet, type ObservabilitySet } from 'dexie';
import { HandlebookDatabase } from '@/lib/db/database';
import { addNote, observeAccount, updateCustomer, updateNote } from '@/lib/db/customers';
import { logIncoming, logOutgoing } from '@/lib/db/interactions';
import { bulkUpdateCustomers, deleteCustomers, restoreCustomers } from '@/lib/db/bulk';
import { bookBlockOf } from '@/lib/db/buckets';
import { customerBlock, customerBlockReader, customerBlocksPart, readAllCustomers, writeCustomers } from '@/lib/db/customer-store';
import { writeHistory } from '@/lib/db/history-store';
import { restoreBackup } from '@/lib/backup/restore';
import { BookSync, CustomerBook, exactKeys } from '@/lib/customers/book';
import type { Customer } from '@/lib/db/types';
import { customer, interaction } from './fixtures';
import { writeTemplates } from '@/lib/db/template-store';

describe('exactKeys', () => {
  it('lists the keys of a key set, strings or numbers, also after structured cloning (as it crosses contexts)', () => {
    const set = new RangeSet().addKeys(['h:bob', 'h:ann', 'id:42', 'h:cy', 'h:ann']);
    expect(exactKeys(set)?.sort()).toEqual(['h:ann', 'h:bob', 'h:cy', 'id:42']);
    expect(exactKeys(structuredClone(set))?.sort()).toEqual(['h:ann', 'h:bob', 'h:cy', 'id:42']);
    // Block ids are numbers.
    const blocks = new RangeSet().addKeys([4095, 0, 17, 3, 17]);
    expect(exactKeys(structuredClone(blocks))?.sort((a, b) => Number(a) - Number(b))).toEqual([0, 3, 17, 4095]);
  });

  it('gives null for a range (every record may have changed) and [] for nothing', () => {
    expect(exactKeys(new RangeSet('h:a', 'h:z'))).toBeNull();
    expect(exactKeys(new RangeSet(0, 4095))).toBeNull();
    expect(exactKeys(new RangeSet().addKeys(['h:a']).add({ from: 'h:m', to: 'h:p' }))).toBeNull();
    expect(exactKeys(new RangeSet().addKeys([1, 2, 3]).add({ from: 10, to: 20 }))).toBeNull();
    expect(exactKeys(new RangeSet())).toEqual([]);
    expect(exactKeys(undefined)).toEqual([]);
  });

  it('names the customer blocks table part', () => {
    expect(customerBlocksPart('handlebook')).toBe('idb://handlebook/customerBlocks/');
  });
});

describe('CustomerBook', () => {
  const block = (id: number, writtenAt: number, ...customers: Customer[]) => customerBlock(id, customers, writtenAt);
  const keys = (book: CustomerBook) => book.list().map((c) => c.key);

  it('applies re-read blocks: updates keep their place, new customers go to the end, customers gone are dropped', () => {
    const book = new CustomerBook();
    book.replaceAll([block(1, 10, customer('a'), customer('b')), block(2, 10, customer('c')), block(3, 12, customer('e'))]);
    expect(keys(book)).toEqual(['h:a', 'h:b', 'h:c', 'h:e']);
    expect(book.watermark).toBe(12);

    const b2 = customer('b', { displayName: 'Bee' });
    // Block 1 lost a and gained d, block 2 is gone, block 4 is new, block 5 was never held.
    const changes = book.applyBlocks([1, 2, 4, 5], [block(1, 20, b2, customer('d')), undefined, block(4, 21, customer('f')), undefined]);
    expect(changes).toBe(3);
    expect(keys(book)).toEqual(['h:b', 'h:e', 'h:d', 'h:f']);
    expect(book.records.get('h:b')).toBe(b2);
    expect(book.size).toBe(4);
    expect(book.watermark).toBe(21);
    expect(book.applyBlocks([], [])).toBe(0);
  });

  it('counts a block re-read with the same writtenAt and the same content as no change', () => {
    const book = new CustomerBook();
    book.replaceAll([block(1, 10, customer('a'))]);
    const before = book.list();
    // A sweep reads the blocks written at the watermark again: equal copies.
    expect(book.applyBlocks([1], [block(1, 10, customer('a'))])).toBe(0);
    expect(book.list()).toEqual(before);
    // Written again within the same millisecond: the content tells.
    expect(book.applyBlocks([1], [block(1, 10, customer('a', { displayName: 'same ms' }))])).toBe(1);
    expect(book.records.get('h:a')?.displayName).toBe('same ms');
    // Written again later, even with the same content: a write happened.
    expect(book.applyBlocks([1], [block(1, 11, customer('a', { displayName: 'same ms' }))])).toBe(1);
    expect(book.watermark).toBe(11);
  });

  it('reconciles with the stored block ids: drops blocks gone, names blocks missing', () => {
    const book = new CustomerBook();
    book.replaceAll([block(1, 10, customer('a')), block(2, 10, customer('b'))]);
    expect(book.reconcileIds([2, 3])).toEqual({ removed: 1, missing: [3] });
    expect(keys(book)).toEqual(['h:b']);
    expect(book.reconcileIds([2])).toEqual({ removed: 0, missing: [] });
  });
});

describe('BookSync against the real database', () => {
  let db: HandlebookDatabase;
  let sync: BookSync;
  let published = 0;
  let failures: unknown[] = [];
  /** What Dexie announced for the customer blocks, each time: the ids written, or null for a range. */
  let announced: ((string | number)[] | null)[] = [];
  const listener = (parts: ObservabilitySet) => {
    const part = customerBlocksPart(db.name);
    if (part in parts) announced.push(exactKeys(parts[part]));
    sync.onMutated(parts);
  };
  let n = 0;

  beforeEach(async () => {
    db = new HandlebookDatabase(`test-book-${n++}`);
    await db.open();
    published = 0;
    failures = [];
    announced = [];
    sync = new BookSync(customerBlockReader(db), customerBlocksPart(db.name), () => published++, (error) => failures.push(error));
    Dexie.on('storagemutated', listener);
    sync.start();
    await sync.idle();
  });
  afterEach(async () => {
    sync.stop();
    Dexie.on('storagemutated').unsubscribe(listener);
    vi.restoreAllMocks();
    await db.delete();
  });

  const byKey = (list: Customer[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : 1));
  const blocksOf = (keys: readonly string[]) => new Set(keys.map(bookBlockOf)).size;

  async function expectInSync(): Promise<void> {
    // The announcement follows the commit; give it a turn, then wait for the read.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await sync.idle();
    expect(failures).toEqual([]);
    expect(byKey(sync.book.list())).toEqual(byKey(await readAllCustomers(db)));
  }

  /**
   * Runs one write, then checks the book is in step and how it got there: by reading again the
   * blocks of `blocksOf` (Dexie named them), or by one sweep (Dexie announced a range).
   */
  async function step<T>(write: () => Promise<T>, expected: { blocksOf: readonly string[] } | 'sweep'): Promise<T> {
    const stats = { ...sync.stats };
    const publishedBefore = published;
    announced = [];
    const result = await write();
    await expectInSync();
    if (expected === 'sweep') {
      expect(announced).toEqual([null]);
      expect(sync.stats).toEqual({ ...stats, sweeps: stats.sweeps + 1 });
    } else {
      const blocks = blocksOf(expected.blocksOf);
      expect(announced).toHaveLength(1);
      expect(announced[0]).toHaveLength(blocks);
      expect(sync.stats).toEqual({ ...stats, blockReads: stats.blockReads + blocks });
    }
    expect(published).toBe(publishedBefore + 1);
    return result;
  }

  /** `count` handles whose customers are each in a block of their own. */
  function handlesInDistinctBlocks(count: number, prefix: string): string[] {
    const blocks = new Set<number>();
    const handles: string[] = [];
    for (let i = 0; handles.length < count; i++) {
      const block = bookBlockOf(`h:${prefix}${i}`);
      if (blocks.has(block)) continue;
      blocks.add(block);
      handles.push(`${prefix}${i}`);
    }
    return handles;
  }

  it('is told the blocks of a put of up to 49 blocks, a range from 50 on, and every deleted block', async () => {
    const handles = handlesInDistinctBlocks(99, 'd');
    const first = handles.slice(0, 49).map((h) => customer(h));
    const rest = handles.slice(49).map((h) => customer(h));
    // Dexie names the keys of a put of fewer than 50 rows, and none from 50 on.
    await step(() => writeCustomers(db, { put: first }), { blocksOf: first.map((c) => c.key) });
    await step(() => writeCustomers(db, { put: rest }), 'sweep');
    // Deletes name their keys however many: 99 emptied blocks, read again (gone) one by one.
    await step(() => writeCustomers(db, { delete: [...first, ...rest].map((c) => c.key) }), { blocksOf: handles.map((h) => `h:${h}`) });
    expect(sync.book.size).toBe(0);
    expect(sync.stats).toEqual({ fullReads: 1, sweeps: 1, blockReads: 49 + 99 });
  });

  it('follows every kind of write, reading again only the blocks each one wrote, sweeping after writes of 50+ blocks', async () => {
    const ref = { handle: 'Ann' };
    const ann = await step(() => addNote(db, ref, 'Ann', 'first note', 1_000), { blocksOf: ['h:ann'] });
    await step(() => updateNote(db, ann.key, ann.notes[0]!.id, 'edited note', 2_000), { blocksOf: ['h:ann'] });
    await step(() => updateCustomer(db, ref, 'Ann', { tags: ['vip'], status: 'open' }, 3_000), { blocksOf: ['h:ann'] });
    expect(sync.book.records.get('h:ann')).toMatchObject({ tags: ['vip'], status: 'open' });
    const bob = { ref: { handle: 'bob' }, displayName: 'Bob' };
    await step(() => logIncoming(db, { ...bob, tweetId: '100', text: 'help', openCase: true }, 4_000), { blocksOf: ['h:bob'] });
    await step(() => logOutgoing(db, { ...bob, inReplyToId: '100', inReplyToText: 'help', text: 'sure' }, 5_000), { blocksOf: ['h:bob'] });
    expect(sync.book.records.get('h:bob')?.status).toBe('waiting_them');

    // 120 customers in 50+ blocks: Dexie names no keys, so the book sweeps.
    const keys = Array.from({ length: 120 }, (_, i) => `h:bulk_${i}`);
    expect(blocksOf(keys)).toBeGreaterThanOrEqual(50);
    await step(() => writeCustomers(db, { put: keys.map((k) => customer(k.slice(2), { updatedAt: 10 })) }), 'sweep');
    await step(() => bulkUpdateCustomers(db, keys, { addTags: ['imported'], status: 'resolved' }, 6_000), 'sweep');
    expect(sync.book.records.get('h:bulk_77')).toMatchObject({ tags: ['imported'], status: 'resolved' });

    // Delete, then undo. The deleted blocks are named (deletes always are; the few blocks that
    // keep another customer are a put of fewer than 50); putting back 50+ blocks is a range.
    const doomed = keys.slice(0, 60);
    expect(blocksOf(doomed)).toBeGreaterThanOrEqual(50);
    const removed = await step(() => deleteCustomers(db, doomed), { blocksOf: doomed });
    expect(sync.book.size).toBe(62);
    await step(() => restoreCustomers(db, removed.customers, removed.interactions), 'sweep');
    expect(sync.book.size).toBe(122);

    // An older version written over a newer one is still seen (the block's write time tells, not
    // the customer's updatedAt).
    const stale = { ...sync.book.records.get('h:bulk_5')!, displayName: 'older copy', updatedAt: 1 };
    await step(() => writeCustomers(db, { put: [stale] }), { blocksOf: ['h:bulk_5'] });
    expect(sync.book.records.get('h:bulk_5')?.displayName).toBe('older copy');

    // A handle record merging into the id record: one key disappears, another appears.
    await step(() => observeAccount(db, { handle: 'bob', userId: '777' }, {}, 7_000), { blocksOf: ['h:bob', 'id:777'] });
    expect(sync.book.records.has('h:bob')).toBe(false);
    expect(sync.book.records.get('id:777')?.interactionCount).toBe(2);

    // One full read at the start; the rest by blocks or by sweep.
    expect(sync.stats.fullReads).toBe(1);
    expect(sync.stats.sweeps).toBe(3);
  });

  it('sweeps after a restore that replaces the book (the stores cleared, then written whole)', async () => {
    await addNote(db, { handle: 'ann' }, 'Ann', 'x', 1);
    await addNote(db, { handle: 'bob' }, 'Bob', 'y', 1);
    await expectInSync();
    const backup = [customer('ann', { displayName: 'Ann from the backup' }), customer('carl')];
    await step(() => restoreBackup(db, { customers: backup, interactions: [interaction('h:carl', 5)], templates: [], packs: [] }, 'replace'), 'sweep');
    expect(byKey(sync.book.list())).toEqual(byKey(backup));

    // An empty backup: every block gone, found by comparing the block ids.
    await step(() => restoreBackup(db, { customers: [], interactions: [], templates: [], packs: [] }, 'replace'), 'sweep');
    expect(sync.book.size).toBe(0);

    // And the book goes on by blocks.
    await step(() => addNote(db, { handle: 'dee' }, 'Dee', 'z', 2), { blocksOf: ['h:dee'] });
    expect(sync.stats.fullReads).toBe(1);
  });

  it('reads everything when a sweep finds no trace of the write (blocks written by a clock set back)', async () => {
    const list = handlesInDistinctBlocks(60, 'c').map((h) => customer(h));
    await step(() => writeCustomers(db, { put: list }), 'sweep');
    // The same 60 blocks written again (a range), stamped before every block the book holds.
    vi.spyOn(Date, 'now').mockReturnValue(sync.book.watermark - 60_000);
    await writeCustomers(db, { put: list.map((c) => ({ ...c, displayName: 'from a slow clock' })) });
    await expectInSync();
    expect(sync.book.records.get(list[33]!.key)?.displayName).toBe('from a slow clock');
    expect(sync.stats).toEqual({ fullReads: 2, sweeps: 2, blockReads: 0 });
  });

  it('ignores writes to other tables', async () => {
    await addNote(db, { handle: 'ann' }, 'Ann', 'x', 1);
    await expectInSync();
    const stats = { ...sync.stats };
    const publishedBefore = published;
    await writeTemplates(db, { put: [{ id: 't', title: 't', body: 'b', tags: [], usageCount: 0, createdAt: 1, updatedAt: 1 }], delete: [] });
    await writeHistory(db, { put: [interaction('h:ann', 2)] });
    await db.settings.put({ key: 'theme', value: 'dark' });
    await expectInSync();
    expect(sync.stats).toEqual(stats);
    expect(published).toBe(publishedBefore);
  });
});
