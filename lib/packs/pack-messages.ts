// Messages a person reads about a pack (or a backup) file: plain words, no zod jargon, in the
// order the problems appear in the file. The format's schemas (format.ts) word their own checks
// with these helpers; `issuesToErrors` turns what zod reports into `{ path, message }`.

import type { z } from 'zod';
import { isPlainObject, ownValue, type PackError } from './json-text';

// The fields a pack and a template may have, as messages list them (format.ts's schemas decide).
const PACK_KEYS = ['format', 'version', 'id', 'name', 'description', 'author', 'updatedAt', 'templates'] as const;
const TEMPLATE_KEYS = ['id', 'title', 'body', 'shortcut', 'folder', 'tags', 'lang'] as const;

/** Field names people reach for by habit, mapped to the one the format uses. */
const LIKELY_MEANT: Record<string, string> = {
  text: 'body',
  content: 'body',
  message: 'body',
  reply: 'body',
  keyword: 'shortcut',
  trigger: 'shortcut',
  category: 'folder',
  group: 'folder',
  language: 'lang',
  locale: 'lang',
  tag: 'tags',
  label: 'tags',
  labels: 'tags',
  items: 'templates',
  macros: 'templates',
  replies: 'templates',
};

/** What a value is, in words, for "must be text (it is a number)". Never walks into the value. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      return 'an object';
    case 'undefined':
      return 'missing';
    default:
      return typeof v;
  }
}

/** Short, safe rendering of a value inside a message. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return describeValue(v);
}

export function typeError(field: string, expected: string) {
  return (iss: { input?: unknown }): string =>
    iss.input === undefined ? `${field} is required` : `${field} must be ${expected} (it is ${describeValue(iss.input)})`;
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function unknownFieldsMessage(keys: readonly string[], where: 'pack' | 'template'): string {
  if (keys.length === 1 && keys[0] !== undefined) return unknownFieldMessage(keys[0], where);
  return `unknown fields ${keys.map((k) => JSON.stringify(k)).join(', ')}`;
}

function unknownFieldMessage(key: string, where: 'pack' | 'template'): string {
  const known: readonly string[] = where === 'pack' ? PACK_KEYS : TEMPLATE_KEYS;
  const lower = key.toLowerCase();
  const sameButCase = known.find((k) => k.toLowerCase() === lower);
  const meant = sameButCase ?? (Object.prototype.hasOwnProperty.call(LIKELY_MEANT, lower) ? LIKELY_MEANT[lower] : undefined);
  const hint = meant && known.includes(meant) ? ` (did you mean "${meant}"?)` : '';
  const list = `${known.slice(0, -1).join(', ')} and ${known[known.length - 1] ?? ''}`;
  return `unknown field ${JSON.stringify(key)}${hint}; a ${where} can only have ${list}`;
}

type IssuePath = readonly PropertyKey[];

/**
 * Turns zod issues into `{ path, message }` in document order. An "unknown fields" issue is
 * split into one error per field, pointing at the field itself. `raw` is the parsed JSON the
 * issues refer to; it is only read along each issue's path (never walked recursively).
 */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], raw: unknown): PackError[] {
  const entries: { path: IssuePath; message: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length === 0 ? 'pack' : 'template';
      for (const key of issue.keys) entries.push({ path: [...issue.path, key], message: unknownFieldMessage(key, where) });
    } else {
      entries.push({ path: issue.path, message: issue.message });
    }
  }
  const keyIndexCache = new Map<object, Map<string, number>>();
  const withOrder = entries.map((e, seq) => ({ ...e, seq, order: documentOrder(raw, e.path, keyIndexCache) }));
  withOrder.sort((a, b) => compareOrder(a.order, b.order) || a.seq - b.seq);
  const seen = new Set<string>();
  const out: PackError[] = [];
  for (const e of withOrder) {
    const path = e.path.map((p) => String(p)).join('.');
    const dedupe = `${path}\u0000${e.message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({ path, message: e.message });
  }
  return out;
}

/**
 * Where a path sits in the file: array indexes as they are, object keys by their position in
 * the object (JSON.parse keeps the file's key order). A missing field sorts after the fields its
 * object has, so "body is required" comes after problems in that template's other fields.
 */
function documentOrder(raw: unknown, path: IssuePath, cache: Map<object, Map<string, number>>): number[] {
  const order: number[] = [];
  let cur: unknown = raw;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') {
      order.push(seg);
      cur = cur[seg];
    } else if (isPlainObject(cur)) {
      let index = cache.get(cur);
      if (!index) {
        index = new Map(Object.keys(cur).map((k, i) => [k, i]));
        cache.set(cur, index);
      }
      const pos = index.get(String(seg));
      order.push(pos ?? index.size);
      cur = pos === undefined ? undefined : ownValue(cur, String(seg));
    } else {
      order.push(0);
      cur = undefined;
    }
  }
  return order;
}

function compareOrder(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
