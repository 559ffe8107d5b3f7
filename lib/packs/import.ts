import { RequestRejectedError } from '../messages/errors';
// Importing templates into the library: recognising what a file is (a Handlebook pack, a Zendesk
// macros export or a CSV sheet), turning it into a pack, and writing a plan into the database in
// ONE transaction (templates and the Pack row together), so an import lands completely or not
// at all.
//
// The page parses and plans too (to show the preview), but the background parses the text again
// and plans against the templates as they are at the moment of writing: the page is trusted to
// choose, never to supply rows.
//
// CSV files become a pack of their own. Its id comes from the file name ("Acme replies.csv" →
// `csv-acme-replies`, name "Acme replies"), so importing the same sheet again updates the same
// templates with the usual rules (local edits kept, rows removed from the sheet removed unless
// edited). Pasted CSV without a file name is the pack `csv-pasted` ("Pasted CSV").

import type { HandlebookDatabase } from '../db/database';
import { getTemplate, readPackTemplates, templateWriteTables, writeTemplates } from '../db/template-store';
import type { Pack, Template, TemplateSource } from '../db/types';
import { parseTemplate } from '../text/templates';
import { parseTemplatesCsv } from './csv-templates';
import { slugify } from './ids';
import { hashTemplateContent } from './content-hash';
import { PACK_FORMAT, PACK_LIMITS, packSchema, type PackError, type PackFile, type PackTemplate } from './format';
import { parsePack } from './pack-file';
import { issuesToErrors } from './pack-messages';
import { parseJsonText } from './json-text';
import { applyImportPlan, planPackImport, planUnsubscribe, type ConflictResolution, type ImportPlan } from './merge';
import { parseZendeskMacros, ZENDESK_MAX_FILE_BYTES, type ZendeskSkipped } from './zendesk';

export type ImportKind = 'pack' | 'zendesk' | 'csv';

/** Longest text the import message accepts (a Zendesk export may be 20 MB). */
export const IMPORT_MAX_CHARS = ZENDESK_MAX_FILE_BYTES;

export const CSV_PACK_PREFIX = 'csv-';
export const PASTED_CSV_PACK = { id: 'csv-pasted', name: 'Pasted CSV' } as const;

/** Key of the SettingRow that keeps the pack versions a person chose not to take (see below). */
export const UPSTREAM_SNAPSHOT_PREFIX = 'pack-upstream:';

export type ParsedImport =
  | { ok: true; kind: ImportKind; pack: PackFile; skipped: ZendeskSkipped[] }
  | { ok: false; kind: ImportKind; errors: PackError[] };

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function extensionOf(fileName: string | undefined): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '');
  return m?.[1]?.toLowerCase() ?? '';
}

function own(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/**
 * What a file is. The file name decides for `.csv`; otherwise the content: text that starts with
 * `{` or `[` is JSON (a list, or an object with `macros` / `macro`, is a Zendesk export; any other
 * JSON is read as a pack so its errors are reported as pack errors), everything else is CSV.
 */
export function detectImportKind(text: string, fileName?: string): ImportKind {
  const ext = extensionOf(fileName);
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  const start = stripBom(text).trimStart()[0];
  if (start !== '{' && start !== '[') return ext === 'json' ? 'pack' : 'csv';
  if (start === '[') return 'zendesk';
  const json = parseJsonText(text);
  if (!json.ok) return 'pack';
  const value = json.value;
  if (own(value, 'format') === PACK_FORMAT) return 'pack';
  if (Array.isArray(own(value, 'macros')) || (typeof own(value, 'macro') === 'object' && own(value, 'macro') !== null)) return 'zendesk';
  return 'pack';
}

/** The pack a CSV file becomes: id and name from the file name (see the header). */
export function csvPackIdentity(fileName?: string): { id: string; name: string } {
  const base = (fileName ?? '').replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]+$/, '').trim();
  const slug = slugify(base, PACK_LIMITS.maxIdLength - CSV_PACK_PREFIX.length);
  if (base === '' || slug === '') return { ...PASTED_CSV_PACK };
  const name = Array.from(base).slice(0, PACK_LIMITS.maxNameLength).join('');
  return { id: `${CSV_PACK_PREFIX}${slug}`, name };
}

/**
 * Reads an import. Never throws. `kind` forces the reading (the background uses the kind the
 * page showed); without it the kind is detected.
 */
