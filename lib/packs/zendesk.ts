// Importing Zendesk macros, so a team moving its canned replies to Handlebook does not retype
// them. Input is the JSON of Zendesk's macros API (`GET /api/v2/macros.json`, `{ "macros": [...] }`),
// a bare list of macros, or a single `{ "macro": {...} }`. Output is an ordinary pack, so the
// import goes through the same plan/conflict machinery as any pack, and importing a newer
// export later updates the same templates (ids come from the Zendesk macro ids).
//
// What is taken from a macro: the title and the reply text (the `comment_value` action, or
// `comment_value_html` turned into plain text when there is no plain one). Everything else a
// macro does in Zendesk (set status, tags, assignee...) has no meaning here and is ignored, as
// are `restriction` (who may use the macro in Zendesk) and `description`.
//
// HTML is converted without a DOM: a linear scan over tags, so a hostile or broken export can
// neither run anything nor make the conversion hang. The result is only ever plain text.

import { checkTextSize, parseJsonText, safeErrorMessage, type PackError } from './json-text';
import { charCount, PACK_FORMAT, PACK_LIMITS, packSchema, packTemplateSchema, type PackFile, type PackTemplate } from './format';
import { issuesToErrors } from './pack-messages';
import { idAllocator, slugify } from './ids';

export const ZENDESK_PACK_ID = 'zendesk-import';
export const ZENDESK_PACK_NAME = 'Zendesk macros';
/** Exports carry HTML twice and much JSON noise, so they may be bigger than a pack file. */
export const ZENDESK_MAX_FILE_BYTES = 20 * 1024 * 1024;

export type ZendeskSkipReason = 'inactive' | 'no-comment' | 'invalid' | 'too-many';

export interface ZendeskSkipped {
  /** Position of the macro in the export, from 0. */
  index: number;
  /** The Zendesk macro id, when it had one. */
  macroId?: string;
  /** The macro's title as in Zendesk ("" if it had none). */
  title: string;
  reason: ZendeskSkipReason;
  /** Plain words for the person: why this macro was not imported. */
  message: string;
}

export type ParseZendeskResult = { ok: true; pack: PackFile; skipped: ZendeskSkipped[] } | { ok: false; errors: PackError[] };

function own(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/**
 * Reads a Zendesk macros export. Never throws. Inactive macros and macros without reply text
 * are skipped and listed in `skipped` (with the reason), not treated as errors: the rest of the
 * export is still useful. Errors are only for a file that is not a macros export at all.
 */
export function parseZendeskMacros(text: string): ParseZendeskResult {
  try {
    return readZendesk(text);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `could not read this Zendesk export: ${safeErrorMessage(err)}` }] };
  }
}

function readZendesk(text: string): ParseZendeskResult {
  if (typeof text !== 'string') return { ok: false, errors: [{ path: '', message: 'expected the text of a Zendesk export' }] };
  const tooBig = checkTextSize(text, ZENDESK_MAX_FILE_BYTES, 'a Zendesk export');
  if (tooBig) return { ok: false, errors: [tooBig] };
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, errors: [json.error] };
  const raw = json.value;

  let macros: unknown[];
  const listed = own(raw, 'macros');
  const single = own(raw, 'macro');
  if (Array.isArray(raw)) {
    macros = raw;
  } else if (Array.isArray(listed)) {
    macros = listed;
  } else if (typeof single === 'object' && single !== null && !Array.isArray(single)) {
    macros = [single];
  } else {
    const isPack = own(raw, 'format') === PACK_FORMAT;
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: isPack
            ? 'this is a Handlebook pack, not a Zendesk export: import it as a pack instead'
            : 'this is not a Zendesk macros export (expected { "macros": [ ... ] } or a list of macros)',
        },
      ],
    };
  }

  const skipped: ZendeskSkipped[] = [];
  const templates: PackTemplate[] = [];
  const allocateId = idAllocator(new Set<string>());

  macros.forEach((macro, index) => {
    const rawTitle = own(macro, 'title');
    const title = typeof rawTitle === 'string' ? rawTitle : '';
    const rawId = own(macro, 'id');
    const macroId = typeof rawId === 'number' || typeof rawId === 'string' ? String(rawId) : undefined;
    const skip = (reason: ZendeskSkipReason, message: string): void => {
      skipped.push({ index, ...(macroId !== undefined ? { macroId } : {}), title, reason, message });
    };

    if (typeof macro !== 'object' || macro === null || Array.isArray(macro)) {
      skip('invalid', 'this entry is not a macro');
      return;
    }
    if (own(macro, 'active') === false) {
      skip('inactive', 'the macro is inactive in Zendesk');
      return;
    }
    const reply = replyText(own(macro, 'actions'));
    if (reply === undefined) {
      skip('no-comment', 'the macro has no reply text (no comment action)');
      return;
    }
    if (templates.length >= PACK_LIMITS.maxTemplates) {
      skip('too-many', `a pack can hold at most ${PACK_LIMITS.maxTemplates.toLocaleString('en-US')} templates`);
      return;
    }

    const { folder, name } = splitCategories(title);
    const candidate: Record<string, unknown> = {
      id: 'placeholder',
      title: name === '' ? `Macro ${macroId ?? index + 1}` : fitChars(name, PACK_LIMITS.maxTitleLength),
      body: reply,
    };
    if (folder !== '') candidate.folder = fitChars(folder, PACK_LIMITS.maxFolderLength);
    const checked = packTemplateSchema.safeParse(candidate);
    if (!checked.success) {
      const first = issuesToErrors(checked.error.issues, candidate)[0];
      skip('invalid', first ? first.message : 'the macro could not be converted');
      return;
    }
    const idBase = macroId !== undefined ? slugify(`zd-${macroId}`, 90) : slugify(title, 90);
    templates.push({ ...checked.data, id: allocateId(idBase) });
  });

  const pack = packSchema.safeParse({
    format: PACK_FORMAT,
    version: 1,
    id: ZENDESK_PACK_ID,
    name: ZENDESK_PACK_NAME,
    templates,
  });
  // Every template was checked above, so this only guards against a mistake in this module.
  if (!pack.success) return { ok: false, errors: issuesToErrors(pack.error.issues, undefined) };
  return { ok: true, pack: pack.data, skipped };
}

