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
//     logged in both places) is skipped, so nothing is logged twice.
//   - templates and packs, matched by id: the backup's row is written over the local one.
//   Local rows the backup does not mention are kept. Counters such as a customer's
//   `interactionCount` are taken as stored, not recomputed.

import type { HandlebookDatabase } from '../db/database';
import { clearTemplates, writeTemplates } from '../db/template-store';
import type { Customer, Interaction } from '../db/types';
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
  return db.transaction('rw', [db.customers, db.interactions, db.templateBlocks, db.packs, db.settings], async () => {
    if (mode === 'replace') {
      await Promise.all([db.customers.clear(), db.interactions.clear(), clearTemplates(db), db.packs.clear()]);
      // Stored pack versions belong to the packs just cleared.
      await db.settings.where('key').startsWith(UPSTREAM_SNAPSHOT_PREFIX).delete();
      if (data.customers.length) await db.customers.bulkPut(data.customers);
      if (data.interactions.length) await db.interactions.bulkPut(data.interactions);
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
    if (interactions.rows.length) await db.interactions.bulkPut(interactions.rows);
    if (customers.rows.length) await db.customers.bulkPut(customers.rows);
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
  const local = await db.customers.bulkGet(incoming.map((c) => c.key));
  const rows: Customer[] = [];
  let kept = 0;
  incoming.forEach((c, i) => {
    const existing = local[i];
    if (existing && existing.updatedAt >= c.updatedAt) kept++;
    else rows.push(c);
  });
  return { rows, kept };
}

async function mergeInteractions(db: HandlebookDatabase, incoming: readonly Interaction[]): Promise<{ rows: Interaction[]; skipped: number }> {
  if (incoming.length === 0) return { rows: [], skipped: 0 };
  const clashing = await db.interactions.where('dedupeKey').anyOf(incoming.map((r) => r.dedupeKey)).toArray();
  const idByKey = new Map(clashing.map((r) => [r.dedupeKey, r.id]));
  // A local row that the backup overwrites by id frees its dedupe key.
  const overwritten = new Set<string>();
  const localIds = await db.interactions.bulkGet(incoming.map((r) => r.id));
  localIds.forEach((r) => {
    if (r) overwritten.add(r.id);
  });
  // Rows that overwrite a local row go first, so the dedupe keys they free are free before
  // another row takes them.
  const first: Interaction[] = [];
  const rest: Interaction[] = [];
  let skipped = 0;
  for (const r of incoming) {
    const holder = idByKey.get(r.dedupeKey);
    if (holder !== undefined && holder !== r.id && !overwritten.has(holder)) skipped++;
    else (overwritten.has(r.id) ? first : rest).push(r);
  }
  return { rows: first.concat(rest), skipped };
}
