// Bundled and evaluated in a plain page of a scratch browser (bench/storage-floors.ts): what
// this browser's IndexedDB itself costs for the shapes the restore and the pack import write,
// with raw IndexedDB (no Dexie, no validation), so the figures can be read against a floor.

import { parsePack } from '../../lib/packs/format';
import { applyImportPlan, planPackImport } from '../../lib/packs/merge';
import { templateBlocksOf } from '../../lib/db/template-store';
import { CUSTOMERS, customerWithHistory } from '../data';
import { generateTemplates, packText } from '../templates';
import { PACK_SEED } from '../pack-import';

function settle<T>(request: IDBRequest<T> | IDBOpenDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error);
  });
}

type Index = readonly [string, { multiEntry?: boolean }];

async function scratch(name: string, keyPath: string, indexes: readonly Index[]): Promise<IDBDatabase> {
  await settle(indexedDB.deleteDatabase(name));
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore('rows', { keyPath });
    for (const [path, options] of indexes) store.createIndex(path, path, options);
  };
  return settle<IDBDatabase>(open);
}

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

const floors = {
  /**
   * The fewest rows a restore of the bench's book could write: one per customer, with that
   * customer's interactions stored inside the row (no interaction rows at all), and only the
   * three customer indexes the lookups and the dashboard need. The product writes one row per
   * customer and one per interaction; no shape has fewer rows than this.
   */
  async fewestRowsRestore(now: number): Promise<{ rows: number; interactions: number; ms: number }> {
    const rows: unknown[] = [];
    let interactions = 0;
    for (let i = 0; i < CUSTOMERS; i++) {
      const { customer, interactions: history } = customerWithHistory(i, now);
      interactions += history.length;
      rows.push({ ...customer, history });
    }
    const db = await scratch('floor-fewest-rows', 'key', [['handleLower', {}], ['tags', { multiEntry: true }], ['updatedAt', {}]]);
    const ms = await writeAll(db, rows);
    db.close();
    return { rows: rows.length, interactions, ms };
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
