// The template editor's form: its fields as typed, and what is wrong with them (each field's
// limit, placeholder mistakes in the body with their line), checked on every keystroke.

import { TEMPLATE_LIMITS } from '@/lib/messages/entities';
import type { Template } from '@/lib/db/types';
import { parseTemplate } from '@/lib/text/templates';

export interface Form {
  title: string;
  body: string;
  shortcut: string;
  folder: string;
  tags: string;
  lang: string;
}

export const EMPTY_FORM: Form = { title: '', body: '', shortcut: '', folder: '', tags: '', lang: '' };

export function formOf(t: Template): Form {
  return { title: t.title, body: t.body, shortcut: t.shortcut ?? '', folder: t.folder ?? '', tags: t.tags.join(', '), lang: t.lang ?? '' };
}

function chars(s: string): number {
  return Array.from(s).length;
}

export function tagsOf(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((t) => t.trim()).filter(Boolean))];
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export interface FormCheck {
  fields: Partial<Record<keyof Form, string>>;
  bodyErrors: { message: string; line: number }[];
  ok: boolean;
}

export function checkForm(form: Form): FormCheck {
  const fields: FormCheck['fields'] = {};
  if (form.title.trim() === '') fields.title = 'A title is required.';
  else if (chars(form.title.trim()) > TEMPLATE_LIMITS.title) fields.title = `At most ${TEMPLATE_LIMITS.title} characters.`;
  if (form.body.trim() === '') fields.body = 'The reply text is required.';
  else if (form.body.length > TEMPLATE_LIMITS.body) fields.body = `At most ${TEMPLATE_LIMITS.body.toLocaleString()} characters.`;
  const shortcut = form.shortcut.trim().replace(/^;/, '');
  if (/[\s;]/.test(shortcut)) fields.shortcut = 'No spaces or ";" in a shortcut.';
  else if (shortcut.length > TEMPLATE_LIMITS.shortcut) fields.shortcut = `At most ${TEMPLATE_LIMITS.shortcut} characters.`;
  if (form.folder.trim().length > TEMPLATE_LIMITS.folder) fields.folder = `At most ${TEMPLATE_LIMITS.folder} characters.`;
  const tags = tagsOf(form.tags);
  if (tags.length > TEMPLATE_LIMITS.tags) fields.tags = `At most ${TEMPLATE_LIMITS.tags} tags.`;
  else if (tags.some((t) => t.length > TEMPLATE_LIMITS.tag)) fields.tags = `Each tag at most ${TEMPLATE_LIMITS.tag} characters.`;
  if (form.lang.trim().length > TEMPLATE_LIMITS.lang) fields.lang = `At most ${TEMPLATE_LIMITS.lang} characters.`;
  const bodyErrors = parseTemplate(form.body).errors.map((e) => ({ message: e.message, line: lineOf(form.body, e.start) }));
  return { fields, bodyErrors, ok: Object.keys(fields).length === 0 && bodyErrors.length === 0 };
}
