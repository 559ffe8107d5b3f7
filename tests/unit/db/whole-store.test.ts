import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { readStoreInSlices, readWholeStore } from '@/lib/db/whole-store';

// readWholeStore must return exactly what one getAll() returns, in the same order, for any
// number of rows and any kind of key, while asking for them a slice at a time.

const settle = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

let n = 0;
const open: IDBDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  vi.restoreAllMocks();
});

/** A database with one store 'rows' (out-of-line keys, so any key type fits) holding `keys`. */
async function storeWith(keys: IDBValidKey[]): Promise<IDBDatabase> {
  const request = indexedDB.open(`whole-store-${n++}`, 1);
  request.onupgradeneeded = () => request.result.createObjectStore('rows');
  const db = await settle(request);
  open.push(db);
  const tx = db.transaction('rows', 'readwrite');
  keys.forEach((key, i) => tx.objectStore('rows').put({ i, key, text: `row ${i}` }, key));
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  return db;
}

const getAll = (db: IDBDatabase) => settle(db.transaction('rows', 'readonly').objectStore('rows').getAll());

/** Keys of every kind IndexedDB orders: numbers < dates < strings < binary < arrays. */
function mixedKeys(count: number): IDBValidKey[] {
  return Array.from({ length: count }, (_, i) => {
    switch (i % 5) {
      case 0:
        return (i * 7919) % 1000;
      case 1:
        return new Date(1_700_000_000_000 + i * 1000);
      case 2:
        return `k${String((i * 31) % 997).padStart(4, '0')}-${i}`;
      case 3:
        return new Uint8Array([i % 256, (i * 3) % 256]).buffer;
      default:
        return [i % 3, `x${i}`];
    }
  });
}

describe('readWholeStore', () => {
  it('returns what one getAll returns, in key order, for every size around the slice', async () => {
    for (const count of [0, 1, 4, 5, 6, 10, 11, 23]) {
      const db = await storeWith(mixedKeys(count));
      const expected = await getAll(db);
      expect(expected).toHaveLength(count);
      const rows = await readWholeStore(db.transaction('rows', 'readonly'), 'rows', 5);
      expect(rows, `${count} rows`).toEqual(expected);
    }
  });

  it('asks for one slice of at most sliceRows rows at a time', async () => {
    const db = await storeWith(Array.from({ length: 23 }, (_, i) => i));
    const sizes: number[] = [];
    const real = FakeObjectStore.prototype.getAll;
    vi.spyOn(FakeObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<typeof real>) {
      const request = real.apply(this, args);
      request.addEventListener('success', () => sizes.push((request.result as unknown[]).length));
      return request;
    });
    const rows = await readWholeStore<{ i: number }>(db.transaction('rows', 'readonly'), 'rows', 5);
    expect(rows.map((r) => r.i)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
  });

  it('reads one snapshot: a write queued behind the read is not in it', async () => {
    const db = await storeWith(Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`));
    const before = await getAll(db);
    const reading = readWholeStore(db.transaction('rows', 'readonly'), 'rows', 3);
    const write = db.transaction('rows', 'readwrite');
    write.objectStore('rows').put({ i: 99, key: 'k00a', text: 'late' }, 'k00a');
    write.objectStore('rows').delete('k39');
    const writing = new Promise((resolve) => (write.oncomplete = resolve));
    expect(await reading).toEqual(before);
    await writing;
    expect(await getAll(db)).toHaveLength(40);
  });

  it('hands the slices over in key order, each as it arrives', async () => {
    const db = await storeWith(mixedKeys(17));
    const expected = await getAll(db);
    const slices: unknown[][] = [];
    await readStoreInSlices(db.transaction('rows', 'readonly'), 'rows', (rows) => slices.push(rows), 4);
    expect(slices.map((s) => s.length)).toEqual([4, 4, 4, 4, 1]);
    expect(slices.flat()).toEqual(expected);
  });

  it('fails with the transaction or with the slice handler, and refuses a slice that is not a positive whole number', async () => {
    const db = await storeWith([1, 2, 3]);
    const tx = db.transaction('rows', 'readonly');
    const reading = readWholeStore(tx, 'rows', 1);
    tx.abort();
    await expect(reading).rejects.toBeDefined();

    const handed: unknown[][] = [];
    const broken = readStoreInSlices(db.transaction('rows', 'readonly'), 'rows', (rows) => {
      handed.push(rows);
      throw new Error('disk full');
    }, 1);
    await expect(broken).rejects.toThrow('disk full');
    expect(handed).toHaveLength(1);

    await expect(readWholeStore(db.transaction('rows', 'readonly'), 'rows', 0)).rejects.toThrow(RangeError);
    expect(() => readStoreInSlices(db.transaction('rows', 'readonly'), 'rows', () => {}, 2.5)).toThrow(RangeError);
  });
});
