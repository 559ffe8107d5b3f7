// Canned-reply variables: parsing, expansion and the pre-send guard.
//
// Syntax: {{first_name}}, {{name}}, {{handle}}, {{agent}}, {{initials}}, {{date}}, {{field.<key>}},
// a fallback after a bar ({{first_name|there}}), fill-ins asked from the person before inserting
// ({{?order number}}) and {{cursor}} (where the caret lands). Spaces inside the braces are allowed.
// A variable with no value and no fallback stays in the text as written and is reported, so the
// composer's guard blocks the send: a reply must never go out as "Hi ,". Unknown names are errors,
// never silently blank. Lookups use own properties only, so "__proto__" is just a field name.

/** Variable names the editor offers in autocomplete (fields and fill-ins come on top). */
export const KNOWN_VARIABLES = ['first_name', 'name', 'handle', 'agent', 'initials', 'date', 'cursor'] as const;

/** One of {@link KNOWN_VARIABLES}. */
export type VariableName = (typeof KNOWN_VARIABLES)[number];

/** What each variable inserts, for the editor's autocomplete list. */
export const VARIABLE_DESCRIPTIONS: Readonly<Record<VariableName, string>> = {
  first_name: "Customer's first name (first word of the display name)",
  name: "Customer's display name",
  handle: "Customer's handle, with the @",
  agent: 'Your name',
  initials: 'Your initials',
  date: "Today's date, e.g. 24 Nov 2026",
  cursor: 'Where the caret lands after inserting (removed from the text)',
};

/** Prefix of customer custom-field variables: {{field.plan}}. */
export const FIELD_PREFIX = 'field.';
/** Prefix of fill-ins asked before inserting: {{?order number}}. */
export const FILL_IN_PREFIX = '?';

/** A piece of a parsed template body; start/end are UTF-16 offsets into the body. */
export type TemplateToken =
  | { type: 'text'; value: string; start: number; end: number }
  | { type: 'variable'; name: Exclude<VariableName, 'cursor'>; fallback?: string; raw: string; start: number; end: number }
  | { type: 'field'; key: string; fallback?: string; raw: string; start: number; end: number }
  | { type: 'fillIn'; label: string; raw: string; start: number; end: number }
  | { type: 'cursor'; raw: string; start: number; end: number };

/** A syntax problem, with its position in the body so the editor can underline it. */
export interface TemplateError {
  kind: 'unknown-variable' | 'unclosed' | 'empty';
  message: string;
  start: number;
  end: number;
  /** The unknown name, for 'unknown-variable'. */
  name?: string;
}

/** Everything expansion may draw on. `now` (and `locale`) are passed in so output is deterministic. */
export interface TemplateContext {
  customer?: { displayName?: string; handle?: string; fields?: Record<string, string> };
  agent?: { name?: string; initials?: string };
  now: Date;
  /** BCP 47 locale for {{date}}; "en-GB" (24 Nov 2026) by default. */
  locale?: string;
  /** Values the person typed for {{?label}} fill-ins, by label. */
  fillIns?: Record<string, string>;
}

/** Result of {@link expandTemplate}. */
export interface Expansion {
  /** The reply text; unresolved placeholders are left in as written. */
  text: string;
  /** UTF-16 offset of {{cursor}} in `text`, or null when there is none. */
  cursor: number | null;
  /** Placeholders left unresolved, e.g. "first_name", "field.plan", "?order number" (unique, in order). */
  missing: string[];
  errors: TemplateError[];
}

/** A `{{…}}` (or a stray `{{`) still present in text about to be sent. */
export interface UnresolvedPlaceholder {
  start: number;
  end: number;
  raw: string;
}

const OPEN = '{{';
const CLOSE = '}}';
const KNOWN = new Set<string>(KNOWN_VARIABLES);

const ownString = (record: Record<string, unknown> | undefined, key: string): string | undefined => {
  if (record === undefined || record === null || typeof record !== 'object' || !Object.hasOwn(record, key)) return undefined;
  const value: unknown = record[key];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Finds the `{{ … }}` pairs in text, left to right. A `{{` met again before a `}}` leaves the
 * first one unclosed (reported with `close: -1`), so `{{{{x}}` and nested braces stay linear and
 * predictable.
 */
function scanBraces(text: string, visit: (open: number, close: number) => void): void {
  // Both searches only ever move forward, so hostile input ("{{a{{a{{a…") stays linear.
  let close = -2;
  for (let open = text.indexOf(OPEN); open !== -1; ) {
    if (close !== -1 && close < open + OPEN.length) close = text.indexOf(CLOSE, open + OPEN.length);
    const nextOpen = text.indexOf(OPEN, open + OPEN.length);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      visit(open, -1);
      open = nextOpen;
      continue;
    }
    visit(open, close + CLOSE.length);
    open = text.indexOf(OPEN, close + CLOSE.length);
  }
}

