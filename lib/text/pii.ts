// Personal-data warnings for the reply composer: e-mail addresses, phone numbers, payment cards,
// IBANs and the team's own patterns, found before a reply is posted in public.
//
// Precision matters as much as recall (a warning on every order number trains people to ignore
// it), so numbers are checked hard: cards must pass Luhn and start like a card, IBANs must have
// their country's length and pass mod-97, phone numbers must look like phone numbers and not like
// dates, times, prices, versions, IP addresses or ids, and nothing inside a URL is flagged except
// an e-mail address.
import { findUrlSpans } from './budget';

/** One piece of personal data found in the text; start/end are UTF-16 offsets. */
export interface PersonalDataFinding {
  kind: 'email' | 'phone' | 'card' | 'iban' | 'custom';
  /** Human label: "Email address", "Phone number", … or the custom pattern's label. */
  label: string;
  start: number;
  end: number;
  match: string;
}

/** A team-defined pattern: regex source ("ORD-\d{6}") or a literal ("/ord-\d{6}/i"). */
export interface CustomPattern {
  label: string;
  pattern: string;
}

/** Result of {@link compileCustomPatterns}, for the settings page. */
export interface CompiledPatterns {
  ok: boolean;
  /** Problems by position in the input list. */
  errors: { index: number; label: string; message: string }[];
  /** The usable patterns (invalid ones left out). */
  patterns: { label: string; regex: RegExp }[];
}

/** Options for {@link detectPersonalData}. */
export interface DetectOptions {
  customPatterns?: CustomPattern[];
}

/** Custom patterns only see this much text (a post is at most 25,000 characters). */
export const MAX_CUSTOM_SCAN_LENGTH = 30_000;
/** Custom patterns stop after this many matches each. */
export const MAX_CUSTOM_MATCHES = 100;

const LABELS = {
  email: 'Email address',
  phone: 'Phone number',
  card: 'Payment card',
  iban: 'IBAN',
} as const;

// ---------------------------------------------------------------------------------------------
// Checksums
// ---------------------------------------------------------------------------------------------

/**
 * Luhn (mod 10) check used by payment card numbers. Spaces and dashes are ignored; anything else
 * that is not a digit, or fewer than two digits, fails.
 */
