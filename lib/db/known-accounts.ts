import { DIRECTORY_BLOCKS_TABLE, DIRECTORY_STAMP_KEY, DIRECTORY_STATE_TABLE, handlesIn, type DirectoryBlock, type DirectoryStampRow } from './handle-directory';

/**
 * Which handles the database might hold, kept in the worker's memory: a Bloom filter over every
 * handle of the handle directory. The badges' lookup (lookup.ts) reads no directory block for an
 * author the filter rules out. Most authors on a timeline are strangers, and each stranger cost
 * a directory read like a customer does: in the bench's batches (half strangers), 50 strangers
 * took p50 2.1 ms before and 0.9-1.1 ms with the filter (bench/README.md).
 *
 * A Bloom filter answers "certainly not" or "maybe", never a wrong "not": a maybe costs the
 * read the lookup always did, so the filter can only save work, never hide a customer, as long
 * as it is current. It is current while the directory's stamp is the one it was built with:
 * every customer write stores a new stamp in the same transaction (handle-directory.ts), and the
 * lookup compares the stamp it reads in its own transaction before it trusts what it skipped.
 *
 * Building it reads every handle. Read at once for 100,000 customers (with their keys), the next
 * lookup waited ~0.3 s; so the handles are read in slices that lookups run between, at most
 * once every few seconds, and the last build is kept in the database: a worker that restarts
 * (Chrome stops it after 30 s idle) loads that one row instead, when its stamp is still the
 * directory's.
 */
export class AccountFilter {
  private constructor(
    private readonly bits: Uint32Array,
    private readonly mask: number,
    /** The directory's stamp when the entries were read (undefined: none written yet). */
    readonly stamp: string | undefined,
  ) {}

  /** A filter holding `entries`, with about 10 bits an entry: ~0.7 % false "maybe"s. */
  static of(entries: readonly string[], stamp: string | undefined): AccountFilter {
    let size = 1 << 10;
    while (size < entries.length * BITS_PER_ENTRY) size *= 2;
    const filter = new AccountFilter(new Uint32Array(size / 32), size - 1, stamp);
    for (const entry of entries) filter.add(entry);
    return filter;
  }

  /** The filter kept as `bits` (see bitsForStorage); undefined unless they are what `of` makes
   *  (a table of another size would put every handle at other bits). */
  static fromBits(bits: unknown, stamp: string | undefined): AccountFilter | undefined {
    if (!(bits instanceof Uint32Array) || bits.length < 32 || (bits.length & (bits.length - 1)) !== 0) return undefined;
    return new AccountFilter(bits, bits.length * 32 - 1, stamp);
  }

  /** What fromBits takes back: the whole filter but its stamp. */
  bitsForStorage(): Uint32Array {
    return this.bits;
  }

  /** False: certainly not among the entries. True: perhaps. */
  mayHold(entry: string): boolean {
    const [a, b] = hashPair(entry);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + Math.imul(i, b)) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  private add(entry: string): void {
    const [a, b] = hashPair(entry);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + Math.imul(i, b)) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }
}

const BITS_PER_ENTRY = 10;
const PROBES = 7;

/** Two independent 32-bit hashes of `s` (FNV-1a and a multiply-xorshift); the second is odd, so
 *  its multiples visit every bit of a power-of-two table. */
function hashPair(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, (b | 1) >>> 0];
}

interface FilterState {
  filter?: AccountFilter;
  building?: Promise<void>;
  /** When the last build or load ended (ms, performance.now()). */
  lastEnded?: number;
}

/** Directory blocks read per slice of a build (~1,500 handles with their summaries at 100,000
 *  customers): lookups wait for at most one slice. */
const SLICE = 64;
/**
 * Timing of the refreshes (tests set both to 0). `delayMs`: how long after the lookup that asked
 * for it a refresh starts, so it never competes with the burst of lookups a worker start or a
 * page load brings. `gapMs`: the least time between two, since a busy desk writes customers
 * often.
 */
export const KNOWN_ACCOUNTS_TIMING = { delayMs: 500, gapMs: 5_000 };
const KNOWN_ACCOUNTS_KEY = 'knownAccounts';

