import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { HandlebookDatabase } from '@/lib/db/database';
import { addNote, observeAccount } from '@/lib/db/customers';
import { writeCustomers } from '@/lib/db/customer-store';
import { DIRECTORY_BLOCKS_TABLE } from '@/lib/db/handle-directory';
import { emptyCustomer } from '@/lib/db/identity';
import { AccountFilter, KNOWN_ACCOUNTS_TIMING, knownAccounts, refreshKnownAccounts } from '@/lib/db/known-accounts';
import { lookupSummaries } from '@/lib/db/lookup';
import { restoreBackup } from '@/lib/backup/restore';
import { seededRandom } from '../../fixtures/x/data';
import type { Customer } from '@/lib/db/types';

// The worker's filter of known accounts lets the badges' lookup skip authors the database
// cannot hold. It must never hide a customer: these tests compare every lookup with one made
// over a connection that has no filter (and so reads everything), including after writes the
// filter has not seen, made over another connection.

describe('AccountFilter', () => {
  it('never rules out an entry it holds, and rules out nearly every other', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `id:${1_000_000 + i * 7}` : `handle_${i}`));
    const filter = AccountFilter.of(entries, 's1');
    expect(entries.every((e) => filter.mayHold(e))).toBe(true);
    const others = Array.from({ length: 20_000 }, (_, i) => `fan_${i}`);
    const maybes = others.filter((e) => filter.mayHold(e)).length;
    expect(maybes / others.length).toBeLessThan(0.02);
    expect(filter.stamp).toBe('s1');
  });

  it('comes back from its stored bits, and only from bits of a size it makes', () => {
    const filter = AccountFilter.of(['alice', 'bob'], 's2');
    const back = AccountFilter.fromBits(structuredClone(filter.bitsForStorage()), 's2')!;
    expect(['alice', 'bob'].every((e) => back.mayHold(e))).toBe(true);
    expect(back.stamp).toBe('s2');
    expect(AccountFilter.fromBits(new Uint32Array(48), 's2')).toBeUndefined();
    expect(AccountFilter.fromBits([1, 2, 3], 's2')).toBeUndefined();
    expect(AccountFilter.fromBits(undefined, 's2')).toBeUndefined();
  });

  it('holds nothing when empty', () => {
    const filter = AccountFilter.of([], undefined);
    expect(['', 'a', 'id:1'].some((e) => filter.mayHold(e))).toBe(false);
  });
});

let db: HandlebookDatabase;
let n = 0;
const others: HandlebookDatabase[] = [];

beforeEach(async () => {
  Object.assign(KNOWN_ACCOUNTS_TIMING, { delayMs: 0, gapMs: 0 });
  db = new HandlebookDatabase(`test-known-${n++}`);
  await db.open();
});
afterEach(async () => {
  for (const other of others.splice(0)) other.close();
  await db.delete();
});

/** Another connection to the same database: no filter of its own, so its lookups read everything. */
async function secondConnection(): Promise<HandlebookDatabase> {
  const other = new HandlebookDatabase(db.name);
  await other.open();
  others.push(other);
  return other;
}

function customer(i: number, extra: Partial<Customer> = {}): Customer {
  const ref = i % 3 === 0 ? { handle: `cust_${i}`, userId: `${500 + i}` } : { handle: `cust_${i}` };
  return { ...emptyCustomer(ref, `Customer ${i}`, 1), ...extra };
}

/** Counts calls of `method` on one store while `fn` runs (fake-indexeddb's object stores). */
async function countCalls<T>(method: 'get' | 'getAll', store: string, fn: () => Promise<T>, onCall?: (n: number) => void): Promise<{ result: T; calls: number }> {
  const original = FakeObjectStore.prototype[method] as (...args: unknown[]) => IDBRequest;
  let calls = 0;
  FakeObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: unknown[]) {
    if (this.name === store) {
      calls++;
      onCall?.(calls);
    }
    return original.apply(this, args);
  } as never;
  try {
    return { result: await fn(), calls };
  } finally {
    FakeObjectStore.prototype[method] = original as never;
  }
}

