// The backup file, version 1: everything Handlebook keeps, in one JSON file.
//
//   { "format": "handlebook-backup", "version": 1, "exportedAt": "2025-...Z",
//     "counts": { "customers": n, "interactions": n, "templates": n, "packs": n },
//     "customers": [...], "interactions": [...], "templates": [...], "packs": [...],
//     "settings": { ...the storage.sync settings... } }
//
// A backup may come from anywhere (a colleague, an old laptop, a tampered file), so it is read
// like a pack: `parseBackup` never throws, reports every problem with its place in the file
// (`customers.12.handle`), and builds every row fresh through zod strict objects, so neither an
// unknown field nor a `__proto__` key reaches the database. Records are checked with the same
// shapes the database stores (compile-time checked below), plus what the database needs to
// accept them in one transaction: unique keys, ids and dedupe keys.
//
// The writer (export.ts) writes exactly these fields in a fixed order, one record per line, so
// a backup written by this version restores to exactly the same data.

import { z } from 'zod';
import { RECENT_KEPT } from '../db/summaries';
import type { Customer, Interaction, Pack, Template } from '../db/types';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../settings/schema';
import { describeValue, issuesToErrors } from '../packs/pack-messages';
import { parseJsonText, safeErrorMessage, type PackError } from '../packs/json-text';

export const BACKUP_FORMAT = 'handlebook-backup';
export const BACKUP_VERSION = 1;
/** Errors listed at most; a broken file with a million bad rows would otherwise flood the page. */
export const MAX_REPORTED_ERRORS = 200;
/** Files bigger than this are refused before reading (JavaScript strings stop near 512 MB). */
export const MAX_BACKUP_CHARS = 500 * 1024 * 1024;

export const BACKUP_TABLES = ['customers', 'interactions', 'templates', 'packs'] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];

export type BackupError = PackError;

const CUSTOMER_KEY = /^(id:[0-9]{1,20}|h:[a-z0-9_]{1,20})$/;

const text = z.string();
const time = z.number();
const count = z.number().int().nonnegative();

/**
 * A string-to-string record built with defineProperty, so a custom field literally named
 * "__proto__" survives the round trip as data instead of being dropped or becoming a prototype.
 */
const stringRecord = z.unknown().transform((value, ctx) => {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.issues.push({ code: 'custom', message: `must be an object of text values (it is ${describeValue(value)})`, input: value });
    return z.NEVER;
  }
  let bad = false;
  for (const key of Object.keys(value)) {
    const v: unknown = (value as Record<string, unknown>)[key];
    if (typeof v !== 'string') {
      ctx.issues.push({ code: 'custom', message: `must be text (it is ${describeValue(v)})`, path: [key], input: v });
      bad = true;
      continue;
    }
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return bad ? z.NEVER : out;
});

const noteSchema = z.strictObject({ id: text, text, createdAt: time, updatedAt: time, author: text.optional() });
const assigneeSchema = z.strictObject({ member: text, name: text });

export const customerRowSchema = z.strictObject({
  key: z.string().regex(CUSTOMER_KEY, 'must look like "id:12345" or "h:handle"'),
  userId: z.string().regex(/^[0-9]{1,20}$/, 'must be a numeric X user id').optional(),
  handle: text,
  handleLower: text,
  handleHistory: z.array(z.strictObject({ handle: text, changedAt: time })),
  displayName: text,
  tags: z.array(text),
  status: z.enum(['none', 'open', 'waiting_us', 'waiting_them', 'resolved']),
  notes: z.array(noteSchema),
  fields: stringRecord,
  followers: z.number().optional(),
  firstSeen: time,
  lastContact: time,
  interactionCount: count,
  recentAt: z.array(time).max(RECENT_KEPT).optional(),
  waitingSince: time.optional(),
  assignee: assigneeSchema.optional(),
  assignments: z.array(z.strictObject({ id: text, to: assigneeSchema.nullable(), by: text.optional(), at: time })).optional(),
  createdAt: time,
  updatedAt: time,
});

