// One pack import end to end with the product's own code: parsePack (lib/packs/pack-file.ts) and
// importPackIntoDb (lib/packs/import.ts: compare with the library, plan, write templates, the
// Pack row and the upstream snapshot in ONE transaction), as the background does for the
// dashboard. Runs both in Node (fake-indexeddb) and in an extension page (Chromium's
// IndexedDB): the same code, bundled.

import type { HandlebookDatabase } from '../lib/db/database';
import { clearTemplates, writeTemplates } from '../lib/db/template-store';
import { parsePack } from '../lib/packs/pack-file';
import { importPackIntoDb } from '../lib/packs/import';
import { asTemplateRows, generateTemplates, packText } from './templates';

export const PACK_TEMPLATES = 10_000;
/** generateTemplates seed of the pack (bench/page/storage-floors.ts writes the same rows raw). */
export const PACK_SEED = 99;
/** Templates the person already has (not from the pack). */
const LOCAL_TEMPLATES = 500;

export interface PackImportTiming {
  templates: number;
  bytes: number;
  ms: number;
  parseMs: number;
  /** importPackIntoDb: read, plan and write, in its one transaction. */
  writeMs: number;
}

/** Puts the local library in place and returns the pack's text. */
export async function preparePackImport(db: HandlebookDatabase, now: number): Promise<string> {
  await clearTemplates(db);
  await db.packs.clear();
  await writeTemplates(db, { put: asTemplateRows(generateTemplates(LOCAL_TEMPLATES, 3), now).map((t) => ({ ...t, id: `local-${t.id}` })), delete: [] });
  return packText(generateTemplates(PACK_TEMPLATES, PACK_SEED));
}

export async function importPack(db: HandlebookDatabase, text: string, now: number): Promise<PackImportTiming> {
  const t0 = performance.now();
  const parsed = parsePack(text);
  if (!parsed.ok) throw new Error(`bench pack does not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const t1 = performance.now();
  const outcome = await importPackIntoDb(db, parsed.pack, { now, newId: () => crypto.randomUUID() });
  if (outcome.written !== PACK_TEMPLATES) throw new Error(`expected ${PACK_TEMPLATES} templates written, got ${outcome.written}`);
  const t3 = performance.now();
  return { templates: parsed.pack.templates.length, bytes: text.length, ms: t3 - t0, parseMs: t1 - t0, writeMs: t3 - t1 };
}
