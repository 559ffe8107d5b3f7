// One pack import end to end, as the dashboard will do it: parse the file, compare it with the
// local library, turn the plan into rows, write them in ONE Dexie transaction. Runs both in Node
// (fake-indexeddb) and in an extension page (Chromium's IndexedDB) — the same code, bundled.

import type { HandlebookDatabase } from '../lib/db/database';
import { applyImportPlan, planPackImport } from '../lib/packs/merge';
import { parsePack } from '../lib/packs/format';
import { asTemplateRows, generateTemplates, packText } from './templates';

export const PACK_TEMPLATES = 10_000;
/** Templates the person already has (not from the pack). */
const LOCAL_TEMPLATES = 500;

export interface PackImportTiming {
  templates: number;
  bytes: number;
  ms: number;
  parseMs: number;
  planMs: number;
  writeMs: number;
}

/** Puts the local library in place and returns the pack's text. */
export async function preparePackImport(db: HandlebookDatabase, now: number): Promise<string> {
  await db.templates.clear();
  await db.packs.clear();
  await db.templates.bulkPut(asTemplateRows(generateTemplates(LOCAL_TEMPLATES, 3), now).map((t) => ({ ...t, id: `local-${t.id}` })));
  return packText(generateTemplates(PACK_TEMPLATES, 99));
}

export async function importPack(db: HandlebookDatabase, text: string, now: number): Promise<PackImportTiming> {
  const t0 = performance.now();
  const parsed = parsePack(text);
  if (!parsed.ok) throw new Error(`bench pack does not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const t1 = performance.now();
  const local = await db.templates.toArray();
  const plan = planPackImport(parsed.pack, local);
  const writes = applyImportPlan(plan, {}, now, () => crypto.randomUUID());
  const t2 = performance.now();
  await db.transaction('rw', db.templates, db.packs, async () => {
    await db.templates.bulkPut(writes.put);
    await db.templates.bulkDelete(writes.delete);
    await db.packs.put({ id: parsed.pack.id, name: parsed.pack.name, templateCount: parsed.pack.templates.length, importedAt: now });
  });
  const t3 = performance.now();
  return { templates: parsed.pack.templates.length, bytes: text.length, ms: t3 - t0, parseMs: t1 - t0, planMs: t2 - t1, writeMs: t3 - t2 };
}
