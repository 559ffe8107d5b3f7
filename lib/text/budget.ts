// Character budget for posts on X, following twitter-text's config v3 (see DESIGN.md section 5).
//
// twitter-text 3.1.0's parseTweet counts emoji with a 2018 emoji parser, so emoji added since then
// are overcounted (heart on fire counts 5, kiss with two skin tones 11). Here only twitter-text's
// URL patterns are used (deep imports: the package root costs ~37 KB gz in the x.com content
// script); the weighting loop below reproduces parseTweet step by step (same validity rules, same
// validRangeEnd quirks) with emoji recognised from the engine's own `\p{RGI_Emoji}` data instead,
// so every RGI emoji sequence counts 2. Emoji data therefore follows the browser's ICU version.
import idna from 'twitter-text/dist/esm/lib/idna.js';
import extractUrl from 'twitter-text/dist/esm/regexp/extractUrl.js';
import validAsciiDomain from 'twitter-text/dist/esm/regexp/validAsciiDomain.js';
import validTcoUrl from 'twitter-text/dist/esm/regexp/validTcoUrl.js';

/** Default maximum post length on X (premium accounts may raise it to 25,000). */
export const DEFAULT_LIMIT = 280;

/** Weight of one "character" in twitter-text's scaled units (config v3 `scale`). */
export const SCALE = 100;
/** Weight of a character outside the light ranges, and of one emoji sequence. */
export const HEAVY_WEIGHT = 200;
/** Weight of a character inside the light ranges. */
export const LIGHT_WEIGHT = 100;
/** Every URL counts as this many characters, whatever its length (t.co wrapping). */
export const URL_LENGTH = 23;

/** What twitter-text's parseTweet reports, for config v3 with our emoji correction. */
export interface Measure {
  /** Length as X shows it: the weighted sum divided by the scale. */
  weightedLength: number;
  /** Non-empty, within the limit and free of the characters X rejects. */
  valid: boolean;
  /** floor(weightedLength / limit * 1000), computed exactly as twitter-text does. */
  permillage: number;
  /** Always 0 (kept for parity with twitter-text). */
  validRangeStart: number;
  /** Inclusive UTF-16 index of the last character that still fits, as twitter-text computes it. */
  validRangeEnd: number;
  /** The limit the text was measured against. */
  limit: number;
  /** limit - weightedLength (negative when over). */
  remaining: number;
}

/** Options for {@link measure}. */
export interface MeasureOptions {
  /** Maximum weighted length; 280 unless the account may post longer. */
  limit?: number;
}

/** A span of the (NFC-normalised) text that is counted as one unit. */
export interface WeightedUnit {
  kind: 'url' | 'emoji' | 'char';
  /** UTF-16 start index, inclusive. */
  start: number;
  /** UTF-16 end index, exclusive. */
  end: number;
  /** Scaled weight: 2300 for a URL, 200 for an emoji, 100 or 200 for a character. */
  weight: number;
}

// Characters X refuses anywhere in a post (twitter-text's invalidCharsGroup).
const isInvalidCode = (code: number): boolean => code === 0xfffe || code === 0xfeff || code === 0xffff;

/**
 * Scaled weight of one UTF-16 code unit under config v3: 100 inside the light ranges
 * (U+0000-10FF, U+2000-200D, U+2010-201F, U+2032-2037), 200 everywhere else. Callers pass the
 * low surrogate for astral characters, exactly as twitter-text does (always 200).
 */
export function codeUnitWeight(code: number): number {
  if (code <= 0x10ff) return LIGHT_WEIGHT;
  if (code < 0x2000 || code > 0x2037) return HEAVY_WEIGHT;
  if (code <= 0x200d || (code >= 0x2010 && code <= 0x201f) || code >= 0x2032) return LIGHT_WEIGHT;
  return HEAVY_WEIGHT;
}

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

