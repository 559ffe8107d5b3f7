import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { newId } from './ids';
import { summaryBasis, type SummaryBasis } from './summaries';
import type { Customer } from './types';

/**
 * The handle directory: one row per lower-cased handle with the summary fields of every customer
 * who has that handle, so the badges' lookup (lookup.ts) reads a row by its primary key instead
 * of going through the customers' `handleLower` index. In Chromium an index read costs about
 * twice a primary-key read: the bench's batches of 50 authors, read both ways in turn in the
 * worker over 100,000 customers, took p50 2.2 / p95 2.8-3.5 ms through the index and 1.7-1.8 /
 * 2.4-2.8 ms through the directory (bench/README.md).
 *
 * Derived data, never written by hand: a Dexie middleware (below) rewrites the rows of the
 * handles a customer write touches, in the same transaction as the write, so the directory and
 * the customers table cannot disagree. Schema version 3 builds it from the customers.
 */
export const HANDLES_TABLE = 'handles';
const CUSTOMERS_TABLE = 'customers';

/**
 * Small rows about the directory. Its stamp: rewritten with a new random value in every
 * transaction that writes customers, so whatever is derived from the directory and kept
 * elsewhere (the filter of known accounts, known-accounts.ts, which keeps its last build here
 * too) can tell whether it is still current.
 */
export const DIRECTORY_STATE_TABLE = 'directoryState';
export const DIRECTORY_STAMP_KEY = 'stamp';

export interface DirectoryStampRow {
  id: typeof DIRECTORY_STAMP_KEY;
  stamp: string;
}

export interface HandleRow {
  /** Lower-cased handle (the primary key). */
  handle: string;
  /** Every customer with this handle, in primary-key order, as the `handleLower` index lists
   *  them: a lookup by handle answers with the first. */
  holders: SummaryBasis[];
}

/** The directory rows of `customers`, for building it whole (the schema upgrade). */
export function directoryRows(customers: Iterable<Customer>): HandleRow[] {
  const rows = new Map<string, SummaryBasis[]>();
  for (const c of customers) {
    const holders = rows.get(c.handleLower) ?? [];
    holders.push(summaryBasis(c));
    rows.set(c.handleLower, holders);
  }
  return [...rows].map(([handle, holders]) => ({ handle, holders: holders.sort(byKey) }));
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Dexie's AnyRange (DBCoreRangeType.Any is a const enum, unavailable here): `clear()`. */
const ANY_RANGE_TYPE = 3;

interface TransactionState {
  /** Customer writes in one transaction are applied to the directory one after another, so two
   *  writes touching the same handle never read the same row before either wrote it back. */
  queue: Promise<unknown>;
  /** Set once the customers were cleared in this transaction (a restore that replaces): from
   *  then on every row there is was written by this transaction and is known here, so none is
   *  read back (a 100,000-customer restore would otherwise read 200,000 rows that are not there). */
  afterClear?: { customers: Map<string, Customer | undefined>; handles: Map<string, HandleRow | undefined> };
}

const states = new WeakMap<DBCoreTransaction, TransactionState>();

function stateOf(trans: DBCoreTransaction): TransactionState {
  let state = states.get(trans);
  if (!state) states.set(trans, (state = { queue: Promise.resolve() }));
  return state;
}

/** One write, as the directory sees it: the customer under `key` becomes `after` (or goes). */
interface Change {
  key: string;
  after: Customer | undefined;
}

export const handleDirectoryMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'handleDirectory',
  create(down) {
    return {
      ...down,
      // Every read-write transaction over the customers also holds the directory and its stamp.
      transaction(stores, mode, options) {
        if (mode !== 'readwrite' || !stores.includes(CUSTOMERS_TABLE)) return down.transaction(stores, mode, options);
        const missing = [HANDLES_TABLE, DIRECTORY_STATE_TABLE].filter((t) => !stores.includes(t));
        return down.transaction(missing.length ? [...stores, ...missing] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== CUSTOMERS_TABLE) return table;
        return {
          ...table,
          mutate(req) {
            const state = stateOf(req.trans);
            // Looked up here, not when Dexie builds the stack: an upgrade builds it before the
            // directory exists.
            const done = state.queue.then(() => mutateCustomers(table, down.table(HANDLES_TABLE), down.table(DIRECTORY_STATE_TABLE), state, req));
            state.queue = done.catch(() => undefined);
            return done;
          },
        };
      },
    };
  },
};

