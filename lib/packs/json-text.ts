// Reading JSON text that came from outside (a pack file, a Zendesk export) without ever
// throwing, and explaining a syntax error the way a person can act on: where it is (line and
// column) and what was expected there.
//
// `JSON.parse` does the actual parsing because it is fast and native. Its error messages differ
// between engines (Chrome says "at position 42", Firefox says "at line 3 column 5", some V8
// messages give no position at all), so when it fails json-syntax.ts locates and describes the
// first error.

import { findJsonSyntaxError, type JsonSyntaxProblem } from './json-syntax';
import { lineColumn } from './text-position';

/** One problem found in a file: `path` names the bad field in dotted form ("" = whole file). */
export interface PackError {
  path: string;
  message: string;
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; error: PackError };

const MB = 1024 * 1024;

/**
 * Size of `text` once encoded as UTF-8, which is what the file weighed on disk or on the wire.
 * Lone surrogates count as 3 bytes because encoders replace them with U+FFFD.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** "5 MB", "5.2 MB": sizes for people. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  const rounded = Math.round(mb * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} MB`;
}

/**
 * Checks the byte size before anything else so a huge file is refused before we spend memory
 * parsing it. Every UTF-16 code unit is at least one UTF-8 byte, so a string longer than the
 * limit is refused without counting.
 */
export function checkTextSize(text: string, maxBytes: number, what: string): PackError | null {
  const limit = formatMegabytes(maxBytes);
  const tooBig = (size: string): PackError => ({ path: '', message: `this file is too big: ${what} can be at most ${limit} (this one is ${size})` });
  if (text.length > maxBytes) return tooBig(`more than ${formatMegabytes(text.length)}`);
  // Each code unit is at most 3 bytes (a surrogate pair is 4 bytes for 2 units), so short texts
  // cannot be over the limit and need no counting.
  if (text.length * 3 <= maxBytes) return null;
  const bytes = utf8ByteLength(text);
  if (bytes <= maxBytes) return null;
  const size = formatMegabytes(bytes);
  // "5 MB (this one is 5 MB)" would read as a contradiction.
  return tooBig(size === limit ? `just over ${limit}` : size);
}

/**
 * Parses JSON text that may start with a byte-order mark (editors on Windows add one), never
 * throwing. On failure the error's path is "" and the message starts with "not valid JSON:".
 */
export function parseJsonText(text: string): JsonTextResult {
  // Positions are reported relative to the text after the byte-order mark, which editors do not
  // show as a character.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    let problem: JsonSyntaxProblem | null = null;
    try {
      problem = findJsonSyntaxError(body);
    } catch {
      problem = null;
    }
    if (problem) {
      // "The file ends too early" needs no position; everything else gets line and column.
      const where = problem.atEnd ? '' : ` at ${lineColumnText(body, problem.offset)}`;
      return { ok: false, error: { path: '', message: `not valid JSON: ${problem.message}${where}${problem.hint ? ` (${problem.hint})` : ''}` } };
    }
    // Our scanner found nothing wrong yet the engine refused: report the engine's own words,
    // translating a character position into line and column when it gives one.
    const engine = safeErrorMessage(err);
    const pos = /position (\d+)/.exec(engine);
    const suffix = pos?.[1] !== undefined ? ` at ${lineColumnText(body, Number(pos[1]))}` : '';
    return { ok: false, error: { path: '', message: `not valid JSON: ${engine}${suffix}` } };
  }
}

/** Best-effort text of anything thrown, without trusting its toString. */
export function safeErrorMessage(err: unknown): string {
  try {
    if (err instanceof Error && typeof err.message === 'string') return err.message;
    return String(err);
  } catch {
    return 'unknown error';
  }
}

function lineColumnText(text: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return `line ${line} column ${column}`;
}

/** A field of parsed JSON, own properties only (never one inherited through `__proto__`). */
export function ownValue(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
