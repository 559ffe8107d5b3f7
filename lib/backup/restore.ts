// Restoring a validated backup into the database: ONE read-write transaction over every table,
// so a restore lands completely or not at all (a failure anywhere rolls everything back).
//
// Modes:
// - `replace`: the database becomes the backup. Every table is cleared first, inside the same
//   transaction, so a failed restore leaves the old data untouched.
// - `merge`: the backup is added to what is there.
//   - customers, matched by key: the record with the newer `updatedAt` wins whole (on a tie the
//     local record stays). Notes and tags are not combined field by field: a record is one unit.
//   - interactions, matched by id: the backup's row is written over a local one with the same
//     id. A backup row whose dedupe key is already used by a different local row (the same reply
//     logged in both places) is skipped, so nothing is logged twice. A merge reads the whole
//     local history to know both.
//   - templates and packs, matched by id: the backup's row is written over the local one.
//   Local rows the backup does not mention are kept. Counters such as a customer's
//   `interactionCount` are taken as stored, not recomputed.

import Dexie from 'dexie';
import type { HandlebookDatabase } from '../db/database';
import { customerWriteTables, getCustomers, writeCustomers } from '../db/customer-store';
import { historyWriteTables, readAllInteractions, writeHistory } from '../db/history-store';
import { clearTemplates, writeTemplates } from '../db/template-store';
import type { Customer, Interaction } from '../db/types';
import { replaceBook } from '../db/whole-book';
import { UPSTREAM_SNAPSHOT_PREFIX } from '../packs/import';
import type { BackupData } from './format';

export type RestoreMode = 'replace' | 'merge';

export interface RestoreOutcome {
  mode: RestoreMode;
  customers: { written: number; keptLocal: number };
  interactions: { written: number; skippedDuplicates: number };
  templates: number;
  packs: number;
}

export type RestoreRows = Pick<BackupData, 'customers' | 'interactions' | 'templates' | 'packs'>;

/** Writes `data` in one transaction (see the header for the rules of each mode). */
export async function restoreBackup(db: HandlebookDatabase, data: RestoreRows, mode: RestoreMode): Promise<RestoreOutcome> {
  const tables = [...new Set([...customerWriteTables(db), ...historyWriteTables(db), db.templateBlocks, db.packs, db.settings])];
  return db.transaction('rw', tables, async () => {
    if (mode === 'replace') {
      await Promise.all([replaceBook(Dexie.currentTransaction, data.customers, data.interactions), clearTemplates(db), db.packs.clear()]);
      // Stored pack versions belong to the packs just cleared.
      await db.settings.where('key').startsWith(UPSTREAM_SNAPSHOT_PREFIX).delete();
      await writeTemplates(db, { put: data.templates, delete: [] });
      if (data.packs.length) await db.packs.bulkPut(data.packs);
      return {
        mode,
        customers: { written: data.customers.length, keptLocal: 0 },
        interactions: { written: data.interactions.length, skippedDuplicates: 0 },
        templates: data.templates.length,
        packs: data.packs.length,
      };
    }

    const customers = await mergeCustomers(db, data.customers);
    const interactions = await mergeInteractions(db, data.interactions);
    await writeHistory(db, { remove: interactions.overwritten, put: interactions.rows });
    await writeCustomers(db, { put: customers.rows });
    await writeTemplates(db, { put: data.templates, delete: [] });
    if (data.packs.length) await db.packs.bulkPut(data.packs);
    return {
      mode,
      customers: { written: customers.rows.length, keptLocal: customers.kept },
      interactions: { written: interactions.rows.length, skippedDuplicates: interactions.skipped },
      templates: data.templates.length,
      packs: data.packs.length,
    };
  });
}

async function mergeCustomers(db: HandlebookDatabase, incoming: readonly Customer[]): Promise<{ rows: Customer[]; kept: number }> {
  if (incoming.length === 0) return { rows: [], kept: 0 };
  const local = await getCustomers(db, incoming.map((c) => c.key));
  const rows: Customer[] = [];
  let kept = 0;
  incoming.forEach((c, i) => {
    const existing = local[i];
    if (existing && existing.updatedAt >= c.updatedAt) kept++;
    else rows.push(c);
  });
  return { rows, kept };
}

/**
 * The backup's interactions to write, the local ones they write over (by id, wherever they are
 * stored: the backup may file them under another customer), and how many were skipped.
 */
async function mergeInteractions(
  db: HandlebookDatabase,
  incoming: readonly Interaction[],
): Promise<{ rows: Interaction[]; overwritten: Interaction[]; skipped: number }> {
  if (incoming.length === 0) return { rows: [], overwritten: [], skipped: 0 };
  const local = await readAllInteractions(db);
  const idByKey = new Map(local.map((r) => [r.dedupeKey, r.id]));
  const localIds = new Set(local.map((r) => r.id));
  // A local row that a written backup row overwrites by id frees its dedupe key; a skipped one
  // overwrites nothing. Start with every local row the backup names as freed and take back the
  // ones whose backup row is skipped, until nothing changes (each round only takes back).
  let freed = new Set(incoming.filter((r) => localIds.has(r.id)).map((r) => r.id));
  let rows: Interaction[];
  for (;;) {
    const free = freed;
    rows = incoming.filter((r) => {
      const holder = idByKey.get(r.dedupeKey);
      return holder === undefined || holder === r.id || free.has(holder);
    });
    const next = new Set(rows.filter((r) => localIds.has(r.id)).map((r) => r.id));
    if (next.size === freed.size) break;
    freed = next;
  }
  return { rows, overwritten: local.filter((r) => freed.has(r.id)), skipped: incoming.length - rows.length };
}
