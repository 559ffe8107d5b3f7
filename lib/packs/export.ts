// Turning stored templates into a pack file or a CSV sheet (the export side of packs).
//
// Template ids inside the pack: a template that came from the pack being exported keeps its
// upstream id (so agents who have that pack see an update of the same templates, not new ones);
// every other template gets an id made from its title ("Shipping delay" → "shipping-delay",
// "-2" when taken). The result is checked with the same rules as an import, so a file Handlebook
// writes is always one Handlebook reads; templates that break a rule of the pack format (a tag
// with a comma, a language that is not a language tag) are reported by title.

import type { Template } from '../db/types';
import { templatesToCsv } from './csv-templates';
import { idAllocator, slugify } from './ids';
import { PACK_FORMAT, PACK_FORMAT_VERSION, packSchema, SLUG_PATTERN, type PackError, type PackFile } from './format';
import { serializePack } from './pack-file';
import { issuesToErrors } from './pack-messages';

export interface ExportMeta {
  id: string;
  name: string;
  description?: string;
  author?: string;
  /** ISO date and time; the export time by default. */
  updatedAt?: string;
}

export type ExportResult = { ok: true; pack: PackFile; text: string } | { ok: false; errors: PackError[] };

/** Pack template ids for `templates` (see the header), in the same order. */
export function exportIds(templates: readonly Template[], packId: string): string[] {
  const reserved = new Set<string>();
  for (const t of templates) {
    const up = t.source?.packId === packId ? t.source.upstreamId : undefined;
    if (up && SLUG_PATTERN.test(up)) reserved.add(up);
  }
  const used = new Set<string>();
  const allocate = idAllocator(new Set(reserved));
  return templates.map((t) => {
    const up = t.source?.packId === packId ? t.source.upstreamId : undefined;
    if (up && reserved.has(up) && !used.has(up)) {
      used.add(up);
      return up;
    }
    return allocate(slugify(t.title) || 'template');
  });
}

function packInput(templates: readonly Template[], meta: ExportMeta, now: Date): Record<string, unknown> {
  const ids = exportIds(templates, meta.id);
  const input: Record<string, unknown> = {
    format: PACK_FORMAT,
    version: PACK_FORMAT_VERSION,
    id: meta.id,
    name: meta.name,
  };
  if (meta.description?.trim()) input.description = meta.description;
  if (meta.author?.trim()) input.author = meta.author;
  input.updatedAt = meta.updatedAt ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  input.templates = templates.map((t, i) => {
    const row: Record<string, unknown> = { id: ids[i], title: t.title, body: t.body };
    if (t.shortcut) row.shortcut = t.shortcut;
    if (t.folder) row.folder = t.folder;
    if (t.tags.length > 0) row.tags = [...t.tags];
    if (t.lang) row.lang = t.lang;
    return row;
  });
  return input;
}

/** Paths like `templates.3.tags.0` read better as `"Refund" (template 4) tags.0`. */
function nameErrors(errors: PackError[], templates: readonly Template[]): PackError[] {
  return errors.map((e) => {
    const m = /^templates\.(\d+)(?:\.(.*))?$/.exec(e.path);
    const t = m ? templates[Number(m[1])] : undefined;
    if (!m || !t) return e;
    const title = t.title.length > 60 ? `${t.title.slice(0, 60)}…` : t.title;
    return { path: `"${title}"${m[2] ? ` ${m[2]}` : ''}`, message: e.message };
  });
}

/** Builds and checks the pack file for `templates`. */
export function buildExportPack(templates: readonly Template[], meta: ExportMeta, now: Date = new Date()): ExportResult {
  if (templates.length === 0) return { ok: false, errors: [{ path: '', message: 'choose at least one template to export' }] };
  const input = packInput(templates, meta, now);
  const result = packSchema.safeParse(input);
  if (!result.success) return { ok: false, errors: nameErrors(issuesToErrors(result.error.issues, input), templates) };
  return { ok: true, pack: result.data, text: serializePack(result.data) };
}

/** The CSV sheet for `templates` (with Excel's byte-order mark), ids as in the pack export. */
export function buildExportCsv(templates: readonly Template[], packId: string): string {
  const ids = exportIds(templates, packId);
  return templatesToCsv(
    templates.map((t, i) => ({
      id: ids[i]!,
      title: t.title,
      body: t.body,
      ...(t.shortcut ? { shortcut: t.shortcut } : {}),
      ...(t.folder ? { folder: t.folder } : {}),
      tags: t.tags,
      ...(t.lang ? { lang: t.lang } : {}),
    })),
    { bom: true },
  );
}

/** A pack id from a name ("Acme support" → "acme-support"), or "" when nothing usable is left. */
export function packIdFromName(name: string): string {
  return slugify(name, 100);
}
