// Splits a post that is over the character budget into a numbered thread ("… 1/3").
//
// Cuts are chosen greedily, part by part: the furthest cut that still fits, preferring a blank line,
// then a line break, then the end of a sentence, then any space, and only as a last resort a
// grapheme boundary inside a word. A cut never falls inside a URL (as twitter-text extracts it), an
// emoji sequence or a grapheme cluster. Each part is then checked with measure() itself, so what
// the composer shows and what X accepts cannot drift apart.
import { DEFAULT_LIMIT, SCALE, measure, weightedUnits } from './budget';

/** Options for {@link splitIntoThread}. */
export interface SplitOptions {
  /** Weighted length limit of each part (280 by default). */
  limit?: number;
  /** Append " i/N" to each part (default true). Its length counts in the part's budget. */
  numbering?: boolean;
}

// Break strength: which kind of boundary a cut lands on.
const PARAGRAPH = 4;
const LINE = 3;
const SENTENCE = 2;
const WORD = 1;

// A structural break (paragraph, line, sentence) is only taken when the part it closes is at
// least this full; otherwise the part is filled up to a weaker break.
const MIN_FILL = 0.4;

interface Break {
  /** Where the part before the break ends (exclusive). */
  end: number;
  /** Where the next part starts. */
  next: number;
  strength: number;
}

// X's invalid characters (twitter-text's invalidCharsGroup): a part holding one is never valid,
// and they are invisible, so the splitter drops them.
const INVALID_CHARS = /[\uFFFE\uFEFF\uFFFF]/g;
const SPACE_RUN = /\s+/gu;
// Sentence end: terminal punctuation, then optional closing quotes or brackets.
const SENTENCE_END = /[.!?…‼⁇⁈⁉][)\]}"'’”»›]*$/u;
// CJK punctuation ends a sentence (or clause) without any following space.
const CJK_STOP = /[。！？]/gu;
const CJK_PAUSE = /[、，；：]/gu;
// Characters that attach to the one before them (grapheme extenders, joiners, modifiers, tags).
const ATTACHES = /^[\p{M}\u200C\u200D\p{Emoji_Modifier}\u{E0020}-\u{E007F}]/u;

const isHangulL = (c: number): boolean => (c >= 0x1100 && c <= 0x115f) || (c >= 0xa960 && c <= 0xa97c);
const isHangulV = (c: number): boolean => (c >= 0x1160 && c <= 0x11a7) || (c >= 0xd7b0 && c <= 0xd7c6);
const isHangulT = (c: number): boolean => (c >= 0x11a8 && c <= 0x11ff) || (c >= 0xd7cb && c <= 0xd7fb);
const isHangulSyllable = (c: number): boolean => c >= 0xac00 && c <= 0xd7a3;

/**
 * Whether a cut at `p` cannot split a grapheme cluster: not between CR and LF, not before a mark,
 * joiner, skin tone or tag character, not after a ZWJ, and not inside a conjoining Hangul jamo
 * sequence. (Emoji, flags and surrogate pairs are already whole units.) A local check, because
 * Intl.Segmenter over 25,000 characters takes ~100 ms.
 */
function isGraphemeBoundary(text: string, p: number): boolean {
  if (p <= 0 || p >= text.length) return true;
  const prev = text.charCodeAt(p - 1);
  const cur = text.charCodeAt(p);
  if (prev === 0x0d && cur === 0x0a) return false;
  if (prev === 0x200d) return false;
  if (ATTACHES.test(text.slice(p, p + 2))) return false;
  if (isHangulL(prev) && (isHangulL(cur) || isHangulV(cur) || isHangulSyllable(cur))) return false;
  if ((isHangulV(prev) || isHangulSyllable(prev)) && (isHangulV(cur) || isHangulT(cur))) return false;
  if (isHangulT(prev) && isHangulT(cur)) return false;
  return true;
}

const digits = (n: number): number => String(n).length;

/** The text of the whole body once split, before numbering, plus the tables used for cutting. */
interface Layout {
  text: string;
  /** cum[k]: scaled weight of units 0..k-1. */
  cum: Float64Array;
  /** unitAt[p]: index of the unit starting at p, or -1 when p is inside a unit. */
  unitAt: Int32Array;
  /** Sorted by end. */
  breaks: Break[];
}

function layout(text: string): Layout {
  const units = weightedUnits(text);
  const cum = new Float64Array(units.length + 1);
  const unitAt = new Int32Array(text.length + 1).fill(-1);
  units.forEach((unit, k) => {
    cum[k + 1] = cum[k]! + unit.weight;
    unitAt[unit.start] = k;
  });
  unitAt[text.length] = units.length;

  const breaks: Break[] = [];
  SPACE_RUN.lastIndex = 0;
  for (let m = SPACE_RUN.exec(text); m; m = SPACE_RUN.exec(text)) {
    const end = m.index;
    const next = end + m[0].length;
    if (end === 0 || next === text.length) continue;
    // A space inside a URL cannot happen; a mark after the space would lose its base.
    if (unitAt[end] === -1 || unitAt[next] === -1 || !isGraphemeBoundary(text, next)) continue;
    const newlines = m[0].split('\n').length - 1;
    let strength = WORD;
    if (newlines >= 2) strength = PARAGRAPH;
    else if (newlines === 1) strength = LINE;
    else if (SENTENCE_END.test(text.slice(Math.max(0, end - 8), end))) strength = SENTENCE;
    breaks.push({ end, next, strength });
  }
  for (const [pattern, strength] of [
    [CJK_STOP, SENTENCE],
    [CJK_PAUSE, WORD],
  ] as const) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const end = m.index + m[0].length;
      if (end < text.length && unitAt[end] !== -1 && isGraphemeBoundary(text, end) && !/\s/u.test(text[end] ?? '')) {
        breaks.push({ end, next: end, strength });
      }
    }
  }
  breaks.sort((a, b) => a.end - b.end);
  return { text, cum, unitAt, breaks };
}