export function parseImport(text: string, options: { fileName?: string; kind?: ImportKind } = {}): ParsedImport {
  const kind = options.kind ?? detectImportKind(text, options.fileName);
  try {
    if (kind === 'pack') {
      const result = parsePack(text);
      return result.ok ? { ok: true, kind, pack: result.pack, skipped: [] } : { ok: false, kind, errors: result.errors };
    }
    if (kind === 'zendesk') {
      const result = parseZendeskMacros(text);
      return result.ok ? { ok: true, kind, pack: result.pack, skipped: result.skipped } : { ok: false, kind, errors: result.errors };
    }
    const result = parseTemplatesCsv(text);
    if (!result.ok) return { ok: false, kind, errors: result.errors };
    const identity = csvPackIdentity(options.fileName);
    const pack = packSchema.safeParse({ format: PACK_FORMAT, version: 1, id: identity.id, name: identity.name, templates: result.templates });
    if (!pack.success) return { ok: false, kind, errors: issuesToErrors(pack.error.issues, undefined) };
    return { ok: true, kind, pack: pack.data, skipped: [] };
  } catch (err) {
    return { ok: false, kind, errors: [{ path: '', message: `could not read this file: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}

// ---------------------------------------------------------------------------------------------
// Template bodies

/** Problems in a template body that the composer would refuse to send (unknown variables, `{{` never closed). */
export function templateBodyProblems(body: string): string[] {
  return parseTemplate(body).errors.map((e) => e.message);
}

/** Thrown when a template draft cannot be saved; the message says why, in words. */
export class TemplateValidationError extends RequestRejectedError {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateValidationError';
  }
}

/** Refuses a body with template errors; the background calls this before `templates.save`. */
export function assertValidTemplateBody(body: string): void {
  const problems = templateBodyProblems(body);
  if (problems.length > 0) {
    throw new TemplateValidationError(`This reply has ${problems.length === 1 ? 'a problem' : 'problems'}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing an import

export interface ImportWriteOptions {
  now: number;
  newId: () => string;
  resolutions?: Readonly<Record<string, ConflictResolution>>;
  /** Subscription bookkeeping to store on the Pack row (subscribe / refresh). */
  subscription?: { url: string; etag?: string; checkedAt: number };
}

export interface ImportOutcome {
  packId: string;
  counts: ImportPlan['counts'];
  /** Rows written (new, updated, detached). */
  written: number;
  deleted: number;
  /** Templates of the pack whose local edit was kept over a newer pack version. */
  flagged: number;
  pack: Pack;
}

/** The Pack row for `pack`, keeping subscription fields of an existing row. Built fresh. */
function packRow(pack: PackFile, existing: Pack | undefined, options: ImportWriteOptions): Pack {
  const row: Pack = { id: pack.id, name: pack.name, templateCount: pack.templates.length, importedAt: options.now };
  if (pack.description !== undefined) row.description = pack.description;
  if (pack.author !== undefined) row.author = pack.author;
  if (pack.updatedAt !== undefined) row.updatedAt = pack.updatedAt;
  const sub = options.subscription;
  if (sub) {
    row.subscriptionUrl = sub.url;
    if (sub.etag !== undefined) row.etag = sub.etag;
    row.lastCheckedAt = sub.checkedAt;
    row.lastSuccessAt = sub.checkedAt;
  } else if (existing?.subscriptionUrl !== undefined) {
    // A file import of a subscribed pack updates its templates; the subscription stays.
    row.subscriptionUrl = existing.subscriptionUrl;
    if (existing.etag !== undefined) row.etag = existing.etag;
    if (existing.lastCheckedAt !== undefined) row.lastCheckedAt = existing.lastCheckedAt;
    if (existing.lastSuccessAt !== undefined) row.lastSuccessAt = existing.lastSuccessAt;
    if (existing.lastError !== undefined) row.lastError = existing.lastError;
  }
  return row;
}

/**
 * Plans `pack` against the templates as they are now and writes the result, the Pack row and
 * the upstream snapshot in one transaction. Anything that throws inside (a failed write, a
 * quota error) rolls everything back.
 */
export async function importPackIntoDb(db: HandlebookDatabase, pack: PackFile, options: ImportWriteOptions): Promise<ImportOutcome> {
  return db.transaction('rw', [...templateWriteTables(db), db.packs, db.settings], async () => {
    const local = await readPackTemplates(db, pack.id);
    const existing = await db.packs.get(pack.id);
    const row = packRow(pack, existing, options);
    const plan = planPackImport(pack, local);
    const writes = applyImportPlan(plan, options.resolutions ?? {}, options.now, options.newId);
    await writeTemplates(db, writes);
    await db.packs.put(row);
    const flagged = await saveUpstreamSnapshot(db, pack, local, writes);
    return { packId: pack.id, counts: plan.counts, written: writes.put.length, deleted: writes.delete.length, flagged, pack: row };
  });
}

/**
 * "Keep mine" leaves the person's text and flags the template `upstreamChanged`; to offer
 * "take theirs" later, the pack's version of every flagged template is kept in the settings
 * table (`pack-upstream:<pack id>`). Only flagged templates are kept, so this stays small.
 * Must run inside the import's transaction. Returns how many templates are flagged.
 */
async function saveUpstreamSnapshot(
  db: HandlebookDatabase,
  pack: PackFile,
  before: readonly Template[],
  writes: { put: Template[]; delete: string[] },
): Promise<number> {
  const after = new Map<string, Template>(before.map((t) => [t.id, t]));
  for (const id of writes.delete) after.delete(id);
  for (const t of writes.put) after.set(t.id, t);
  const upstreamById = new Map<string, PackTemplate>(pack.templates.map((t) => [t.id, t]));
  const keep: PackTemplate[] = [];
  for (const t of after.values()) {
    const s = t.source;
    if (s?.packId !== pack.id || s.upstreamChanged !== true) continue;
    const upstream = upstreamById.get(s.upstreamId);
    if (upstream && hashTemplateContent(upstream) === s.upstreamHash) keep.push(copyPackTemplate(upstream));
  }
  const key = `${UPSTREAM_SNAPSHOT_PREFIX}${pack.id}`;
  if (keep.length > 0) await db.settings.put({ key, value: keep });
  else await db.settings.delete(key);
  return keep.length;
}

function copyPackTemplate(t: PackTemplate): PackTemplate {
  const out: PackTemplate = { id: t.id, title: t.title, body: t.body };
  if (t.shortcut !== undefined) out.shortcut = t.shortcut;
  if (t.folder !== undefined) out.folder = t.folder;
  if (t.tags !== undefined) out.tags = [...t.tags];
  if (t.lang !== undefined) out.lang = t.lang;
  return out;
}

/** The stored pack versions of flagged templates (see saveUpstreamSnapshot). */
export async function readUpstreamSnapshot(db: HandlebookDatabase, packId: string): Promise<PackTemplate[]> {
  const row = await db.settings.get(`${UPSTREAM_SNAPSHOT_PREFIX}${packId}`);
  return Array.isArray(row?.value) ? (row.value as PackTemplate[]) : [];
}

export type UpstreamChoice = 'take-theirs' | 'keep-mine';

/**
 * Settles a template flagged "the pack has a newer version": `take-theirs` replaces the text
 * with the pack's version (and it is no longer an edit); `keep-mine` only clears the flag.
 */
export async function resolveUpstreamChange(db: HandlebookDatabase, id: string, choice: UpstreamChoice, now: number): Promise<Template> {
  return db.transaction('rw', [...templateWriteTables(db), db.settings], async () => {
    const t = await getTemplate(db, id);
    if (!t) throw new UpstreamResolveError('This template no longer exists.');
    const s = t.source;
    if (!s || s.upstreamChanged !== true) throw new UpstreamResolveError('This template has no newer pack version to resolve.');
    const snapshot = await readUpstreamSnapshot(db, s.packId);
    const rest = snapshot.filter((u) => u.id !== s.upstreamId);
    let next: Template;
    if (choice === 'keep-mine') {
      const source: TemplateSource = { packId: s.packId, upstreamId: s.upstreamId, upstreamHash: s.upstreamHash, edited: true };
      next = { ...t, tags: [...t.tags], source };
    } else {
      const upstream = snapshot.find((u) => u.id === s.upstreamId && hashTemplateContent(u) === s.upstreamHash);
      if (!upstream) {
        throw new UpstreamResolveError("The pack's version of this reply is not stored any more. Import the pack again (or update the subscription) to get it.");
      }
      next = {
        id: t.id,
        title: upstream.title,
        body: upstream.body,
        tags: upstream.tags ? [...upstream.tags] : [],
        usageCount: t.usageCount,
        createdAt: t.createdAt,
        updatedAt: now,
        source: { packId: s.packId, upstreamId: s.upstreamId, upstreamHash: s.upstreamHash, edited: false },
      };
      if (upstream.shortcut !== undefined) next.shortcut = upstream.shortcut;
      if (upstream.folder !== undefined) next.folder = upstream.folder;
      if (upstream.lang !== undefined) next.lang = upstream.lang;
      if (t.lastUsedAt !== undefined) next.lastUsedAt = t.lastUsedAt;
    }
    await writeTemplates(db, { put: [next], delete: [] });
    const key = `${UPSTREAM_SNAPSHOT_PREFIX}${s.packId}`;
    if (rest.length > 0) await db.settings.put({ key, value: rest });
    else await db.settings.delete(key);
    return next;
  });
}

export class UpstreamResolveError extends RequestRejectedError {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamResolveError';
  }
}

export interface RemovePackOutcome {
  deleted: number;
  detached: number;
  /** The removed row (undefined if there was none). */
  pack?: Pack;
}

/**
 * Removes a pack (and so its subscription): its unedited templates go, edited ones stay as
 * ordinary templates. One transaction.
 */
export async function removePackFromDb(db: HandlebookDatabase, packId: string): Promise<RemovePackOutcome> {
  return db.transaction('rw', [...templateWriteTables(db), db.packs, db.settings], async () => {
    const local = await readPackTemplates(db, packId);
    const plan = planUnsubscribe(packId, local);
    const pack = await db.packs.get(packId);
    await writeTemplates(db, { put: plan.detach, delete: plan.delete });
    await db.packs.delete(packId);
    await db.settings.delete(`${UPSTREAM_SNAPSHOT_PREFIX}${packId}`);
    return { deleted: plan.delete.length, detached: plan.detach.length, ...(pack ? { pack } : {}) };
  });
}