/**
 * Parses a template body into text and placeholder tokens, with errors for unknown variable
 * names, unclosed `{{` and empty `{{}}` (all positioned). Erroneous placeholders are kept as text
 * tokens so expansion leaves them visible.
 */
export function parseTemplate(body: string): { tokens: TemplateToken[]; errors: TemplateError[] } {
  const tokens: TemplateToken[] = [];
  const errors: TemplateError[] = [];
  let textStart = 0;
  const pushText = (end: number): void => {
    if (end <= textStart) return;
    const last = tokens[tokens.length - 1];
    if (last !== undefined && last.type === 'text') {
      last.value += body.slice(textStart, end);
      last.end = end;
    } else {
      tokens.push({ type: 'text', value: body.slice(textStart, end), start: textStart, end });
    }
    textStart = end;
  };

  scanBraces(body, (start, end) => {
    if (end === -1) {
      errors.push({ kind: 'unclosed', message: 'This {{ is never closed with }}', start, end: start + OPEN.length });
      return; // stays part of the surrounding text
    }
    const raw = body.slice(start, end);
    const inner = raw.slice(OPEN.length, -CLOSE.length).trim();
    const token = placeholderToken(inner, raw, start, end, errors);
    if (token === null) return;
    pushText(start);
    tokens.push(token);
    textStart = end;
  });
  pushText(body.length);
  return { tokens, errors };
}

function placeholderToken(inner: string, raw: string, start: number, end: number, errors: TemplateError[]): TemplateToken | null {
  if (inner === '') {
    errors.push({ kind: 'empty', message: 'Empty placeholder {{}}', start, end });
    return null;
  }
  if (inner.startsWith(FILL_IN_PREFIX)) {
    const label = inner.slice(FILL_IN_PREFIX.length).trim();
    if (label === '') {
      errors.push({ kind: 'empty', message: 'A fill-in needs a label, e.g. {{?order number}}', start, end });
      return null;
    }
    return { type: 'fillIn', label, raw, start, end };
  }
  const bar = inner.indexOf('|');
  const namePart = (bar === -1 ? inner : inner.slice(0, bar)).trim();
  const fallback = bar === -1 ? undefined : inner.slice(bar + 1).trim();
  if (namePart === '') {
    errors.push({ kind: 'empty', message: 'Placeholder without a variable name', start, end });
    return null;
  }
  if (namePart.toLowerCase().startsWith(FIELD_PREFIX)) {
    const key = namePart.slice(FIELD_PREFIX.length).trim();
    if (key === '') {
      errors.push({ kind: 'empty', message: 'A field placeholder needs a key, e.g. {{field.plan}}', start, end });
      return null;
    }
    return fallback === undefined ? { type: 'field', key, raw, start, end } : { type: 'field', key, fallback, raw, start, end };
  }
  const name = namePart.toLowerCase();
  if (!KNOWN.has(name)) {
    errors.push({ kind: 'unknown-variable', message: `Unknown variable "${namePart}"`, start, end, name: namePart });
    return null;
  }
  if (name === 'cursor') return { type: 'cursor', raw, start, end };
  const known = name as Exclude<VariableName, 'cursor'>;
  return fallback === undefined ? { type: 'variable', name: known, raw, start, end } : { type: 'variable', name: known, fallback, raw, start, end };
}

/** Labels of the {{?label}} fill-ins in a body, unique and in order, for the prompt before inserting. */
export function listFillIns(body: string): string[] {
  const labels: string[] = [];
  for (const token of parseTemplate(body).tokens) {
    if (token.type === 'fillIn' && !labels.includes(token.label)) labels.push(token.label);
  }
  return labels;
}

// Emoji, pictographs and other symbols that decorate display names ("Maria 🌸 | Support").
const DECORATION = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\p{S}\u200D\uFE0F\u20E3\u{E0020}-\u{E007F}]/gu;
// Name words: letters with marks, digits, apostrophes, hyphens and inner dots ("O'Brien", "Jean-Luc").
const NAME_WORD = /[\p{L}\p{M}\p{N}]+(?:['’.-][\p{L}\p{M}\p{N}]+)*/gu;
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'prof', 'sir', 'dame', 'herr', 'frau', 'sr', 'sra', 'mme', 'mlle']);

/** The display name without emoji/symbol decoration, whitespace collapsed; undefined if nothing is left. */
function cleanDisplayName(displayName: string | undefined): string | undefined {
  if (displayName === undefined) return undefined;
  const cleaned = displayName.replace(DECORATION, ' ').replace(/\s+/gu, ' ').trim();
  return /[\p{L}\p{N}]/u.test(cleaned) ? cleaned : undefined;
}