/**
 * The reply text of a macro's actions: the first non-empty `comment_value`, else the first
 * non-empty `comment_value_html` as plain text; placeholders converted. Undefined if none.
 */
function replyText(actions: unknown): string | undefined {
  if (!Array.isArray(actions)) return undefined;
  const find = (field: string): string | undefined => {
    for (const action of actions) {
      if (own(action, 'field') !== field) continue;
      const value = actionText(own(action, 'value'));
      if (value !== undefined && value.trim() !== '') return value;
    }
    return undefined;
  };
  const plain = find('comment_value');
  const text = plain !== undefined ? plain.replace(/\r\n?/g, '\n') : (() => {
    const html = find('comment_value_html');
    return html === undefined ? undefined : htmlToPlainText(html);
  })();
  if (text === undefined) return undefined;
  const converted = convertZendeskPlaceholders(text).trim();
  return converted === '' ? undefined : converted;
}

/**
 * An action's value is a string, or a list such as ["channel:all", "the text"] where the text
 * is the last entry. Takes the last string of a list.
 */
function actionText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) {
      const v: unknown = value[i];
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

/** "Shipping::Delayed order" → folder "Shipping", title "Delayed order"; deeper levels join with " / ". */
export function splitCategories(title: string): { folder: string; name: string } {
  const parts = title
    .split('::')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const name = parts.pop() ?? '';
  return { folder: parts.join(' / '), name };
}

/** Cuts to `max` characters with an ellipsis, on a character boundary. */
function fitChars(s: string, max: number): string {
  if (charCount(s, max) <= max) return s;
  return `${Array.from(s).slice(0, max - 1).join('')}…`;
}

// ---------------------------------------------------------------------------------------------
// Placeholders

/** Zendesk placeholders that have a Handlebook equivalent. */
const PLACEHOLDER_MAP: Record<string, string> = {
  'ticket.requester.first_name': '{{first_name}}',
  'ticket.requester.name': '{{name}}',
  'current_user.name': '{{agent}}',
  'current_user.first_name': '{{agent}}',
};

/**
 * Converts Zendesk placeholders. The requester's and agent's names map to Handlebook's own
 * placeholders; any other placeholder (`{{ticket.id}}`, `{{ticket.due_date}}`, dynamic content
 * `{{dc.greeting}}`, ...) has no value outside Zendesk, so it becomes a fill-in the agent is
 * asked for when inserting the reply: `{{ticket.id}}` → `{{?ticket id}}`. Liquid filters
 * (`{{ticket.requester.first_name | capitalize}}`) are dropped. Liquid logic (`{% if %}`) is left
 * as it is, visible, for the person to rewrite.
 */
export function convertZendeskPlaceholders(text: string): string {
  return text.replace(/\{\{([^{}]{1,200})\}\}/g, (whole, inner: string) => {
    const expr = (inner.split('|')[0] ?? '').trim();
    if (expr === '') return whole;
    const mapped = Object.prototype.hasOwnProperty.call(PLACEHOLDER_MAP, expr) ? PLACEHOLDER_MAP[expr] : undefined;
    if (mapped !== undefined) return mapped;
    const label = expr
      .replace(/[._]+/g, ' ')
      .replace(/[^A-Za-z0-9 -]+/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    return label === '' ? whole : `{{?${label}}}`;
  });
}

// ---------------------------------------------------------------------------------------------
// HTML to plain text

/** Latin-1 named entities, code points 160 to 255 in order. */
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(
    ' ',
  );

const ENTITIES: Map<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['ndash', '\u2013'],
  ['mdash', '\u2014'],
  ['hellip', '\u2026'],
  ['lsquo', '\u2018'],
  ['rsquo', '\u2019'],
  ['sbquo', '\u201a'],
  ['ldquo', '\u201c'],
  ['rdquo', '\u201d'],
  ['bdquo', '\u201e'],
  ['bull', '\u2022'],
  ['euro', '\u20ac'],
  ['trade', '\u2122'],
  ['OElig', '\u0152'],
  ['oelig', '\u0153'],
  ['Scaron', '\u0160'],
  ['scaron', '\u0161'],
  ['Yuml', '\u0178'],
  ...LATIN1_NAMES.map((name, i): [string, string] => [name, String.fromCharCode(160 + i)]),
]);
// A non-breaking space is an ordinary space in a plain-text reply.
ENTITIES.set('nbsp', ' ');