// twitter-text's spacesGroup. Its URL pattern cannot match across any of these characters, so
// extracting URLs from each space-free run (plus the one space before it, which the pattern
// consumes as the URL's preceding character) gives the same result as scanning the whole text.
// That is much faster on long posts: the full pattern costs ~4 µs per URL-like run and is slow
// on 25,000 characters of prose, so only runs that can hold a domain are handed to it.
function isSpaceCode(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    (c >= 0x1680 &&
      (c === 0x1680 || c === 0x180e || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000))
  );
}

// A URL needs a dot followed by its top-level domain, which starts with a letter (or is an IDN).
const DOMAIN_DOT = /\.[A-Za-z\u0080-\uFFFF]/g;

const MAX_URL_LENGTH = 4096;
const MAX_TCO_SLUG_LENGTH = 40;
const MAX_DOMAIN_LABEL_LENGTH = 63;
const INVALID_BEFORE_BARE_DOMAIN = /[-_./]$/;
const NON_ASCII = /[^\x00-\x7F]/;

/**
 * twitter-text's idna.toAscii length check. Punycode leaves ASCII labels unchanged, so for ASCII
 * domains it is only a label-length test; twitter-text's punycode path (~2 µs a call, most of the
 * cost of extraction) is kept for internationalised domains.
 */
function asciiDomainLength(domain: string): number | undefined {
  if (NON_ASCII.test(domain)) return idna.toAscii(domain)?.length;
  if (domain.startsWith('xn--') && domain.match(validAsciiDomain) === null) return undefined;
  for (const label of domain.split('.')) {
    if (label.length < 1 || label.length > MAX_DOMAIN_LABEL_LENGTH) return undefined;
  }
  return domain.length;
}

function isValidUrl(url: string, protocol: string, domain: string): boolean {
  const encodedLength = asciiDomainLength(domain);
  if (!encodedLength) return false;
  return protocol.length + url.length + encodedLength - domain.length <= MAX_URL_LENGTH;
}

/**
 * twitter-text 3.1.0's extractUrlsWithIndices (URLs without protocol included), statement for
 * statement with its own patterns, returning [start, start + url.length) like parseTweet uses.
 * Ported rather than called only to skip its slow punycode call for ASCII domains; the
 * conformance tests and a differential fuzz run check it against the original.
 */
function extractUrlSpans(text: string): Array<[number, number]> {
  const urls: Array<[number, number]> = [];
  if (!text.includes('.')) return urls;
  extractUrl.lastIndex = 0;
  for (let m = extractUrl.exec(text); m; m = extractUrl.exec(text)) {
    const before = m[2] ?? '';
    let url = m[3] ?? '';
    const protocol = m[4] ?? '';
    const domain = m[5] ?? '';
    const path = m[7] ?? '';
    const startPosition = extractUrl.lastIndex - url.length;
    if (!isValidUrl(url, protocol || 'https://', domain)) continue;
    if (!protocol) {
      // Bare domains: only their ASCII-only parts count as URLs.
      if (INVALID_BEFORE_BARE_DOMAIN.test(before)) continue;
      let last: { url: string; start: number } | null = null;
      let asciiEndPosition = 0;
      validAsciiDomain.lastIndex = 0;
      for (let a = validAsciiDomain.exec(domain); a; a = validAsciiDomain.exec(domain)) {
        const asciiStartPosition = domain.indexOf(a[0], asciiEndPosition);
        asciiEndPosition = asciiStartPosition + a[0].length;
        last = { url: a[0], start: startPosition + asciiStartPosition };
        urls.push([last.start, last.start + last.url.length]);
        if (a[0] === '') validAsciiDomain.lastIndex++;
      }
      if (last === null) continue;
      if (path) {
        // The last domain carries the path and query.
        last.url = url.replace(domain, last.url);
        urls[urls.length - 1] = [last.start, last.start + last.url.length];
      }
    } else {
      // t.co links may not carry extra path characters.
      const tco = validTcoUrl.exec(url);
      if (tco) {
        if (tco[1] && tco[1].length > MAX_TCO_SLUG_LENGTH) continue;
        url = tco[0];
      }
      urls.push([startPosition, startPosition + url.length]);
    }
  }
  return urls;
}