export const interactionRowSchema = z.strictObject({
  id: z.string().min(1),
  customerKey: z.string().regex(CUSTOMER_KEY, 'must look like "id:12345" or "h:handle"'),
  direction: z.enum(['in', 'out']),
  tweetId: text.optional(),
  inReplyToId: text.optional(),
  excerpt: text,
  text,
  at: time,
  templateId: text.optional(),
  dedupeKey: z.string().min(1),
  responseMs: z.number().optional(),
  author: text.optional(),
  handled: z.boolean().optional(),
});

const templateSourceSchema = z.strictObject({
  packId: text,
  upstreamId: text,
  upstreamHash: text,
  edited: z.boolean(),
  upstreamChanged: z.boolean().optional(),
});

export const templateRowSchema = z.strictObject({
  id: z.string().min(1),
  title: text,
  body: text,
  shortcut: text.optional(),
  folder: text.optional(),
  tags: z.array(text),
  lang: text.optional(),
  usageCount: count,
  lastUsedAt: time.optional(),
  createdAt: time,
  updatedAt: time,
  source: templateSourceSchema.optional(),
});

export const packRowSchema = z.strictObject({
  id: z.string().min(1),
  name: text,
  description: text.optional(),
  author: text.optional(),
  updatedAt: text.optional(),
  subscriptionUrl: z
    .string()
    .refine((u) => u.startsWith('https://'), 'must be an https:// address')
    .optional(),
  etag: text.optional(),
  lastCheckedAt: time.optional(),
  lastSuccessAt: time.optional(),
  lastError: text.optional(),
  templateCount: count,
  importedAt: time,
});

export const ROW_SCHEMAS = {
  customers: customerRowSchema,
  interactions: interactionRowSchema,
  templates: templateRowSchema,
  packs: packRowSchema,
} as const;

export const countsSchema = z.strictObject({ customers: count, interactions: count, templates: count, packs: count });
export type BackupCounts = z.infer<typeof countsSchema>;

export interface BackupData {
  exportedAt: string;
  counts: BackupCounts;
  customers: Customer[];
  interactions: Interaction[];
  templates: Template[];
  packs: Pack[];
  settings: Settings;
}

/**
 * Settings as a backup holds them. Settings added after the format was fixed are optional
 * (a backup made before them still restores) and take their default when absent.
 */
const LATER_SETTINGS = ['claimOnReply', 'brandHandles', 'watchTerms', 'savedSearches', 'triageRules', 'slaTargets', 'slaNotify'] as const;
type LaterSetting = (typeof LATER_SETTINGS)[number];
const laterShape = Object.fromEntries(LATER_SETTINGS.map((key) => [key, z.optional(settingsSchema.shape[key])])) as {
  [K in LaterSetting]: z.ZodOptional<(typeof settingsSchema.shape)[K]>;
};
const backupSettingsSchema = z.object({ ...settingsSchema.shape, ...laterShape }).transform((s): Settings => {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...s };
  for (const key of LATER_SETTINGS) if (s[key] === undefined) out[key] = DEFAULT_SETTINGS[key];
  return out as Settings;
});

const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  counts: countsSchema,
  customers: z.array(customerRowSchema),
  interactions: z.array(interactionRowSchema),
  templates: z.array(templateRowSchema),
  packs: z.array(packRowSchema),
  settings: backupSettingsSchema,
});

// Compile-time proof that the rows a backup yields are exactly what the database stores: a field
// added to a stored type without being added here (or the other way round) fails type checking.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const customerSame: Same<z.output<typeof customerRowSchema>, Customer> = true;
const interactionSame: Same<z.output<typeof interactionRowSchema>, Interaction> = true;
const templateSame: Same<z.output<typeof templateRowSchema>, Template> = true;
const packSame: Same<z.output<typeof packRowSchema>, Pack> = true;
void customerSame;
void interactionSame;
void templateSame;
void packSame;

export type ParseBackupResult = { ok: true; backup: BackupData } | { ok: false; errors: BackupError[] };