/** Decodes named (common ones) and numeric character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,9});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return cp === 0xa0 ? ' ' : String.fromCodePoint(cp);
    }
    return ENTITIES.get(ref) ?? whole;
  });
}

const BLOCK_TAGS = new Set(['div', 'ul', 'ol', 'table', 'tr', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'hr', 'section', 'article', 'header', 'footer']);
const SKIP_CONTENT_TAGS = new Set(['script', 'style', 'head', 'title', 'template', 'noscript']);

/**
 * HTML to plain text without a DOM: tags removed, entities decoded, whitespace collapsed as a
 * browser would, `<br>` → line break, paragraphs → blank line between them, other blocks → line
 * break, list items → "- item", links → "text (https://...)" when the address is not the text
 * itself. Script and style contents are dropped. Linear time.
 */
export function htmlToPlainText(html: string): string {
  // Each piece is text, or a number: the line breaks a block boundary needs (merged with its
  // neighbours so "</p><p>" gives one blank line, not two).
  const pieces: (string | number)[] = [];
  // Every alternative either matches or cannot start, and none can backtrack far: linear time.
  const tagRe = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)(?:>|$)/g;
  let last = 0;
  let skipUntil: string | null = null;
  let linkHref: string | null = null;
  let linkTextStart = 0;
  const addText = (raw: string): void => {
    if (skipUntil !== null || raw === '') return;
    pieces.push(decodeEntities(raw.replace(/[ \t\n\r\f]+/g, ' ')));
  };
  for (let m = tagRe.exec(html); m !== null; m = tagRe.exec(html)) {
    addText(html.slice(last, m.index));
    last = tagRe.lastIndex;
    const name = m[2]?.toLowerCase();
    if (name === undefined) continue; // a comment
    const closing = m[1] === '/';
    if (skipUntil !== null) {
      if (closing && name === skipUntil) skipUntil = null;
      continue;
    }
    if (!closing && SKIP_CONTENT_TAGS.has(name)) {
      skipUntil = name;
      continue;
    }
    if (name === 'br') pieces.push('\n');
    else if (name === 'p') pieces.push(2);
    else if (name === 'li') pieces.push(1, ...(closing ? [] : ['- ']));
    else if (BLOCK_TAGS.has(name)) pieces.push(1);
    else if (name === 'a') {
      if (!closing) {
        linkHref = hrefOf(m[3] ?? '');
        linkTextStart = pieces.length;
      } else if (linkHref !== null) {
        const linkText = pieces
          .slice(linkTextStart)
          .filter((p): p is string => typeof p === 'string')
          .join('')
          .trim();
        if (linkText !== linkHref && linkText !== linkHref.replace(/^https?:\/\//, '')) {
          pieces.push(linkText === '' ? linkHref : ` (${linkHref})`);
        }
        linkHref = null;
      }
    }
  }
  addText(html.slice(last));

  let out = '';
  let pendingBreaks = 0;
  for (const piece of pieces) {
    if (typeof piece === 'number') {
      pendingBreaks = Math.max(pendingBreaks, piece);
      continue;
    }
    // Spaces between blocks are not content.
    if (pendingBreaks > 0 && /^[ \t]*$/.test(piece)) continue;
    if (pendingBreaks > 0) {
      if (out.trim() !== '') {
        out = out.replace(/[ \t]+$/, '');
        out += '\n'.repeat(Math.max(0, pendingBreaks - trailingBreaks(out)));
      }
      pendingBreaks = 0;
    }
    out += piece;
  }
  return out
    .split('\n')
    .map((line) => line.replace(/^ +| +$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function trailingBreaks(s: string): number {
  let n = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i];
    if (c === '\n') n++;
    else if (c !== ' ' && c !== '\t') break;
  }
  return n;
}

/** The href of an `<a>` tag's attribute text, only for web and mail links. */
function hrefOf(attributes: string): string | null {
  const m = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attributes);
  const href = decodeEntities((m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim());
  return /^(?:https?:|mailto:)/i.test(href) ? href : null;
}