/** Largest unit-boundary position e >= start with weight(start, e) <= budget. */
function furthestFit(l: Layout, start: number, budget: number): number {
  const first = l.unitAt[start]!;
  const base = l.cum[first]!;
  let lo = first;
  let hi = l.cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (l.cum[mid]! - base <= budget) lo = mid;
    else hi = mid - 1;
  }
  // Units are contiguous, so the start of unit `lo` is found by walking from `start`.
  let p = start;
  while (p < l.text.length && l.unitAt[p] !== lo) p++;
  return p;
}

const weightBetween = (l: Layout, start: number, end: number): number => l.cum[l.unitAt[end]!]! - l.cum[l.unitAt[start]!]!;

/** Picks where the part starting at `start` ends, cutting no further than `maxEnd`. */
function chooseCut(l: Layout, start: number, maxEnd: number, budget: number): Break | null {
  // Breaks with start < end <= maxEnd, strongest acceptable first, furthest within a strength.
  let lo = 0;
  let hi = l.breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (l.breaks[mid]!.end <= maxEnd) lo = mid + 1;
    else hi = mid;
  }
  const best: Array<Break | undefined> = [];
  for (let k = lo - 1; k >= 0; k--) {
    const b = l.breaks[k]!;
    if (b.end <= start) break;
    if (best[b.strength] === undefined) best[b.strength] = b;
    if (best[PARAGRAPH] && best[LINE] && best[SENTENCE] && best[WORD]) break;
  }
  for (const strength of [PARAGRAPH, LINE, SENTENCE]) {
    const b = best[strength];
    if (b && weightBetween(l, start, b.end) >= MIN_FILL * budget) return b;
  }
  if (best[WORD]) return best[WORD];
  for (const strength of [SENTENCE, LINE, PARAGRAPH]) {
    const b = best[strength];
    if (b) return b;
  }
  // No break in reach: a hard cut at the furthest grapheme boundary, else the furthest unit
  // boundary (a grapheme heavier than a whole part, e.g. hundreds of stacked marks).
  for (let p = maxEnd; p > start; p--) {
    if (l.unitAt[p] !== -1 && isGraphemeBoundary(l.text, p)) return { end: p, next: p, strength: 0 };
  }
  for (let p = maxEnd; p > start; p--) {
    if (l.unitAt[p] !== -1) return { end: p, next: p, strength: 0 };
  }
  return null;
}

const suffixFor = (index: number, total: number): string => ` ${index}/${total}`;

/** Splits with the numbering suffix sized for a total of `totalDigits` digits. */
function splitWith(l: Layout, limit: number, numbering: boolean, totalDigits: number): string[] {
  const parts: string[] = [];
  const text = l.text;
  const placeholderTotal = 10 ** totalDigits - 1;
  let start = 0;
  while (start < text.length) {
    const index = parts.length + 1;
    const suffix = numbering ? suffixFor(index, placeholderTotal) : '';
    const budget = (limit - suffix.length) * SCALE;
    const remainderFits = weightBetween(l, start, text.length) <= budget;
    let maxEnd = remainderFits ? text.length : furthestFit(l, start, budget);
    for (;;) {
      if (maxEnd <= start) throw new RangeError(`A ${limit}-character part cannot hold "${text.slice(start, start + 30)}"`);
      const cut: Break | null = maxEnd === text.length ? { end: text.length, next: text.length, strength: PARAGRAPH } : chooseCut(l, start, maxEnd, budget);
      if (cut === null) throw new RangeError(`A ${limit}-character part cannot hold "${text.slice(start, start + 30)}"`);
      const body = text.slice(start, cut.end);
      // The exact check: measured standalone, as X will (URL context can differ at a cut).
      if (measure(body + suffix, { limit }).valid) {
        parts.push(body);
        start = cut.next;
        break;
      }
      maxEnd = cut.end - 1;
    }
  }
  return parts;
}

/**
 * Splits text that is over the limit into thread parts that each pass measure(part, { limit }),
 * numbered " i/N" at the end unless `numbering` is false. Text that already fits comes back
 * unchanged as a single part; blank text gives no parts. Cuts prefer paragraph, line, sentence and
 * word boundaries, never split a URL, emoji or grapheme, and drop only the whitespace at the cut
 * (plus U+FFFE/FEFF/FFFF, which X rejects). Throws a RangeError only when the limit is too small
 * for a single URL or grapheme plus the numbering.
 */
export function splitIntoThread(text: string, options: SplitOptions = {}): string[] {
  const limit = options.limit !== undefined && Number.isFinite(options.limit) && options.limit > 0 ? options.limit : DEFAULT_LIMIT;
  const numbering = options.numbering ?? true;
  if (measure(text, { limit }).valid && text.trim() !== '') return [text];
  const clean = text.normalize('NFC').replace(INVALID_CHARS, '').trim();
  if (clean === '') return [];
  if (measure(clean, { limit }).valid) return [clean];

  const l = layout(clean);
  if (!numbering) return splitWith(l, limit, false, 0);
  // Size the suffix for the total: if the thread needs more parts than the digits assumed allow
  // (10+ parts with a 1-digit guess), split again with the wider suffix.
  let totalDigits = 1;
  for (;;) {
    const parts = splitWith(l, limit, true, totalDigits);
    if (digits(parts.length) <= totalDigits) {
      return parts.map((part, k) => part + suffixFor(k + 1, parts.length));
    }
    totalDigits = digits(parts.length);
  }
}
