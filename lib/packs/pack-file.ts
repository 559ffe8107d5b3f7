// Reading and writing a pack file's text (the format itself, its limits and schemas: format.ts).
// A pack comes from outside the browser, so `parsePack` never throws, refuses oversized files
// before parsing them, and builds the result fresh through zod: nothing from the raw
// `JSON.parse` output (a `__proto__` key, an extra field) reaches the database.

import { NOT_A_PACK_MESSAGE, newerVersionMessage, PACK_FORMAT, PACK_FORMAT_VERSION, PACK_LIMITS, packSchema, type PackFile } from './format';
import { checkTextSize, isPlainObject, ownValue, parseJsonText, safeErrorMessage, type PackError } from './json-text';
import { describeValue, issuesToErrors } from './pack-messages';

export type ParsePackResult = { ok: true; pack: PackFile } | { ok: false; errors: PackError[] };

function fail(path: string, message: string): ParsePackResult {
  return { ok: false, errors: [{ path, message }] };
}

/**
 * Reads a pack file. Never throws, whatever the input: returns the validated pack, or every
 * problem found with the first one in document order (the one to fix first).
 */
export function parsePack(text: string): ParsePackResult {
  try {
    return parsePackText(text);
  } catch (err) {
    // Nothing above is expected to throw; this is the promise to callers that it never does.
    return fail('', `could not read this pack: ${safeErrorMessage(err)}`);
  }
}

function parsePackText(text: string): ParsePackResult {
  if (typeof text !== 'string') return fail('', 'expected the text of a pack file');
  const tooBig = checkTextSize(text, PACK_LIMITS.maxFileBytes, 'a pack');
  if (tooBig) return { ok: false, errors: [tooBig] };
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, errors: [json.error] };
  const raw = json.value;

  if (!isPlainObject(raw)) {
    return fail('', `this is not a Handlebook pack (the file must contain one object { ... }; it contains ${describeValue(raw)})`);
  }
  // A wrong format or a newer version makes every other message noise: report it alone.
  if (ownValue(raw, 'format') !== PACK_FORMAT) {
    const looksZendesk = Array.isArray(ownValue(raw, 'macros'));
    return fail(
      'format',
      looksZendesk ? `${NOT_A_PACK_MESSAGE}; this looks like a Zendesk macros export: use the Zendesk import instead` : NOT_A_PACK_MESSAGE,
    );
  }
  const version = ownValue(raw, 'version');
  if (typeof version === 'number' && Number.isInteger(version) && version > PACK_FORMAT_VERSION) {
    return fail('version', newerVersionMessage(version));
  }

  const result = packSchema.safeParse(raw);
  if (result.success) return { ok: true, pack: result.data };
  return { ok: false, errors: issuesToErrors(result.error.issues, raw) };
}

/**
 * Pretty JSON with a fixed key order (the order of the format description), so exported packs
 * diff cleanly in version control. Absent optional fields are left out.
 */
export function serializePack(pack: PackFile): string {
  const out: Record<string, unknown> = {};
  if (pack.$schema !== undefined) out.$schema = pack.$schema;
  out.format = PACK_FORMAT;
  out.version = PACK_FORMAT_VERSION;
  out.id = pack.id;
  out.name = pack.name;
  if (pack.description !== undefined) out.description = pack.description;
  if (pack.author !== undefined) out.author = pack.author;
  if (pack.updatedAt !== undefined) out.updatedAt = pack.updatedAt;
  out.templates = pack.templates.map((t) => {
    const row: Record<string, unknown> = { id: t.id, title: t.title, body: t.body };
    if (t.shortcut !== undefined) row.shortcut = t.shortcut;
    if (t.folder !== undefined) row.folder = t.folder;
    if (t.tags !== undefined) row.tags = [...t.tags];
    if (t.lang !== undefined) row.lang = t.lang;
    return row;
  });
  return `${JSON.stringify(out, null, 2)}\n`;
}