function own(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

function fail(path: string, message: string): ParseBackupResult {
  return { ok: false, errors: [{ path, message }] };
}

const NOT_A_BACKUP = `this is not a Handlebook backup (format must be "${BACKUP_FORMAT}")`;

/**
 * Reads a backup file. Never throws, whatever the input: returns the validated backup built from
 * fresh objects, or the problems found (first in file order, at most MAX_REPORTED_ERRORS plus a
 * line saying how many more there are).
 */
export function parseBackup(text: string): ParseBackupResult {
  try {
    return parseBackupText(text);
  } catch (err) {
    return fail('', `could not read this backup: ${safeErrorMessage(err)}`);
  }
}

function parseBackupText(text: string): ParseBackupResult {
  if (typeof text !== 'string') return fail('', 'expected the text of a backup file');
  if (text.length > MAX_BACKUP_CHARS) return fail('', 'this file is too big to be read as a backup');
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, errors: [json.error] };
  return parseBackupValue(json.value);
}

/** Validates an already parsed JSON value (the same rules as parseBackup). Never throws. */
export function parseBackupValue(raw: unknown): ParseBackupResult {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return fail('', `this is not a Handlebook backup (the file must contain one object { ... }; it contains ${describeValue(raw)})`);
    }
    const format = own(raw, 'format');
    if (format !== BACKUP_FORMAT) {
      if (format === 'handlebook-pack') return fail('format', `${NOT_A_BACKUP}; this is a template pack: import it under Team packs instead`);
      return fail('format', NOT_A_BACKUP);
    }
    const version = own(raw, 'version');
    if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_VERSION) {
      return fail('version', `this backup was made by a newer Handlebook (format version ${version}); update Handlebook to restore it`);
    }
    const result = backupSchema.safeParse(raw);
    if (!result.success) return { ok: false, errors: toErrors(result.error.issues, raw) };
    const data = result.data;
    const backup: BackupData = {
      exportedAt: data.exportedAt,
      counts: data.counts,
      customers: data.customers,
      interactions: data.interactions,
      templates: data.templates,
      packs: data.packs,
      settings: data.settings,
    };
    const errors = checkConsistency(backup);
    return errors.length > 0 ? { ok: false, errors: capErrors(errors) } : { ok: true, backup };
  } catch (err) {
    return fail('', `could not read this backup: ${safeErrorMessage(err)}`);
  }
}

/**
 * What the database needs besides valid rows: `counts` agreeing with the lists (a truncated file
 * is caught here), and no two rows with the same key, id or dedupe key (the write would fail).
 */
export function checkConsistency(backup: Pick<BackupData, BackupTable | 'counts'>): BackupError[] {
  const errors: BackupError[] = [];
  for (const table of BACKUP_TABLES) {
    const declared = backup.counts[table];
    const actual = backup[table].length;
    if (declared !== actual) {
      errors.push({ path: `counts.${table}`, message: `the file says it has ${declared.toLocaleString('en-US')} ${table} but it contains ${actual.toLocaleString('en-US')} (is the file cut short?)` });
    }
  }
  const unique = <T>(table: BackupTable, rows: readonly T[], field: string, keyOf: (row: T) => string) => {
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const key = keyOf(row);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else if (errors.length <= MAX_REPORTED_ERRORS) {
        errors.push({ path: `${table}.${i}.${field}`, message: `duplicate ${field} ${JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key)} (also used by ${table}.${first})` });
      }
    });
  };
  unique('customers', backup.customers, 'key', (c) => c.key);
  unique('interactions', backup.interactions, 'id', (r) => r.id);
  unique('interactions', backup.interactions, 'dedupeKey', (r) => r.dedupeKey);
  unique('templates', backup.templates, 'id', (t) => t.id);
  unique('packs', backup.packs, 'id', (p) => p.id);
  return errors;
}

type Issue = z.core.$ZodIssue;

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else cur = own(cur, String(seg));
    if (cur === undefined) return undefined;
  }
  return cur;
}

const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  int: 'a whole number',
};

