import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import twitterText from 'twitter-text';
import {
  codeUnitWeight,
  DEFAULT_LIMIT,
  findEmojiSpans,
  findUrlSpans,
  measure,
  weightedUnits,
  type Measure,
} from '@/lib/text/budget';

// Conformance-style cases written for this project (twitter-text config v3 semantics): the text,
// then weightedLength, valid, permillage and validRangeEnd (validRangeStart is always 0).
type Case = [description: string, text: string, weighted: number, valid: boolean, permillage: number, validRangeEnd: number];

function expectMeasure(text: string, [weighted, valid, permillage, end]: [number, boolean, number, number], limit?: number): Measure {
  const m = measure(text, limit === undefined ? {} : { limit });
  expect({ weighted: m.weightedLength, valid: m.valid, permillage: m.permillage, start: m.validRangeStart, end: m.validRangeEnd }).toEqual({
    weighted,
    valid,
    permillage,
    start: 0,
    end,
  });
  return m;
}

const table = (cases: Case[]): void => {
  it.each(cases)('%s', (_description, text, weighted, valid, permillage, end) => {
    expectMeasure(text, [weighted, valid, permillage, end]);
  });
};

describe('measure: plain text and the light ranges', () => {
  table([
    ['empty text is not a valid post', '', 0, false, 0, 0],
    ['ASCII counts 1 per character', 'hello', 5, true, 17, 4],
    ['Latin accents are in the light range', 'café', 4, true, 14, 3],
    ['whitespace-only text is valid, as in twitter-text', '   ', 3, true, 10, 2],
    ['U+10FF is the last light character of the first range', '\u10FF', 1, true, 3, 0],
    ['U+1100 (Hangul jamo) is heavy', '\u1100', 2, true, 7, 0],
    ['U+1FFF is heavy', '\u1FFF', 2, true, 7, 0],
    ['U+2002 (en space) is light', '\u2002', 1, true, 3, 0],
    ['U+200D (ZWJ) is the last light character of the second range', '\u200D', 1, true, 3, 0],
    ['U+200E (left-to-right mark) is heavy', '\u200E', 2, true, 7, 0],
    ['U+2010 (hyphen) starts the third range', '\u2010', 1, true, 3, 0],
    ['U+201C/U+201D (curly quotes) are light', '\u201C\u201D', 2, true, 7, 1],
    ['U+201F is light, U+2020 (dagger) heavy', '\u201F\u2020', 3, true, 10, 1],
    ['U+2031 is heavy, U+2032 (prime) light', '\u2031\u2032', 3, true, 10, 1],
    ['U+2037 is light, U+2038 heavy', '\u2037\u2038', 3, true, 10, 1],
    ['CJK ideographs count 2', '日本語', 6, true, 21, 2],
    ['Hangul syllables count 2', '한국', 4, true, 14, 1],
    ['kana counts 2', 'かな', 4, true, 14, 1],
    ['an astral non-emoji character counts 2 once', '𝒜', 2, true, 7, 1],
    ['a lone surrogate counts 2', '\uD800', 2, true, 7, 0],
  ]);
});

describe('measure: URLs count 23 whatever their length', () => {
  table([
    ['a long URL with path, query and fragment', 'https://example.com/a/very/long/path?with=query#frag', 23, true, 82, 51],
    ['a t.co link', 'http://t.co/abc', 23, true, 82, 14],
    ['a bare domain', 'example.com', 23, true, 82, 10],
    ['a www domain with path', 'www.example.co.uk/path', 23, true, 82, 21],
    ['a bare domain in a sentence keeps its full stop out', 'Visit example.com.', 30, true, 107, 17],
    ['an unknown top-level domain is not a URL', 'a.b', 3, true, 10, 2],
    ['a domain glued to an underscore is not a URL', 'foo_example.com', 15, true, 53, 14],
    ['an internationalised domain with protocol', 'http://müller.de', 23, true, 82, 15],
    ['a bare domain with Latin accents', 'münchen.de', 23, true, 82, 9],
    ['two bare domains', 'a.com b.com', 47, true, 167, 10],
    ['a t.co slug over 40 characters is not a URL', `https://t.co/${'a'.repeat(41)}`, 54, true, 192, 53],
    ['a URL in parentheses', '(see https://example.com/x)', 29, true, 103, 26],
    ['text then a URL', 'Hello https://example.com', 29, true, 103, 24],
  ]);

  it('finds URL spans exactly where twitter-text does', () => {
    expect(findUrlSpans('go to https://example.com/x, or example.org.')).toEqual([
      [6, 27],
      [32, 43],
    ]);
    expect(findUrlSpans('no links here. none.')).toEqual([]);
  });

  it('keeps the character before a URL in its context (a space, not the start of a run)', () => {
    // After a space, twitter-text takes the accented letter as part of the domain; at the very
    // start of the text it takes it as the preceding character instead.
    expect(findUrlSpans(' \u00E1foo.bar')).toEqual([[1, 9]]);
    expect(findUrlSpans('\u00E1foo.bar')).toEqual([[1, 8]]);
    expect(measure('x \u00E1example.com').weightedLength).toBe(25);
    expect(measure('\u00E1example.com').weightedLength).toBe(24);
  });
});