export function luhnValid(digits: string): boolean {
  const compact = digits.replace(/[ -]/g, '');
  if (!/^\d{2,}$/.test(compact)) return false;
  let sum = 0;
  let double = false;
  for (let i = compact.length - 1; i >= 0; i--) {
    let d = compact.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// IBAN length by country (ISO 13616 registry, including partial members).
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

/**
 * IBAN validity: known country, that country's length, alphanumeric, and the ISO 7064 mod-97
 * check (remainder 1). Spaces are ignored and letters may be lower case.
 */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  const country = compact.slice(0, 2);
  if (!Object.hasOwn(IBAN_LENGTHS, country) || IBAN_LENGTHS[country] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48; // A=10 … Z=35
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

// ---------------------------------------------------------------------------------------------
// Custom patterns
// ---------------------------------------------------------------------------------------------

/**
 * Heuristic for patterns that can backtrack catastrophically: a repeated group whose body is
 * itself repeated with nothing fixed to anchor each round, as in (a+)+, (\w+\s?)* or (.*)+.
 * JavaScript regexes cannot be interrupted, so such patterns are refused rather than risked on
 * the composer's main thread. Not exhaustive: (a|aa)+ style ambiguity is not detected, which is
 * why custom scans are also capped in length and matches.
 */
function nestedRepetition(source: string): boolean {
  interface Frame {
    repeats: boolean; // contains an unbounded quantifier
    anchored: boolean; // contains a mandatory, unquantified atom
    alternation: boolean;
  }
  const stack: Frame[] = [{ repeats: false, anchored: false, alternation: false }];
  const unboundedAt = (i: number): number => {
    // Length of an unbounded quantifier at i (+, *, {n,}), 0 if none; bounded ones return -length.
    const c = source[i];
    if (c === '+' || c === '*') return 1;
    if (c === '?') return -1;
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 20));
      if (m) return m[2] !== undefined && (m[3] === '' || m[3] === undefined) ? m[0].length : -m[0].length;
    }
    return 0;
  };
  let i = 0;
  while (i < source.length) {
    const frame = stack[stack.length - 1]!;
    const c = source[i]!;
    let atomEnd = i + 1;
    let closed: Frame | null = null;
    if (c === '\\') atomEnd = i + 2;
    else if (c === '[') {
      let j = i + 1;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      atomEnd = j + 1;
    } else if (c === '(') {
      stack.push({ repeats: false, anchored: false, alternation: false });
      i += source.startsWith('(?', i) ? (/^\(\?(?:<[=!]|<[^>]*>|[:=!])/.exec(source.slice(i))?.[0].length ?? 1) : 1;
      continue;
    } else if (c === ')') {
      closed = stack.length > 1 ? stack.pop()! : null;
    } else if (c === '|') {
      frame.alternation = true;
      i++;
      continue;
    } else if (c === '^' || c === '$') {
      i++;
      continue;
    }
    const quantifier = unboundedAt(atomEnd);
    const parent = stack[stack.length - 1]!;
    if (closed !== null) {
      if (quantifier > 0 && closed.repeats && (!closed.anchored || closed.alternation)) return true;
      parent.repeats ||= closed.repeats || quantifier > 0;
      parent.anchored ||= closed.anchored && quantifier === 0;
    } else if (quantifier > 0) {
      parent.repeats = true;
    } else if (quantifier === 0) {
      parent.anchored = true;
    }
    i = atomEnd + Math.abs(quantifier);
    if (source[i] === '?' && quantifier !== 0) i++; // lazy modifier
  }
  return false;
}

const compiledCache = new Map<string, RegExp | string>();

function compileOne(pattern: string): RegExp | string {
  const cached = compiledCache.get(pattern);
  if (cached !== undefined) return cached;
  let result: RegExp | string;
  const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(pattern);
  const source = literal ? literal[1]! : pattern;
  const flags = literal ? literal[2]!.replace(/[gy]/g, '') : '';
  if (source.trim() === '') result = 'The pattern is empty';
  else if (nestedRepetition(source)) result = 'Nested repetition such as (a+)+ can freeze the page; rewrite it without a repeated group of repeats';
  else {
    try {
      // Prefer Unicode mode; fall back for patterns only valid without it (e.g. [\w-]).
      result = new RegExp(source, flags.includes('u') || flags.includes('v') ? `g${flags}` : `gu${flags}`);
    } catch {
      try {
        result = new RegExp(source, `g${flags}`);
      } catch (error) {
        result = error instanceof Error ? error.message : 'Invalid pattern';
      }
    }
    if (result instanceof RegExp && result.test('')) result = 'The pattern matches empty text';
    if (result instanceof RegExp) result.lastIndex = 0;
  }
  if (compiledCache.size > 200) compiledCache.clear();
  compiledCache.set(pattern, result);
  return result;
}

/**
 * Compiles team-defined patterns without throwing: invalid syntax, empty patterns, patterns
 * matching empty text and patterns with nested repetition (catastrophic backtracking risk) are
 * reported by index so the settings page can show them. `ok` is false when any were refused.
 */
export function compileCustomPatterns(patterns: CustomPattern[]): CompiledPatterns {
  const errors: CompiledPatterns['errors'] = [];
  const compiled: CompiledPatterns['patterns'] = [];
  patterns.forEach(({ label, pattern }, index) => {
    const result = typeof pattern === 'string' ? compileOne(pattern) : 'The pattern must be text';
    if (typeof result === 'string') errors.push({ index, label, message: result });
    else compiled.push({ label, regex: result });
  });
  return { ok: errors.length === 0, errors, patterns: compiled };
}

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-](?:[\p{L}\p{N}._%+-]{0,62}[\p{L}\p{N}_%+-])?@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,8}\p{L}{2,24}(?![\p{L}\p{N}-]|\.[\p{L}\p{N}])/gu;
// Loose URL shapes twitter-text does not extract (localhost, bare IPs, unknown TLDs).
const LOOSE_URL = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"]+/giu;
const CARD = /(?<![\p{L}\p{N}_.,/-])\d(?:[ -]?\d){12,18}(?![\p{L}\p{N}_]|[.,-]\d)/gu;
// Card numbers start like a card: Visa 4, Mastercard 51-55 / 2221-2720, Amex/Diners/JCB 3,
// Discover/UnionPay/Maestro 5-6. Rules out tweet ids (which start with 1) and most account numbers.
const CARD_PREFIX = /^(?:[3-6]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/;
const IBAN_HEAD_BEFORE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2} ?$/iu;
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}/giu;
const DATE = /(?<!\d[-/.]?)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))(?![-/.]?\d)/gu;
const TIME = /(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)/gu;
const PHONE_START = /[+(\d]/g;
const PHONE_KEYWORD = /(?:(?<![\p{L}\p{N}])(?:tel|tél|phone|ph|call|mobile|mob|cell|whatsapp|sms|text|fax|ring|telefon|teléfono|telefone|téléphone)(?![\p{L}\p{N}])\.?|[☎📞📱])[\s:.-]*$/iu;
const CURRENCY_BEFORE = /(?:[$€£¥₹₩₽¢]|\b(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|INR|SEK|NOK|DKK|BRL|MXN))\s?$/iu;
const CURRENCY_AFTER = /^\s?(?:[$€£¥₹₩₽¢%]|(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|INR|SEK|NOK|DKK|BRL|MXN|dollars?|euros?|pounds?|yen|k|m|bn)\b)/iu;
const BAD_BEFORE_PHONE = /[\p{L}\p{N}_#@$€£¥₹/\\=&.,%*^~-]/u;
const BAD_AFTER_PHONE = /^(?:[\p{L}\p{N}_%$€£¥₹@/\\*^~]|[.,:-]\d)/u;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

interface Span {
  start: number;
  end: number;
}

const overlapsAny = (spans: Span[], start: number, end: number): boolean => spans.some((s) => s.start < end && start < s.end);

/**
 * Reads a phone-shaped run at `i`: an optional "+" (and space), then digit groups joined by
 * single spaces, dots or dashes, or by parentheses ("(555) 123-4567", "+44 (0)20 7946 0958").
 * Masked characters (dates, times, URLs) end it. Returns its end and its groups.
 */
function readPhone(text: string, i: number, masked: Uint8Array): { end: number; groups: string[]; seps: string; plus: boolean } | null {
  const at = (j: number): number => (j < text.length && masked[j] === 0 ? text.charCodeAt(j) : -1);
  let j = i;
  const plus = at(j) === 0x2b;
  if (plus) {
    j++;
    if (at(j) === 0x20) j++;
  }
  const groups: string[] = [];
  let seps = '';
  let end = -1;
  for (;;) {
    // A group: digits, or up to five digits in parentheses.
    if (at(j) === 0x28) {
      let k = j + 1;
      while (isDigit(at(k)) && k - j <= 5) k++;
      if (k === j + 1 || at(k) !== 0x29) break;
      groups.push(text.slice(j + 1, k));
      seps += '()';
      j = k + 1;
    } else if (isDigit(at(j))) {
      let k = j;
      while (isDigit(at(k))) k++;
      groups.push(text.slice(j, k));
      j = k;
    } else break;
    end = j;
    // A separator, only if another group follows; a group may also follow a ")" or precede a "(".
    const c = at(j);
    const next = at(j + 1);
    if ((c === 0x20 || c === 0x2e || c === 0x2d) && (isDigit(next) || next === 0x28)) {
      seps += String.fromCharCode(c);
      j++;
    } else if (c !== 0x28 && !(isDigit(c) && text.charCodeAt(j - 1) === 0x29)) break;
  }
  if (end === -1) return null;
  return { end, groups, seps, plus };
}

function looksLikeDate(groups: string[]): boolean {
  if (groups.length !== 3) return false;
  const [a, b, c] = groups.map(Number) as [number, number, number];
  const [la, , lc] = groups.map((g) => g.length) as [number, number, number];
  if (la === 4) return b >= 1 && b <= 12 && c >= 1 && c <= 31;
  if (lc === 4 || lc === 2) return a >= 1 && a <= 31 && b >= 1 && b <= 31 && (a <= 12 || b <= 12);
  return false;
}

function findPhones(text: string, masked: Uint8Array, taken: Span[]): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  PHONE_START.lastIndex = 0;
  for (let m = PHONE_START.exec(text); m; m = PHONE_START.exec(text)) {
    const start = m.index;
    if (masked[start] !== 0) continue;
    const before = text[start - 1] ?? '';
    const run = readPhone(text, start, masked);
    if (run === null) continue;
    PHONE_START.lastIndex = run.end;
    const digits = run.groups.join('');
    if (digits.length < 7 || digits.length > 15) continue;
    if (before !== '' && BAD_BEFORE_PHONE.test(before)) continue;
    if (BAD_AFTER_PHONE.test(text.slice(run.end, run.end + 2))) continue;
    const lead = text.slice(Math.max(0, start - 24), start);
    const tail = text.slice(run.end, run.end + 10);
    if (CURRENCY_BEFORE.test(lead) || CURRENCY_AFTER.test(tail)) continue;
    if (run.seps === '' && !run.plus) {
      // A bare digit run is usually an order number or an id: only a national number with its
      // trunk 0 or one introduced as a phone number counts.
      if (!(digits.startsWith('0') && digits.length >= 9 && digits.length <= 12) && !PHONE_KEYWORD.test(lead)) continue;
    }
    if (!run.plus && /^\.+$/.test(run.seps)) {
      // Dotted numbers: versions and IP addresses have short groups.
      if (run.groups.some((g) => g.length < 2) || (run.groups.length === 4 && run.groups.every((g) => g.length <= 3 && Number(g) <= 255))) continue;
    }
    if (!run.plus && looksLikeDate(run.groups)) continue;
    if (run.plus && digits.length < 8) continue;
    if (overlapsAny(taken, start, run.end)) continue;
    found.push({ kind: 'phone', label: LABELS.phone, start, end: run.end, match: text.slice(start, run.end) });
  }
  return found;
}

function collect(regex: RegExp, text: string, accept: (match: string, start: number) => PersonalDataFinding | null): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    const finding = accept(m[0], m.index);
    if (finding) found.push(finding);
  }
  return found;
}