/** zod issues in plain words, with the field's place; unknown fields one per key. */
export function toErrors(issues: readonly Issue[], raw: unknown): BackupError[] {
  const shown = issues.slice(0, MAX_REPORTED_ERRORS);
  const plain: Issue[] = [];
  for (const issue of shown) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        plain.push({ code: 'custom', path: [...issue.path, key], message: `unknown field ${JSON.stringify(key)}`, input: undefined } as Issue);
      }
      continue;
    }
    const field = String(issue.path[issue.path.length - 1] ?? 'value');
    let message = issue.message;
    if (issue.code === 'invalid_type') {
      const value = valueAt(raw, issue.path);
      const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
      message = value === undefined ? `${field} is required` : `${field} must be ${expected} (it is ${describeValue(value)})`;
    } else if ((issue.code === 'invalid_value' || issue.code === 'invalid_union') && valueAt(raw, issue.path) === undefined) {
      message = `${field} is required`;
    } else if (issue.code === 'too_small') {
      const min = Number(issue.minimum);
      message = issue.origin === 'string' || issue.origin === 'array' ? `${field} must not be empty` : `${field} must be ${min} or more`;
    } else if (issue.code === 'too_big') {
      message = `${field} must be at most ${Number(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' entries' : ''}`;
    } else if (issue.code === 'invalid_value' && issue.path.length === 1 && issue.path[0] === 'format') {
      message = NOT_A_BACKUP;
    } else if (issue.code === 'invalid_value' && issue.path.length === 1 && issue.path[0] === 'version') {
      message = `version must be the number ${BACKUP_VERSION}`;
    } else if (issue.code === 'invalid_value') {
      message = `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (issue.code === 'invalid_format' && field === 'exportedAt') {
      message = 'exportedAt must be a date and time like "2025-01-31T09:00:00Z"';
    } else if (issue.code === 'invalid_format' || issue.code === 'custom') {
      message = message.startsWith(field) ? message : `${field} ${message}`;
    }
    plain.push({ ...issue, message } as Issue);
  }
  const errors = issuesToErrors(plain, raw);
  if (issues.length > MAX_REPORTED_ERRORS) {
    errors.push({ path: '', message: `and ${(issues.length - MAX_REPORTED_ERRORS).toLocaleString('en-US')} more problems` });
  }
  return errors;
}

function capErrors(errors: BackupError[]): BackupError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  return [...errors.slice(0, MAX_REPORTED_ERRORS), { path: '', message: `and ${(errors.length - MAX_REPORTED_ERRORS).toLocaleString('en-US')} more problems` }];
}

/** Validates one chunk of rows of `table` (the restore port), paths counted from `offset`. */
export function parseRows<T extends BackupTable>(
  table: T,
  rows: unknown,
  offset: number,
): { ok: true; rows: BackupData[T] } | { ok: false; errors: BackupError[] } {
  try {
    if (!Array.isArray(rows)) return { ok: false, errors: [{ path: table, message: `${table} must be a list` }] };
    const schema = z.array(ROW_SCHEMAS[table] as z.ZodType);
    const result = schema.safeParse(rows);
    if (result.success) return { ok: true, rows: result.data as BackupData[T] };
    const issues = result.error.issues.map((i) => ({ ...i, path: [table, ...i.path] }) as Issue);
    const errors = toErrors(issues, { [table]: rows });
    const prefix = `${table}.`;
    return {
      ok: false,
      errors: errors.map((e) => {
        if (!e.path.startsWith(prefix)) return e;
        const [index, ...rest] = e.path.slice(prefix.length).split('.');
        const n = Number(index);
        return Number.isInteger(n) ? { ...e, path: [table, String(n + offset), ...rest].join('.') } : e;
      }),
    };
  } catch (err) {
    return { ok: false, errors: [{ path: table, message: `could not read these rows: ${safeErrorMessage(err)}` }] };
  }
}

/** Validates the settings of a backup (the restore port). */
export function parseBackupSettings(value: unknown): { ok: true; settings: Settings } | { ok: false; errors: BackupError[] } {
  const result = z.strictObject({ settings: backupSettingsSchema }).safeParse({ settings: value });
  return result.success ? { ok: true, settings: result.data.settings } : { ok: false, errors: toErrors(result.error.issues, { settings: value }) };
}
