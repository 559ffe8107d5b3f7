import type { HandlebookDatabase } from './database';
import { userIdKey, type AccountRef } from './identity';
import { REPEAT_THRESHOLD, REPEAT_WINDOW_MS } from './interactions';
import { bookBlockOf, directoryBlockOf } from './buckets';
import { CUSTOMER_BLOCKS_TABLE, type CustomerBlock } from './customer-store';
import { DIRECTORY_BLOCKS_TABLE, DIRECTORY_STAMP_KEY, DIRECTORY_STATE_TABLE, holdersIn, type DirectoryBlock, type DirectoryStampRow } from './handle-directory';
import { HISTORY_BLOCKS_TABLE, type HistoryBlock } from './history-store';
import { knownAccounts, refreshKnownAccounts } from './known-accounts';
import { summaryBasis, summaryOf, type CustomerSummary, type SummaryBasis } from './summaries';

/**
 * The badges' batched lookup (50 authors a batch), in ONE read-only IndexedDB transaction with
 * every request in flight at once, written against IndexedDB itself: Dexie's bookkeeping costs
 * ~0.06 ms per query, three times the query, and a batch is 50 to 100 queries (measured in
 * Chromium on 20,000 customers: Dexie p50 4.7 ms, the same requests raw 1.7 ms; bench/README.md).
 * Every read is of a block by its primary key: handles through the handle directory
 * (handle-directory.ts), whose small blocks hold the summaries, not the customers' blocks.
 * Handles the worker's filter of known handles rules out (known-accounts.ts: most of a
 * timeline's) get no directory read.
 * Store names are the schema's (schema-history.ts). Returns summaries keyed by lower-cased
 * handle (the content script's cache key), null for accounts we have no record of.
 */
export async function lookupSummaries(
  db: HandlebookDatabase,
  refs: AccountRef[],
  now: number = Date.now(),
): Promise<Record<string, CustomerSummary | null>> {
  if (!db.isOpen()) await db.open();
  const handles = [...new Set(refs.map((r) => r.handle.toLowerCase()))];
  // The id the page revealed for each handle (the last one if a batch names two).
  const idOf = new Map(refs.flatMap((r) => (r.userId ? [[r.handle.toLowerCase(), r.userId] as const] : [])));
  const idb = db.backendDB();
  // Handles the filter rules out are not read, unless the stamp read below shows the filter
  // out of date (known-accounts.ts). Without a filter, everything is read.
  const filter = knownAccounts(idb);
  const tx = idb.transaction([DIRECTORY_BLOCKS_TABLE, CUSTOMER_BLOCKS_TABLE, HISTORY_BLOCKS_TABLE, DIRECTORY_STATE_TABLE], 'readonly');
  const directory = tx.objectStore(DIRECTORY_BLOCKS_TABLE);
  const customers = tx.objectStore(CUSTOMER_BLOCKS_TABLE);
  const since = now - REPEAT_WINDOW_MS;

  // Plain request callbacks and one promise for the batch, not a promise per request: this runs
  // for every batch of new tweets (timed in the worker on the bench's batches: p50 2.6 -> 2.45
  // ms, p95 3.7-5.0 -> 3.2-3.9 ms; the reads alone, raw, take p50 2.0 ms).
  return new Promise((resolve, reject) => {
    tx.onabort = () => reject(tx.error ?? new Error('lookup transaction aborted'));
    const byHandle = new Map<string, SummaryBasis>();
    const byId = new Map<string, SummaryBasis>();
    let reading = 0;
    let filterWasCurrent = filter !== undefined;
    const done = () => {
      if (--reading === 0) countRecent();
    };
    const readById = (h: string, key: string) => {
      reading++;
      const block = customers.get(bookBlockOf(key)) as IDBRequest<CustomerBlock | undefined>;
      block.onsuccess = () => {
        const customer = block.result?.customers.find((c) => c.key === key);
        if (customer) byId.set(h, summaryBasis(customer));
        done();
      };
    };
    // The permanent id wins over the handle (the page revealed who this really is). The handle's
    // directory entry usually holds the record under that id already; only when it does not (the
    // account was renamed since we stored it) is the record read by its id, and the handle's
    // first holder answers if there is none. Reading by id only then saves a customer block
    // for every revealed id in the common case.
    const readHandle = (h: string) => {
      reading++;
      const block = directory.get(directoryBlockOf(h)) as IDBRequest<DirectoryBlock | undefined>;
      block.onsuccess = () => {
        const holders = holdersIn(block.result, h);
        const id = idOf.get(h);
        const key = id ? userIdKey(id) : undefined;
        const holder = key ? holders.find((c) => c.key === key) : undefined;
        if (holder) byId.set(h, holder);
        else if (holders[0]) byHandle.set(h, holders[0]);
        if (key && !holder) readById(h, key);
        done();
      };
    };

    const skipped: string[] = [];
    for (const h of handles) {
      if (!filter || filter.mayHold(h)) {
        readHandle(h);
        continue;
      }
      // No directory entry for this handle: as above with no holders, only the id can find it.
      const id = idOf.get(h);
      if (id) readById(h, userIdKey(id));
      skipped.push(h);
    }
    if (filter && skipped.length) {
      reading++;
      const stamp = tx.objectStore(DIRECTORY_STATE_TABLE).get(DIRECTORY_STAMP_KEY) as IDBRequest<DirectoryStampRow | undefined>;
      stamp.onsuccess = () => {
        if (stamp.result?.stamp !== filter.stamp) {
          filterWasCurrent = false;
          for (const h of skipped) readHandle(h);
        }
        done();
      };
    }
    if (handles.length === 0) countRecent();

    // The 30-day count: from the customer's own recent times; for records without them, counted
    // in their history block, and only for customers who could be repeats (enough interactions
    // in all, the last one within the 30 days).
    function countRecent() {
      const found = new Map<string, SummaryBasis>();
      for (const h of handles) {
        const c = byId.get(h) ?? byHandle.get(h);
        if (c) found.set(h, c);
      }
      const recent = new Map<string, number>();
      let counting = 0;
      const finish = () => {
        const result: Record<string, CustomerSummary | null> = Object.create(null);
        for (const h of handles) {
          const c = found.get(h);
          result[h] = c ? summaryOf(c, recent.get(h) ?? 0) : null;
        }
        resolve(result);
        if (!filterWasCurrent) void refreshKnownAccounts(idb);
      };
      for (const [h, c] of found) {
        if (c.recentAt) recent.set(h, c.recentAt.filter((at) => at >= since).length);
        else if (c.interactionCount >= REPEAT_THRESHOLD && c.lastContact >= since) {
          counting++;
          const req = tx.objectStore(HISTORY_BLOCKS_TABLE).get(bookBlockOf(c.key)) as IDBRequest<HistoryBlock | undefined>;
          req.onsuccess = () => {
            recent.set(h, req.result?.interactions.filter((i) => i.customerKey === c.key && i.at >= since).length ?? 0);
            if (--counting === 0) finish();
          };
        }
      }
      if (counting === 0) finish();
    }
  });
}