/**
 * Finds personal data in a reply before it is posted: e-mail addresses, phone numbers (7-15
 * digits, international or national), Luhn-valid payment cards, mod-97-valid IBANs and matches of
 * the team's custom patterns (invalid or risky custom patterns are skipped; see
 * compileCustomPatterns). Findings are sorted by start and never overlap: cards win over phone
 * numbers for the same digits, and built-in kinds win over custom patterns.
 */
export function detectPersonalData(text: string, options: DetectOptions = {}): PersonalDataFinding[] {
  const urls: Span[] = findUrlSpans(text).map(([start, end]) => ({ start, end }));
  LOOSE_URL.lastIndex = 0;
  for (let m = LOOSE_URL.exec(text); m; m = LOOSE_URL.exec(text)) urls.push({ start: m.index, end: m.index + m[0].length });

  const emails = collect(EMAIL, text, (match, start) => ({ kind: 'email', label: LABELS.email, start, end: start + match.length, match }));
  const blocked: Span[] = [...urls, ...emails];

  const cards = collect(CARD, text, (match, start) => {
    const digits = match.replace(/[ -]/g, '');
    if (!CARD_PREFIX.test(digits) || !luhnValid(digits) || overlapsAny(blocked, start, start + match.length)) return null;
    // The digits after an IBAN's country code and check digits are not a card, even when that
    // IBAN is mistyped.
    if (IBAN_HEAD_BEFORE.test(text.slice(Math.max(0, start - 6), start))) return null;
    return { kind: 'card', label: LABELS.card, start, end: start + match.length, match };
  });

  const ibans = collect(IBAN, text, (match, start) => {
    // Take exactly the country's length (the pattern may run on into a following word).
    const country = match.slice(0, 2).toUpperCase();
    const length = Object.hasOwn(IBAN_LENGTHS, country) ? IBAN_LENGTHS[country]! : 0;
    let count = 0;
    let end = start;
    while (end < start + match.length && count < length) {
      if (text[end] !== ' ') count++;
      end++;
    }
    if (count !== length || /[\p{L}\p{N}]/u.test(text[end] ?? '')) return null;
    const candidate = text.slice(start, end);
    if (!ibanValid(candidate) || overlapsAny(blocked, start, end)) return null;
    return { kind: 'iban', label: LABELS.iban, start, end, match: candidate };
  });

  // Phone numbers must not run through URLs, e-mail addresses, dates or times.
  const masked = new Uint8Array(text.length);
  const mask = (s: Span): void => {
    masked.fill(1, s.start, s.end);
  };
  blocked.forEach(mask);
  for (const pattern of [DATE, TIME]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) mask({ start: m.index, end: m.index + m[0].length });
  }
  const phones = findPhones(text, masked, [...cards, ...ibans]);

  const custom: PersonalDataFinding[] = [];
  if (options.customPatterns && options.customPatterns.length > 0) {
    const scanned = text.length > MAX_CUSTOM_SCAN_LENGTH ? text.slice(0, MAX_CUSTOM_SCAN_LENGTH) : text;
    for (const { label, regex } of compileCustomPatterns(options.customPatterns).patterns) {
      regex.lastIndex = 0;
      let count = 0;
      for (let m = regex.exec(scanned); m && count < MAX_CUSTOM_MATCHES; m = regex.exec(scanned)) {
        if (m[0] === '') {
          regex.lastIndex++;
          continue;
        }
        count++;
        custom.push({ kind: 'custom', label, start: m.index, end: m.index + m[0].length, match: m[0] });
      }
      regex.lastIndex = 0;
    }
  }

  // Earlier kinds win overlaps: card, IBAN, e-mail, phone, custom.
  const accepted: PersonalDataFinding[] = [];
  for (const finding of [...cards, ...ibans, ...emails, ...phones, ...custom]) {
    if (!overlapsAny(accepted, finding.start, finding.end)) accepted.push(finding);
  }
  return accepted.sort((a, b) => a.start - b.start || a.end - b.end);
}
