import type { HandlebookDatabase } from './database';
import { MissingRecordError } from './customers';
import { newId } from './ids';
import { getTemplate, getTemplates, readAllTemplates, templateWriteTables, writeTemplates } from './template-store';
import type { Template } from './types';

/** The person's fields of a template, as the editor sends them. */
export interface TemplateDraft {
  id?: string;
  title: string;
  body: string;
  shortcut?: string;
  folder?: string;
  tags: string[];
  lang?: string;
}

export async function listTemplates(db: HandlebookDatabase): Promise<Template[]> {
  return readAllTemplates(db);
}

function contentOf(draft: TemplateDraft) {
  return {
    title: draft.title.trim(),
    body: draft.body,
    ...(draft.shortcut?.trim() ? { shortcut: draft.shortcut.trim() } : {}),
    ...(draft.folder?.trim() ? { folder: draft.folder.trim() } : {}),
    tags: [...new Set(draft.tags.map((t) => t.trim()).filter(Boolean))],
    ...(draft.lang?.trim() ? { lang: draft.lang.trim() } : {}),
  };
}

/**
 * Creates or updates a template. Editing one that came from a pack marks it as a local edit,
 * so pack updates keep the person's text (and flag when upstream changed).
 */
export async function saveTemplate(db: HandlebookDatabase, draft: TemplateDraft, now: number): Promise<Template> {
  return db.transaction('rw', templateWriteTables(db), async () => {
    const existing = draft.id ? await getTemplate(db, draft.id) : undefined;
    if (draft.id && !existing) throw new MissingRecordError('This template');
    const template: Template = existing
      ? {
          id: existing.id,
          usageCount: existing.usageCount,
          ...(existing.lastUsedAt !== undefined ? { lastUsedAt: existing.lastUsedAt } : {}),
          createdAt: existing.createdAt,
          updatedAt: now,
          ...contentOf(draft),
          ...(existing.source ? { source: { ...existing.source, edited: true } } : {}),
        }
      : { id: newId(), usageCount: 0, createdAt: now, updatedAt: now, ...contentOf(draft) };
    await writeTemplates(db, { put: [template], delete: [] });
    return template;
  });
}

export async function duplicateTemplate(db: HandlebookDatabase, id: string, now: number): Promise<Template> {
  return db.transaction('rw', templateWriteTables(db), async () => {
    const original = await getTemplate(db, id);
    if (!original) throw new MissingRecordError('This template');
    const { source: _pack, shortcut: _unique, lastUsedAt: _used, ...rest } = original;
    const copy: Template = { ...rest, id: newId(), title: `${original.title} (copy)`, usageCount: 0, createdAt: now, updatedAt: now };
    await writeTemplates(db, { put: [copy], delete: [] });
    return copy;
  });
}

export async function deleteTemplates(db: HandlebookDatabase, ids: string[]): Promise<Template[]> {
  return db.transaction('rw', templateWriteTables(db), async () => {
    const removed = (await getTemplates(db, ids)).filter((t): t is Template => t !== undefined);
    await writeTemplates(db, { put: [], delete: ids });
    return removed;
  });
}