describe('measure: emoji', () => {
  table([
    ['a basic emoji', '😀', 2, true, 7, 1],
    ['text with a skin-toned emoji', 'Hi 👋🏽!', 6, true, 21, 7],
    ['a flag', '🇯🇵', 2, true, 7, 3],
    ['a keycap', '#️⃣', 2, true, 7, 2],
    ['a keycap without U+FE0F, as twitter-text counts it', '1⃣', 2, true, 7, 1],
    ['a family ZWJ sequence', '👨‍👩‍👧‍👦', 2, true, 7, 10],
    ['a subdivision flag (tag sequence)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 2, true, 7, 13],
    ['red heart with U+FE0F', '❤️', 2, true, 7, 1],
    ['emoji-presentation star with a redundant U+FE0F', '⭐️', 2, true, 7, 1],
    ['text-presentation heart (U+FE0E) is two characters', '❤︎', 4, true, 14, 1],
    ['bare copyright sign is a light character, not an emoji', '©', 1, true, 3, 0],
    ['copyright sign with U+FE0F is an emoji', '©️', 2, true, 7, 1],
    ['a ZWJ pair that is not RGI falls apart', '🐱‍👤', 5, true, 17, 4],
    ['an RGI sequence followed by a stray ZWJ and emoji', '👨‍👩‍👧‍👦‍🔥', 5, true, 17, 13],
  ]);

  // twitter-text 3.1.0's 2018 data overcounts these; X counts each as one emoji.
  it.each([
    ['heart on fire', '\u2764\uFE0F\u200D\u{1F525}'],
    ['heart on fire, minimally qualified', '\u2764\u200D\u{1F525}'],
    ['kiss with two skin tones', '\u{1F9D1}\u{1F3FB}\u200D\u2764\uFE0F\u200D\u{1F48B}\u200D\u{1F9D1}\u{1F3FC}'],
    ['black bird', '\u{1F426}\u200D\u2B1B'],
    ['head shaking horizontally', '\u{1F642}\u200D\u2194\uFE0F'],
    ['family adult, adult, child', '\u{1F9D1}\u200D\u{1F9D1}\u200D\u{1F9D2}'],
    ['handshake with a skin tone', '\u{1FAF1}\u{1F3FD}'],
    ['person running facing right with skin tone', '\u{1F3C3}\u{1F3FD}\u200D\u2640\uFE0F\u200D\u27A1\uFE0F'],
  ])('counts a modern RGI sequence (%s) as 2', (_name, emoji) => {
    expect(measure(emoji).weightedLength).toBe(2);
    expect(measure(`a${emoji}b`).weightedLength).toBe(4);
    expect(findEmojiSpans(emoji)).toEqual([[0, emoji.length]]);
    // ...where twitter-text 3.1.0 counts more, which is the bug this module exists for.
    expect(twitterText.parseTweet(emoji).weightedLength).toBeGreaterThan(2);
  });

  it('counts 140 family emoji as exactly 280 and 141 as over', () => {
    const family = '👨‍👩‍👧‍👦';
    expectMeasure(family.repeat(140), [280, true, 1000, family.length * 140 - 1]);
    expect(measure(family.repeat(141)).valid).toBe(false);
  });
});

describe('measure: directional marks and invalid characters', () => {
  table([
    ['isolates around right-to-left text count 2 each', '\u2067שלום\u2069', 8, true, 28, 5],
    ['isolates around a URL do not break it', '\u2066https://example.com\u2069', 27, true, 96, 20],
    ['the Arabic letter mark is in the light range', '\u061C', 1, true, 3, 0],
    ['the left-to-right mark counts 2', '\u200E', 2, true, 7, 0],
    ['U+FFFE makes the post invalid, the range ends before it', 'abc\uFFFE', 5, false, 17, 2],
    ['a leading byte-order mark (U+FEFF) leaves no valid range', '\uFEFFabc', 5, false, 17, 0],
    ['the range stops at the first U+FFFF', 'ab\uFFFFcd\uFFFE', 8, false, 28, 1],
  ]);
});

describe('measure: NFC normalisation', () => {
  table([
    ['a decomposed accent counts once, the range is shifted like twitter-text', 'Cafe\u0301', 4, true, 14, 4],
    ['conjoining jamo compose into one syllable', '\u1100\u1161', 2, true, 7, 1],
  ]);
});

describe('measure: limit, valid range and permillage', () => {
  table([
    ['280 ASCII characters fit exactly', 'a'.repeat(280), 280, true, 1000, 279],
    ['281 ASCII characters do not', 'a'.repeat(281), 281, false, 1003, 279],
    ['141 CJK characters: the range ends at the 140th', '語'.repeat(141), 282, false, 1007, 139],
    ['an emoji that crosses the limit is outside the range', `${'a'.repeat(279)}😀`, 281, false, 1003, 278],
    ['a URL that crosses the limit is outside the range', `${'a'.repeat(260)} https://example.com`, 284, false, 1014, 260],
  ]);

  it('reports the limit and what remains', () => {
    expect(measure('hello')).toMatchObject({ limit: DEFAULT_LIMIT, remaining: 275 });
    expect(measure('a'.repeat(290))).toMatchObject({ limit: 280, remaining: -10 });
  });

  it('accepts a premium limit of 25,000', () => {
    const m = expectMeasure('a'.repeat(25_000), [25_000, true, 1000, 24_999], 25_000);
    expect(m).toMatchObject({ limit: 25_000, remaining: 0 });
    expectMeasure('a'.repeat(25_001), [25_001, false, 1000, 24_999], 25_000);
    expectMeasure('日'.repeat(12_600), [25_200, false, 1008, 12_499], 25_000);
  });

  it('accepts small limits and ignores unusable ones', () => {
    expectMeasure('hello world', [11, false, 1100, 9], 10);
    expect(measure('hello', { limit: 0 }).limit).toBe(280);
    expect(measure('hello', { limit: -5 }).limit).toBe(280);
    expect(measure('hello', { limit: Number.NaN }).limit).toBe(280);
  });

  it('computes a mixed customer-service reply', () => {
    const reply = 'Thanks! 🙏 Your refund for order #4521 is on its way: https://shop.example/orders/4521 — 返金済み ✅';
    expectMeasure(reply, [100, true, 357, 94]);
  });
});

describe('helpers', () => {
  it('weighs code units by range', () => {
    expect([0x41, 0x10ff, 0x1100, 0x2000, 0x200d, 0x200e, 0x2010, 0x201f, 0x2020, 0x2032, 0x2037, 0x2038, 0x3042].map(codeUnitWeight)).toEqual([
      100, 100, 200, 100, 100, 200, 100, 100, 200, 100, 100, 200, 200,
    ]);
  });

  it('splits text into counted units', () => {
    expect(weightedUnits('a😀 x.com').map((u) => [u.kind, u.start, u.end, u.weight])).toEqual([
      ['char', 0, 1, 100],
      ['emoji', 1, 3, 200],
      ['char', 3, 4, 100],
      ['url', 4, 9, 2300],
    ]);
  });
});

// twitter-text's config v3 with another limit (its typings lack `configs` and `emojiParsingEnabled`).
const configV3 = (limit: number) => ({
  version: 3,
  maxWeightedTweetLength: limit,
  scale: 100,
  defaultWeight: 200,
  emojiParsingEnabled: true,
  transformedURLLength: 23,
  ranges: [
    { start: 0x0000, end: 0x10ff, weight: 100 },
    { start: 0x2000, end: 0x200d, weight: 100 },
    { start: 0x2010, end: 0x201f, weight: 100 },
    { start: 0x2032, end: 0x2037, weight: 100 },
  ],
});

describe('measure agrees with twitter-text wherever its 2018 emoji data is not involved', () => {
  // Pieces covering every rule: URLs with and without protocol, CJK, old emoji, marks, invalid
  // characters, combining accents, spaces of all kinds.
  const pieces = [
    'a', 'Z', '9', ' ', '\n', '.', ',', '-', '_', '/', '@user', '#tag', '$CASH', 'é', 'e\u0301', 'ü', '日本', '한', 'ヤ', '𝒜',
    'example.com', 'https://t.co/abc123', 'http://x.co/a/b?c=d', 'www.foo.org/path(1)', 'münchen.de', 'http://あいう.com',
    'foo.bar', 'e.g.', 'v1.2.3', '😷', '👍🏽', '🇺🇸', '1⃣', '#️⃣', '©', '©️', '☺', '❤️', '👨‍👩‍👧‍👦', '🏴󠁧󠁢󠁥󠁮󠁧󠁿',
    '\u202A', '\u2066', '\u2069', '\u200E', '\uFEFF', '\uFFFE', '\u3000', '\u2002', '\u2014', '…',
  ];
  it('on random texts', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.constantFrom(280, 20), (list, limit) => {
        const text = list.join('');
        const ours = measure(text, { limit });
        const theirs = twitterText.parseTweet(text, configV3(limit));
        expect([ours.weightedLength, ours.valid, ours.permillage, ours.validRangeStart, ours.validRangeEnd]).toEqual([
          theirs.weightedLength,
          theirs.valid,
          theirs.permillage,
          theirs.validRangeStart,
          theirs.validRangeEnd,
        ]);
      }),
      { numRuns: 400 },
    );
  });

  it('on long texts (URL extraction is done per space-free run)', () => {
    const text = Array.from({ length: 400 }, (_, i) => pieces[(i * 7) % pieces.length]).join(' ');
    const theirs = twitterText.parseTweet(text, configV3(25_000));
    const ours = measure(text, { limit: 25_000 });
    expect([ours.weightedLength, ours.validRangeEnd]).toEqual([theirs.weightedLength, theirs.validRangeEnd]);
  });
});