/** The last build, kept in the directory's state table. */
interface StoredFilter {
  id: typeof KNOWN_ACCOUNTS_KEY;
  stamp: string | undefined;
  bits: Uint32Array;
}

/** Per open connection: a reopened database starts without a filter. */
const states = new WeakMap<IDBDatabase, FilterState>();

function stateOf(idb: IDBDatabase): FilterState {
  let state = states.get(idb);
  if (!state) states.set(idb, (state = {}));
  return state;
}

/** The filter last built for this connection, current or not: check its stamp before trusting a "no". */
export function knownAccounts(idb: IDBDatabase): AccountFilter | undefined {
  return states.get(idb)?.filter;
}

/**
 * Makes the filter current (called when a lookup found it missing or stale): the stored last
 * build if its stamp is the directory's, else a new build from the handles, then stored. One at
 * a time, after KNOWN_ACCOUNTS_TIMING's delay and gap. Failures leave lookups reading
 * everything, as they did before the filter.
 */
export function refreshKnownAccounts(idb: IDBDatabase): Promise<void> {
  const state = stateOf(idb);
  state.building ??= (async () => {
    const { delayMs, gapMs } = KNOWN_ACCOUNTS_TIMING;
    const wait = Math.max(delayMs, state.lastEnded === undefined ? 0 : state.lastEnded + gapMs - performance.now());
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      const [stamp, stored] = await Promise.all([readStamp(idb), readStoredFilter(idb)]);
      const kept = stored && stored.stamp === stamp ? AccountFilter.fromBits(stored.bits, stamp) : undefined;
      if (kept) {
        state.filter = kept;
        return;
      }
      const handles = await readAllHandles(idb);
      // A customer written while the slices were read may be missing from them: only a build
      // whose stamp held from start to end is used.
      if ((await readStamp(idb)) !== stamp) return;
      state.filter = AccountFilter.of(handles, stamp);
      await storeFilter(idb, state.filter);
    } catch {
      // closing, or blocked: the next stale lookup tries again
    } finally {
      state.lastEnded = performance.now();
      state.building = undefined;
    }
  })();
  return state.building;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function stateStore(idb: IDBDatabase, mode: IDBTransactionMode = 'readonly'): IDBObjectStore {
  return idb.transaction(DIRECTORY_STATE_TABLE, mode).objectStore(DIRECTORY_STATE_TABLE);
}

/** The directory's stamp now (undefined: no customer written since schema 5). */
async function readStamp(idb: IDBDatabase): Promise<string | undefined> {
  return (await request(stateStore(idb).get(DIRECTORY_STAMP_KEY) as IDBRequest<DirectoryStampRow | undefined>))?.stamp;
}

// Async, so a closed database (idb.transaction throws) rejects it instead of throwing while the
// caller's Promise.all is still being built, which left readStamp's rejection unhandled.
async function readStoredFilter(idb: IDBDatabase): Promise<StoredFilter | undefined> {
  return request(stateStore(idb).get(KNOWN_ACCOUNTS_KEY) as IDBRequest<StoredFilter | undefined>);
}

/** Every handle of the directory, SLICE blocks at a time, each slice its own transaction. */
async function readAllHandles(idb: IDBDatabase): Promise<string[]> {
  const handles: string[] = [];
  let after: number | undefined;
  for (;;) {
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const store = idb.transaction(DIRECTORY_BLOCKS_TABLE, 'readonly').objectStore(DIRECTORY_BLOCKS_TABLE);
    const slice = (await request(store.getAll(range, SLICE))) as DirectoryBlock[];
    for (const block of slice) for (const handle of handlesIn(block)) handles.push(handle);
    if (slice.length < SLICE) return handles;
    after = slice[slice.length - 1]!.id;
  }
}

function storeFilter(idb: IDBDatabase, filter: AccountFilter): Promise<unknown> {
  const row: StoredFilter = { id: KNOWN_ACCOUNTS_KEY, stamp: filter.stamp, bits: filter.bitsForStorage() };
  return request(stateStore(idb, 'readwrite').put(row));
}
