// Bundled and evaluated in a plain page of a scratch browser (bench/storage-floors.ts): what
// this browser's IndexedDB itself costs for the restore's book in blocks and for the shapes the
// pack import writes, with raw IndexedDB (no Dexie, no validation), so the figures can be read
// against what the storage alone costs.

import { parsePack } from '../../lib/packs/pack-file';
import { applyImportPlan, planPackImport } from '../../lib/packs/merge';
import { templateBlocksOf } from '../../lib/db/template-store';
import { handleRowsOf } from '../../lib/db/customer-handles';
import { backupText } from '../data';
import type { Customer, Interaction } from '../../lib/db/types';
import { generateTemplates, packText } from '../templates';
import { PACK_SEED } from '../pack-import';

function settle<T>(request: IDBRequest<T> | IDBOpenDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error);
  });
}

type Index = readonly [string, { multiEntry?: boolean }];

/** A new empty database with `stores` (name: key path and indexes). */
async function scratchStores(name: string, stores: Record<string, { keyPath: string; indexes: readonly Index[] }>): Promise<IDBDatabase> {
  await settle(indexedDB.deleteDatabase(name));
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    for (const [storeName, { keyPath, indexes }] of Object.entries(stores)) {
      const store = open.result.createObjectStore(storeName, { keyPath });
      for (const [path, options] of indexes) store.createIndex(path, path, options);
    }
  };
  return settle<IDBDatabase>(open);
}

/** A new empty database with one store, `rows`. */
const scratch = (name: string, keyPath: string, indexes: readonly Index[]) => scratchStores(name, { rows: { keyPath, indexes } });

/** Writes `rows` in one transaction; ms from the first put to `complete`. */
function writeAll(db: IDBDatabase, rows: readonly unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const tx = db.transaction('rows', 'readwrite');
    const store = tx.objectStore('rows');
    for (const row of rows) store.put(row);
    tx.oncomplete = () => resolve(performance.now() - start);
    tx.onerror = () => reject(tx.error);
  });
}

let text: string | undefined;

/** `items` grouped into `count` blocks by a hash (FNV-1a) of `keyOf`. */
function inBlocks<T>(items: readonly T[], keyOf: (item: T) => string, count: number): Map<number, T[]> {
  const blocks = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    const id = (hash >>> 0) % count;
    const block = blocks.get(id);
    if (block) block.push(item);
    else blocks.set(id, [item]);
  }
  return blocks;
}

const floors = {
  /** The backup file's text, for `blockRestore` (not timed; bench/data.ts). */
  prepareBackupText(now: number): number {
    text = backupText(now);
    return text.length;
  },

  /**
   * The restore in blocks, timed from the backup's text: `JSON.parse`, then in ONE transaction
   * the customers in `blocks` blocks by their key (with a block's tags and newest `updatedAt`
   * indexed, for the dashboard), their interactions in as many blocks by customer key, and a
   * row per handle the lookups read, built by the product's own handleRowsOf
   * (lib/db/customer-handles.ts). Raw IndexedDB, minus the product's transaction and what else
   * it keeps. Chromium charges per row written: for the bench's book this writes ~108,000 rows
   * where a row per record (schema 5) wrote 700,000.
   */
  async blockRestore(blocks: number): Promise<{ ms: number; parseMs: number; rows: number }> {
    if (!text) throw new Error('prepareBackupText first');
    const db = await scratchStores('floor-blocks', {
      customerBlocks: { keyPath: 'id', indexes: [['tags', { multiEntry: true }], ['updatedAt', {}]] },
      historyBlocks: { keyPath: 'id', indexes: [] },
      customerHandles: { keyPath: 'handle', indexes: [] },
    });
    const start = performance.now();
    const book = JSON.parse(text) as { customers: Customer[]; interactions: Interaction[] };
    const parseMs = performance.now() - start;
    const customers = inBlocks(book.customers, (c) => c.key, blocks);
    const histories = inBlocks(book.interactions, (i) => i.customerKey, blocks);
    const handles = handleRowsOf(book.customers);
    const ms = await new Promise<number>((resolve, reject) => {
      const tx = db.transaction(['customerBlocks', 'historyBlocks', 'customerHandles'], 'readwrite');
      for (const [id, list] of customers) {
        const tags = new Set(list.flatMap((c) => c.tags));
        const updatedAt = Math.max(...list.map((c) => c.updatedAt));
        tx.objectStore('customerBlocks').put({ id, tags: [...tags], updatedAt, customers: list });
      }
      for (const [id, interactions] of histories) tx.objectStore('historyBlocks').put({ id, interactions });
      for (const row of handles) tx.objectStore('customerHandles').put(row);
      tx.oncomplete = () => resolve(performance.now() - start);
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    text = undefined;
    return { ms, parseMs, rows: customers.size + histories.size + handles.length };
  },

  /**
   * The rows the bench's pack import writes (the product's planner turns the same pack into
   * templates), written raw in one transaction: `blocks` as the import stores them (100 per
   * row, template-store.ts, with the `ids` index), `rows` one row per template with the
   * `source.packId` index, as schema versions 1 to 3 stored them. The import minus Dexie, the
   * read of the library, the Pack row and the parse.
   */
  async packTemplates(count: number, now: number, layout: 'blocks' | 'rows'): Promise<{ rows: number; ms: number }> {
    const parsed = parsePack(packText(generateTemplates(count, PACK_SEED)));
    if (!parsed.ok) throw new Error('bench pack does not parse');
    const templates = applyImportPlan(planPackImport(parsed.pack, []), {}, now, () => crypto.randomUUID()).put;
    const [rows, index]: [readonly unknown[], Index] = layout === 'blocks' ? [templateBlocksOf(templates), ['ids', { multiEntry: true }]] : [templates, ['source.packId', {}]];
    const db = await scratch(`floor-pack-${layout}`, 'id', [index]);
    const ms = await writeAll(db, rows);
    db.close();
    return { rows: rows.length, ms };
  },
};

export type StorageFloors = typeof floors;
(globalThis as unknown as { __floors: StorageFloors }).__floors = floors;
