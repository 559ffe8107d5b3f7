/**
 * Rows per slice of a whole-store read. Small slices keep the storage and this thread both busy.
 * Reading the bench's 600,000 rows in Chromium (2 cores), on a machine whose noise is ±10 %:
 * slices of 250-500 rows 4.1-5.5 s, of 1,000-2,500 rows 5.4-5.8 s, one getAll per store
 * 5.4-6.7 s; 100-row slices were slower again in the export (bench/README.md).
 */
export const WHOLE_STORE_SLICE_ROWS = 500;

/**
 * Hands every row of one object store to `onSlice`, a slice at a time, in key order (the order
 * `getAll()` returns). One `getAll()` does its two halves one after the other: the storage reads
 * every row, then this thread turns them all into objects. Here a key cursor walks ahead
 * `sliceRows` keys at a time and each step asks for the slice behind it, so the storage reads
 * the next slice while this thread takes in the last one.
 *
 * Every request is made inside the callback of the one before, so the transaction stays active
 * until the last slice is in: nothing else may be awaited in between. Requests of one
 * transaction answer in the order they were made, so the slices arrive in key order.
 */
export function readStoreInSlices<T>(
  tx: IDBTransaction,
  storeName: string,
  onSlice: (rows: T[]) => void,
  sliceRows = WHOLE_STORE_SLICE_ROWS,
): Promise<void> {
  if (!Number.isInteger(sliceRows) || sliceRows < 1) throw new RangeError(`sliceRows must be a positive integer, got ${sliceRows}`);
  const store = tx.objectStore(storeName);
  return new Promise((resolve, reject) => {
    let pending = 0;
    let walked = false;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error ?? new Error(`reading ${storeName} failed`));
    };
    const finish = () => {
      if (walked && pending === 0 && !failed) resolve();
    };
    const readSlice = (range: IDBKeyRange) => {
      pending++;
      const request = store.getAll(range) as IDBRequest<T[]>;
      request.onsuccess = () => {
        pending--;
        if (failed) return;
        try {
          onSlice(request.result);
        } catch (error) {
          fail(error);
          tx.abort();
          return;
        }
        finish();
      };
      request.onerror = () => fail(request.error);
    };

    let from: IDBValidKey | undefined;
    const walk = store.openKeyCursor();
    walk.onerror = () => fail(walk.error);
    walk.onsuccess = () => {
      if (failed) return;
      const cursor = walk.result;
      if (!cursor) {
        if (from !== undefined) readSlice(IDBKeyRange.lowerBound(from));
        walked = true;
        finish();
        return;
      }
      const key = cursor.key;
      // The walk's next step is asked for before this slice, so the storage is already reading
      // ahead while this thread takes the slice in.
      cursor.advance(sliceRows);
      if (from !== undefined) readSlice(IDBKeyRange.bound(from, key, false, true));
      from = key;
    };
  });
}

/** Every row of one object store, in key order, read as readStoreInSlices reads it. */
export async function readWholeStore<T>(tx: IDBTransaction, storeName: string, sliceRows = WHOLE_STORE_SLICE_ROWS): Promise<T[]> {
  const slices: T[][] = [];
  await readStoreInSlices<T>(tx, storeName, (rows) => slices.push(rows), sliceRows);
  return slices.length === 1 ? slices[0]! : slices.flat();
}
