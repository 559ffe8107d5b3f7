import * as Y from 'yjs';
import type { TemplateEdit } from '../db/team-outbox';
import type { Template } from '../db/types';

/**
 * The team's canned replies as one Yjs document (`<teamId>/replies`): a Y.Map `templates`, id ->
 * a Y.Map of the reply's fields. Each field is last writer wins, so one member editing a reply's
 * body while another's sent reply bumps its usage count keeps both. A reply edited by one member
 * while another deleted it is kept (the edit recreates it): nothing written is lost.
 */
export const TEMPLATES_MAP = 'templates';

const FIELDS = ['title', 'body', 'shortcut', 'folder', 'tags', 'lang', 'usageCount', 'lastUsedAt', 'createdAt', 'updatedAt', 'source'] as const satisfies readonly (keyof Template)[];

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Applies one write the person made to the team's replies. */
export function applyTemplateEdit(doc: Y.Doc, edit: TemplateEdit): void {
  const templates = doc.getMap<Y.Map<unknown>>(TEMPLATES_MAP);
  const { before, after } = edit;
  if (!after) {
    templates.delete(edit.id);
    return;
  }
  let stored = templates.get(edit.id);
  const fresh = !stored;
  if (!stored) {
    stored = new Y.Map<unknown>();
    templates.set(edit.id, stored);
  }
  for (const field of FIELDS) {
    const value = after[field];
    if (!fresh && before && same(before[field], value)) continue;
    if (value === undefined) stored.delete(field);
    else if (!same(stored.get(field), value)) stored.set(field, value);
  }
}

/** The team's replies, as the local store keeps them. */
export function readTemplates(doc: Y.Doc): Template[] {
  return [...doc.getMap<Y.Map<unknown>>(TEMPLATES_MAP).entries()].map(([id, fields]) => {
    const t = Object.fromEntries(FIELDS.filter((f) => fields.has(f)).map((f) => [f, fields.get(f)])) as Partial<Template>;
    return {
      id,
      title: t.title ?? '',
      body: t.body ?? '',
      ...(t.shortcut !== undefined ? { shortcut: t.shortcut } : {}),
      ...(t.folder !== undefined ? { folder: t.folder } : {}),
      tags: t.tags ?? [],
      ...(t.lang !== undefined ? { lang: t.lang } : {}),
      usageCount: t.usageCount ?? 0,
      ...(t.lastUsedAt !== undefined ? { lastUsedAt: t.lastUsedAt } : {}),
      createdAt: t.createdAt ?? 0,
      updatedAt: t.updatedAt ?? 0,
      ...(t.source !== undefined ? { source: t.source } : {}),
    };
  });
}