// Runs recur on every keystroke of the same post, so their URLs are remembered (bounded).
const urlCache = new Map<string, Array<[number, number]>>();

function urlsInRun(run: string): Array<[number, number]> {
  const cached = urlCache.get(run);
  if (cached) return cached;
  const found = extractUrlSpans(run);
  if (urlCache.size >= 1000) urlCache.clear();
  urlCache.set(run, found);
  return found;
}

/**
 * URL spans exactly as twitter-text's extractUrlsWithIndices finds them (including bare domains
 * such as "example.com"), as [start, end) UTF-16 pairs. Their length is taken from the URL string,
 * as parseTweet does.
 */
export function findUrlSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const length = text.length;
  DOMAIN_DOT.lastIndex = 0;
  for (let dot = DOMAIN_DOT.exec(text); dot; dot = DOMAIN_DOT.exec(text)) {
    let start = dot.index;
    while (start > 0 && !isSpaceCode(text.charCodeAt(start - 1))) start--;
    let end = dot.index + 1;
    while (end < length && !isSpaceCode(text.charCodeAt(end))) end++;
    DOMAIN_DOT.lastIndex = end;
    // Keep the space before the run: without it the pattern would take the run's first
    // character as the URL's preceding character.
    const offset = start > 0 ? start - 1 : 0;
    for (const [from, to] of urlsInRun(text.slice(offset, end))) spans.push([offset + from, offset + to]);
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Emoji
// ---------------------------------------------------------------------------------------------

// `\p{RGI_Emoji}` is exact but slow to scan with (the engine tries thousands of strings at every
// position: ~130 µs per 280 characters). So the scan uses a cheap grammar of every shape an emoji
// sequence can take (UTS #51: flag, keycap, tag sequence, element (ZWJ element)*) and only asks
// the RGI set about multi-code-point candidates, caching the answers.
const ELEMENT = String.raw`\p{Emoji}(?:\uFE0F?\p{Emoji_Modifier}|\uFE0F)?`;
// Tried only at positions where an emoji can start (see EMOJI_START), hence sticky.
const EMOJI_CANDIDATE = new RegExp(
  [
    String.raw`\p{Regional_Indicator}{2}`,
    String.raw`[#*0-9]\uFE0F?\u20E3`,
    String.raw`\p{Emoji}[\u{E0020}-\u{E007E}]+\u{E007F}`,
    String.raw`${ELEMENT}(?:\u200D${ELEMENT})*`,
  ].join('|'),
  'uy',
);
const RGI_EXACT = /^\p{RGI_Emoji}$/v;
const SINGLE_EMOJI = /^[\p{Emoji_Presentation}--\p{Regional_Indicator}]$/v;
// twitter-text's parser counts a keycap without U+FE0F ("1⃣") as one emoji; it is not RGI.
const BARE_KEYCAP = /^[#*0-9]\u20E3$/;
// Also one emoji for twitter-text, though not RGI: the emoji-presentation characters that have a
// standard variation sequence, written with a redundant U+FE0F (iOS often adds it, as in "⭐️"),
// and the skier with a skin tone.
const LEGACY_ONE =
  /^(?:[\u231A\u231B\u25FD\u25FE\u2614\u2615\u2648-\u2653\u267F\u2693\u26A1\u26AA\u26AB\u26BD\u26BE\u26C4\u26C5\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA\u26FD\u2757\u2B1B\u2B1C\u2B50\u2B55\u{1F004}\u{1F21A}\u{1F22F}]\uFE0F|\u26F7\p{Emoji_Modifier})$/u;
const NEEDS_SELECTOR = /^\p{Emoji}$/u;
// A redundant U+FE0F between a text-style base and its skin tone ("⛹️🏻"); after an emoji-style
// base ("🤷️🏻") twitter-text does not join them either, so neither do we.
const SELECTOR_BEFORE_MODIFIER = /(?<=\P{Emoji_Presentation})\uFE0F(?=\p{Emoji_Modifier})/gu;
const PRESENTATION = /^\p{Emoji_Presentation}$/u;

const verdicts = new Map<string, boolean>();

const isSingleCodePoint = (s: string): boolean =>
  s.length === 1 || (s.length === 2 && (s.codePointAt(0) ?? 0) > 0xffff);

/**
 * Whether a candidate counts as one emoji: an RGI sequence, a bare keycap, a legacy form
 * twitter-text counts as one, or a sequence that becomes RGI once normalised: text-style
 * elements given their U+FE0F (minimally-qualified "❤‍🔥", drawn as one glyph everywhere) or a
 * text-style base's U+FE0F dropped before a skin tone ("⛹️🏻").
 */
function isOneEmoji(candidate: string): boolean {
  const known = verdicts.get(candidate);
  if (known !== undefined) return known;
  let ok: boolean;
  if (isSingleCodePoint(candidate)) {
    ok = SINGLE_EMOJI.test(candidate);
  } else {
    ok = RGI_EXACT.test(candidate) || BARE_KEYCAP.test(candidate) || LEGACY_ONE.test(candidate);
    if (!ok) {
      const qualified = candidate
        .replace(SELECTOR_BEFORE_MODIFIER, '')
        .split('\u200D')
        .map((element) => (NEEDS_SELECTOR.test(element) && !PRESENTATION.test(element) ? `${element}\uFE0F` : element))
        .join('\u200D');
      ok = qualified !== candidate && RGI_EXACT.test(qualified);
    }
  }
  if (verdicts.size >= 2000) verdicts.clear();
  verdicts.set(candidate, ok);
  return ok;
}

/**
 * Length of the longest prefix of `candidate` (ending on a code point) that is one emoji, or 0.
 * For the rare candidates that are not one emoji as a whole: an RGI emoji followed by a stray ZWJ
 * and another emoji, an unknown ZWJ combination ("🐱‍👤"), a skin tone on a non-modifier base.
 */
function longestEmojiPrefix(candidate: string): number {
  for (let end = candidate.length - 1; end > 0; end--) {
    const code = candidate.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) continue; // would split a surrogate pair
    if (isOneEmoji(candidate.slice(0, end))) return end;
  }
  return 0;
}

// Where an emoji can start: every `\p{Emoji}` character is ©, ®, in U+203C-2BFF, one of four CJK
// symbols, or astral with a D83C-D83E high surrogate (checked against the whole Unicode range);
// an ASCII digit, # or * only as a keycap. Jumping between these with a plain character class is
// far faster than letting a Unicode-property pattern try every position of a long post.
const EMOJI_START = /[#*0-9](?=[\uFE0F\u20E3])|[\xA9\xAE\u203C-\u2BFF\u3030\u303D\u3297\u3299\uD83C-\uD83E]/g;

/**
 * Emoji sequence spans, as [start, end) UTF-16 pairs, scanning left to right like twitter-text's
 * emoji parser. Every RGI emoji sequence (including ones newer than twitter-text's 2018 data) is
 * one span; a ZWJ sequence that is not RGI falls apart into its emoji, as twitter-text counts it.
 */
export function findEmojiSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  EMOJI_START.lastIndex = 0;
  for (let hit = EMOJI_START.exec(text); hit; hit = EMOJI_START.exec(text)) {
    const i = hit.index;
    EMOJI_CANDIDATE.lastIndex = i;
    const m = EMOJI_CANDIDATE.exec(text);
    if (!m) continue;
    if (isOneEmoji(m[0])) {
      spans.push([i, i + m[0].length]);
      EMOJI_START.lastIndex = i + m[0].length;
      continue;
    }
    if (isSingleCodePoint(m[0])) continue; // a character that is not an emoji on its own
    // Not one emoji as a whole: take the longest emoji at its start, if any, and scan on right
    // after it (or after its first code point).
    const head = longestEmojiPrefix(m[0]);
    if (head > 0) {
      spans.push([i, i + head]);
      EMOJI_START.lastIndex = i + head;
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Weighing
// ---------------------------------------------------------------------------------------------

interface WalkTotals {
  /** Sum of scaled weights. */
  scaled: number;
  /** No invalid character met (twitter-text's running `valid`). */
  clean: boolean;
  /** Last index of the last unit that was clean and within `maxScaled`. */
  validIndex: number;
}

/**
 * Walks NFC-normalised text exactly as parseTweet does: at each index a URL starting there
 * counts 23, else an emoji sequence starting there counts 2, else the character (or surrogate
 * pair) counts by its code unit; only the last code unit of each unit is checked for invalid
 * characters. Totals are always computed; units are recorded only when `units` is given (the
 * splitter), so measure() allocates nothing per character.
 */
function walk(text: string, maxScaled: number, units: WeightedUnit[] | null): WalkTotals {
  const urls = findUrlSpans(text);
  const emoji = findEmojiSpans(text);
  const length = text.length;
  let u = 0;
  let e = 0;
  let nextUrl = urls.length > 0 ? urls[0]![0] : -1;
  let nextEmoji = emoji.length > 0 ? emoji[0]![0] : -1;
  let scaled = 0;
  let clean = true;
  let validIndex = 0;
  for (let i = 0; i < length; i++) {
    const start = i;
    while (nextUrl !== -1 && nextUrl < i) nextUrl = ++u < urls.length ? urls[u]![0] : -1;
    while (nextEmoji !== -1 && nextEmoji < i) nextEmoji = ++e < emoji.length ? emoji[e]![0] : -1;
    let weight: number;
    let kind: WeightedUnit['kind'] = 'char';
    if (nextUrl === i) {
      i = urls[u]![1] - 1;
      weight = URL_LENGTH * SCALE;
      kind = 'url';
    } else if (nextEmoji === i) {
      i = emoji[e]![1] - 1;
      weight = HEAVY_WEIGHT;
      kind = 'emoji';
    } else {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) i++;
      }
      weight = codeUnitWeight(text.charCodeAt(i));
    }
    scaled += weight;
    if (clean) clean = !isInvalidCode(text.charCodeAt(i));
    if (clean && scaled <= maxScaled) validIndex = i;
    if (units !== null) units.push({ kind, start, end: i + 1, weight });
  }
  return { scaled, clean, validIndex };
}

/**
 * Splits NFC-normalised text into the units X counts (URLs, emoji sequences, characters), with
 * their scaled weights. Used by the thread splitter to know where it must not cut and how much
 * each piece weighs.
 */
export function weightedUnits(normalizedText: string): WeightedUnit[] {
  const units: WeightedUnit[] = [];
  walk(normalizedText, Number.POSITIVE_INFINITY, units);
  return units;
}

/**
 * Measures a post the way X does (twitter-text config v3 semantics, every RGI emoji counting 2):
 * weighted length, validity, permillage and the valid range. Pure and allocation-light: the
 * composer calls it on every keystroke. Whitespace-only text is valid here, as in twitter-text;
 * callers that must refuse blank posts check that separately.
 */
export function measure(text: string, options: MeasureOptions = {}): Measure {
  const limit = options.limit !== undefined && Number.isFinite(options.limit) && options.limit > 0 ? options.limit : DEFAULT_LIMIT;
  const normalized = text.normalize('NFC');
  const { scaled, clean, validIndex } = walk(normalized, limit * SCALE, null);
  const weightedLength = scaled / SCALE;
  const valid = clean && weightedLength > 0 && weightedLength <= limit;
  return {
    weightedLength,
    valid,
    // Same expression order as twitter-text (differs from exact integer division only above 1000).
    permillage: Math.floor((weightedLength / limit) * 1000),
    validRangeStart: 0,
    // twitter-text shifts the index by the length change from normalisation, whatever its position.
    validRangeEnd: validIndex + (text.length - normalized.length),
    limit,
    remaining: limit - weightedLength,
  };
}