describe('the lookup with the filter of known accounts', () => {
  it('answers every kind of author exactly as a full read does', async () => {
    const book = Array.from({ length: 300 }, (_, i) => customer(i));
    // A renamed account: stored under its id with its new handle; the page shows the old one.
    book.push(customer(1_000, { key: 'id:777', userId: '777', handle: 'new_name', handleLower: 'new_name' }));
    await writeCustomers(db, { put: book });
    await lookupSummaries(db, [{ handle: 'cust_1' }]);
    await refreshKnownAccounts(db.backendDB());
    expect(knownAccounts(db.backendDB())).toBeDefined();
    const full = await secondConnection();

    const rnd = seededRandom(7);
    for (let batch = 0; batch < 20; batch++) {
      const refs = Array.from({ length: 50 }, () => {
        const pick = rnd();
        if (pick < 0.4) return { handle: `fan_${Math.floor(rnd() * 1e6)}` };
        if (pick < 0.45) return { handle: `old_name`, userId: '777' };
        if (pick < 0.5) return { handle: `fan_${Math.floor(rnd() * 1e6)}`, userId: `${500 + 3 * Math.floor(rnd() * 100)}` };
        const i = Math.floor(rnd() * 320); // some beyond the book
        return i % 3 === 0 && rnd() < 0.7 ? { handle: `CUST_${i}`, userId: `${500 + i}` } : { handle: `cust_${i}` };
      });
      expect(await lookupSummaries(db, refs, 10)).toEqual(await lookupSummaries(full, refs, 10));
    }
  });

  it('reads no directory row for authors it rules out', async () => {
    await writeCustomers(db, { put: Array.from({ length: 100 }, (_, i) => customer(i)) });
    const strangers = Array.from({ length: 50 }, (_, i) => ({ handle: `fan_${i}` }));
    const first = await countCalls('get', DIRECTORY_BLOCKS_TABLE, () => lookupSummaries(db, strangers));
    expect(first.calls).toBe(50);
    await refreshKnownAccounts(db.backendDB());
    const second = await countCalls('get', DIRECTORY_BLOCKS_TABLE, () => lookupSummaries(db, [...strangers, { handle: 'cust_4' }]));
    // Only the customer's block (and perhaps a stranger or two the filter could not rule out).
    expect(second.calls).toBeGreaterThanOrEqual(1);
    expect(second.calls).toBeLessThanOrEqual(3);
    expect(second.result['cust_4']).toMatchObject({ handle: 'cust_4' });
    expect(Object.values(second.result).filter(Boolean)).toHaveLength(1);
  });

  it('finds customers written since the filter was built, over any connection', async () => {
    await writeCustomers(db, { put: Array.from({ length: 50 }, (_, i) => customer(i)) });
    await lookupSummaries(db, [{ handle: 'cust_1' }]);
    await refreshKnownAccounts(db.backendDB());
    const built = knownAccounts(db.backendDB())!;
    expect(built.mayHold('newcomer')).toBe(false);

    const other = await secondConnection();
    await addNote(other, { handle: 'Newcomer' }, 'New', 'first note', 5);
    await observeAccount(other, { handle: 'cust_2', userId: '9001' }, {}, 6);
    const found = await lookupSummaries(db, [{ handle: 'newcomer' }, { handle: 'someone_else', userId: '9001' }, { handle: 'fan_1' }]);
    expect(found['newcomer']).toMatchObject({ handle: 'Newcomer' });
    expect(found['someone_else']).toMatchObject({ key: 'id:9001' });
    expect(found['fan_1']).toBeNull();

    // The stale filter was replaced: the newcomer is known now.
    await refreshKnownAccounts(db.backendDB());
    expect(knownAccounts(db.backendDB())).not.toBe(built);
    expect(knownAccounts(db.backendDB())!.mayHold('newcomer')).toBe(true);
  });

  it('keeps its last build for a worker that restarts, and rebuilds once the directory changed', async () => {
    await writeCustomers(db, { put: Array.from({ length: 30 }, (_, i) => customer(i)) });
    await refreshKnownAccounts(db.backendDB());
    const other = await secondConnection(); // a restarted worker: no filter in memory
    const loaded = await countCalls('getAll', DIRECTORY_BLOCKS_TABLE, () => refreshKnownAccounts(other.backendDB()));
    expect(loaded.calls).toBe(0);
    expect(knownAccounts(other.backendDB())!.stamp).toBe(knownAccounts(db.backendDB())!.stamp);
    expect(knownAccounts(other.backendDB())!.mayHold('cust_7')).toBe(true);

    await addNote(db, { handle: 'later' }, 'Later', 'note', 3);
    const third = await secondConnection();
    const rebuilt = await countCalls('getAll', DIRECTORY_BLOCKS_TABLE, () => refreshKnownAccounts(third.backendDB()));
    expect(rebuilt.calls).toBe(1);
    expect(knownAccounts(third.backendDB())!.mayHold('later')).toBe(true);
  });

  it('drops a build that a write overtook, and still finds that write', async () => {
    // 1,000 handles in ~940 of the 8,192 directory blocks: many slices of 64 blocks, with a
    // customer added between the first two.
    await writeCustomers(db, { put: Array.from({ length: 1_000 }, (_, i) => customer(i)) });
    const other = await secondConnection();
    let written: Promise<unknown> | undefined;
    const build = await countCalls('getAll', DIRECTORY_BLOCKS_TABLE, () => refreshKnownAccounts(db.backendDB()), (call) => {
      if (call === 1) written = addNote(other, { handle: 'mid_build' }, 'Mid', 'note', 3);
    });
    await written;
    expect(build.calls).toBeGreaterThan(1);
    expect(knownAccounts(db.backendDB())).toBeUndefined();
    expect((await lookupSummaries(db, [{ handle: 'mid_build' }]))['mid_build']).toMatchObject({ handle: 'mid_build' });
  });

  it('is not fooled by a restore that replaces everything', async () => {
    await writeCustomers(db, { put: Array.from({ length: 20 }, (_, i) => customer(i)) });
    await lookupSummaries(db, [{ handle: 'cust_1' }]);
    await refreshKnownAccounts(db.backendDB());
    const other = await secondConnection();
    const fresh = Array.from({ length: 20 }, (_, i) => customer(100 + i));
    await restoreBackup(other, { customers: fresh, interactions: [], templates: [], packs: [] }, 'replace');
    const found = await lookupSummaries(db, [{ handle: 'cust_101' }, { handle: 'cust_1' }]);
    expect(found['cust_101']).toMatchObject({ handle: 'cust_101' });
    expect(found['cust_1']).toBeNull();
  });
});