async function mutateCustomers(
  table: DBCoreTable,
  handles: DBCoreTable,
  stamp: DBCoreTable,
  state: TransactionState,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const { trans } = req;
  await stamp.mutate({ type: 'put', trans, values: [{ id: DIRECTORY_STAMP_KEY, stamp: newId() } satisfies DirectoryStampRow] });
  if (req.type === 'deleteRange' && req.range.type === ANY_RANGE_TYPE) {
    const res = await table.mutate(req);
    await handles.mutate({ type: 'deleteRange', trans, range: req.range });
    state.afterClear = { customers: new Map(), handles: new Map() };
    return res;
  }

  let changes: Change[];
  if (req.type === 'add' || req.type === 'put') {
    changes = req.values.map((c: Customer) => ({ key: c.key, after: c }));
  } else if (req.type === 'delete') {
    changes = req.keys.map((key: string) => ({ key, after: undefined }));
  } else {
    // A range of customers deleted: the directory needs their handles, so read which ones first.
    const inRange = await customersIn(table, trans, req.range);
    changes = inRange.map((c) => ({ key: c.key, after: undefined }));
  }

  const before = await customersBefore(table, state, trans, changes.map((c) => c.key));
  const res = await table.mutate(req);
  const applied = changes.filter((_, i) => !res.failures[i]);
  if (applied.length) await rewriteDirectory(handles, state, trans, before, applied);
  return res;
}

function customersIn(table: DBCoreTable, trans: DBCoreTransaction, range: DBCoreKeyRange): Promise<Customer[]> {
  return table.query({ trans, values: true, query: { index: table.schema.primaryKey, range } }).then((r) => r.result as Customer[]);
}

/** The customers as they are before this write, by key (undefined: none). */
async function customersBefore(table: DBCoreTable, state: TransactionState, trans: DBCoreTransaction, keys: string[]): Promise<Map<string, Customer | undefined>> {
  const unique = [...new Set(keys)];
  const known = state.afterClear?.customers;
  if (known) return new Map(unique.map((k) => [k, known.get(k)]));
  const rows = (await table.getMany({ trans, keys: unique })) as (Customer | undefined)[];
  return new Map(unique.map((k, i) => [k, rows[i]]));
}

/** Applies the writes in order to the directory rows of every handle they touch, and saves those. */
async function rewriteDirectory(
  handles: DBCoreTable,
  state: TransactionState,
  trans: DBCoreTransaction,
  current: Map<string, Customer | undefined>,
  changes: Change[],
): Promise<void> {
  const touched = new Set<string>();
  for (const c of current.values()) if (c) touched.add(c.handleLower);
  for (const { after } of changes) if (after) touched.add(after.handleLower);
  const names = [...touched];
  const rows = new Map<string, SummaryBasis[]>();
  const known = state.afterClear?.handles;
  const stored = known ? names.map((h) => known.get(h)) : ((await handles.getMany({ trans, keys: names })) as (HandleRow | undefined)[]);
  names.forEach((h, i) => rows.set(h, stored[i]?.holders.slice() ?? []));

  for (const { key, after } of changes) {
    const previous = current.get(key);
    if (previous) {
      const holders = rows.get(previous.handleLower)!;
      const at = holders.findIndex((b) => b.key === key);
      if (at >= 0) holders.splice(at, 1);
    }
    if (after) {
      // Never two entries for one customer, even in a directory a bug once left behind.
      const holders = rows.get(after.handleLower)!.filter((b) => b.key !== key);
      rows.set(after.handleLower, holders);
      const basis = summaryBasis(after);
      const at = holders.findIndex((b) => byKey(b, basis) >= 0);
      if (at < 0) holders.push(basis);
      else holders.splice(at, 0, basis);
    }
    current.set(key, after);
    state.afterClear?.customers.set(key, after);
  }

  const puts: HandleRow[] = [];
  const deletes: string[] = [];
  for (const [handle, holders] of rows) {
    if (holders.length) puts.push({ handle, holders });
    else deletes.push(handle);
    known?.set(handle, holders.length ? { handle, holders } : undefined);
  }
  if (puts.length) await handles.mutate({ type: 'put', trans, values: puts });
  if (deletes.length) await handles.mutate({ type: 'delete', trans, keys: deletes });
}