/**
 * First name from a display name: the first word that contains a letter, skipping honorifics
 * ("Dr. Jane Doe" gives "Jane"), after removing emoji and symbols. Undefined when no word with a
 * letter is left, so the placeholder is treated as missing.
 */
export function firstNameOf(displayName: string | undefined): string | undefined {
  const cleaned = cleanDisplayName(displayName);
  if (cleaned === undefined) return undefined;
  const words = (cleaned.match(NAME_WORD) ?? []).filter((word) => /\p{L}/u.test(word));
  const first = words.find((word) => !HONORIFICS.has(word.toLowerCase().replace(/\.$/u, ''))) ?? words[0];
  return first;
}

/** Initials from a full name: first letters of the first and last words, upper-cased ("Ana María López" gives "AL"). */
export function initialsOf(name: string | undefined): string | undefined {
  const words = (cleanDisplayName(name)?.match(NAME_WORD) ?? []).filter((word) => /\p{L}/u.test(word));
  const first = words[0];
  if (first === undefined) return undefined;
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letter = (word: string): string => [...word.normalize('NFC')].find((ch) => /\p{L}/u.test(ch)) ?? '';
  return (letter(first) + (last === undefined ? '' : letter(last))).toLocaleUpperCase();
}

function formatDate(now: Date, locale: string | undefined): string | undefined {
  if (Number.isNaN(now.getTime())) return undefined;
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
  try {
    return new Intl.DateTimeFormat(locale ?? 'en-GB', options).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-GB', options).format(now); // malformed locale tag
  }
}

const present = (value: string | undefined): string | undefined => (value !== undefined && value.trim() !== '' ? value.trim() : undefined);

function variableValue(name: Exclude<VariableName, 'cursor'>, ctx: TemplateContext): string | undefined {
  switch (name) {
    case 'first_name':
      return firstNameOf(ctx.customer?.displayName);
    case 'name':
      return cleanDisplayName(ctx.customer?.displayName);
    case 'handle': {
      const handle = present(ctx.customer?.handle)?.replace(/^[@＠]+/u, '');
      return handle ? `@${handle}` : undefined;
    }
    case 'agent':
      return present(ctx.agent?.name);
    case 'initials':
      return present(ctx.agent?.initials) ?? initialsOf(ctx.agent?.name);
    case 'date':
      return formatDate(ctx.now, ctx.locale);
  }
}

/**
 * Expands a template body for one customer: fills variables, custom fields and fill-ins, applies
 * fallbacks, removes {{cursor}} and reports its offset. Anything without a value or fallback stays
 * as its original {{…}} and is listed in `missing`; syntax errors are returned alongside (their
 * text also stays), so {@link findUnresolvedPlaceholders} blocks the send either way.
 */
export function expandTemplate(body: string, ctx: TemplateContext): Expansion {
  const { tokens, errors } = parseTemplate(body);
  const missing: string[] = [];
  const noteMissing = (label: string): void => {
    if (!missing.includes(label)) missing.push(label);
  };
  // Each variable is worked out once, however often the body uses it.
  const values = new Map<string, string | undefined>();
  const valueOf = (name: Exclude<VariableName, 'cursor'>): string | undefined => {
    if (!values.has(name)) values.set(name, variableValue(name, ctx));
    return values.get(name);
  };
  let text = '';
  let cursor: number | null = null;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        text += token.value;
        break;
      case 'cursor':
        cursor ??= text.length;
        break;
      case 'variable':
      case 'field': {
        const value =
          token.type === 'variable' ? valueOf(token.name) : present(ownString(ctx.customer?.fields, token.key));
        if (value !== undefined) text += value;
        else if (token.fallback !== undefined) text += token.fallback;
        else {
          text += token.raw;
          noteMissing(token.type === 'variable' ? token.name : FIELD_PREFIX + token.key);
        }
        break;
      }
      case 'fillIn': {
        const value = present(ownString(ctx.fillIns, token.label));
        if (value !== undefined) text += value;
        else {
          text += token.raw;
          noteMissing(FILL_IN_PREFIX + token.label);
        }
        break;
      }
    }
  }
  return { text, cursor, missing, errors };
}

/**
 * Every `{{…}}` still in text about to be sent (and any unclosed `{{`), so the composer can refuse
 * to post a reply with an unfilled placeholder.
 */
export function findUnresolvedPlaceholders(text: string): UnresolvedPlaceholder[] {
  const found: UnresolvedPlaceholder[] = [];
  scanBraces(text, (start, end) => {
    const stop = end === -1 ? start + OPEN.length : end;
    found.push({ start, end: stop, raw: text.slice(start, stop) });
  });
  return found;
}
