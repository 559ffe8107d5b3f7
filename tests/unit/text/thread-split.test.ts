import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { findEmojiSpans, findUrlSpans, measure } from '@/lib/text/budget';
import { splitIntoThread } from '@/lib/text/thread-split';

const NUMBERING = / (\d+)\/(\d+)$/;
const stripNumbering = (part: string): string => part.replace(NUMBERING, '');
const words = (text: string): string[] => text.normalize('NFC').split(/\s+/u).filter(Boolean);
const noSpace = (text: string): string => text.normalize('NFC').replace(/\s+/gu, '');

/** The invariants every split must keep. */
function checkSplit(text: string, parts: string[], limit: number, numbering: boolean): void {
  for (const part of parts) expect(measure(part, { limit }).valid, JSON.stringify(part)).toBe(true);
  const bodies = parts.length > 1 && numbering ? parts.map(stripNumbering) : parts;
  if (parts.length > 1 && numbering) {
    parts.forEach((part, i) => expect(part.endsWith(` ${i + 1}/${parts.length}`)).toBe(true));
  }
  // Nothing lost, nothing reordered: the same characters once whitespace is set aside...
  expect(noSpace(bodies.join(''))).toBe(noSpace(text));
  // ...and no URL or emoji cut: each one of the original is whole in some part.
  const normalized = text.normalize('NFC');
  const urls = findUrlSpans(normalized).map(([a, b]) => normalized.slice(a, b));
  const emoji = findEmojiSpans(normalized).map(([a, b]) => normalized.slice(a, b));
  const partUrls = bodies.flatMap((p) => findUrlSpans(p).map(([a, b]) => p.slice(a, b)));
  const partEmoji = bodies.flatMap((p) => findEmojiSpans(p).map(([a, b]) => p.slice(a, b)));
  expect(partUrls).toEqual(urls);
  expect(partEmoji).toEqual(emoji);
  // No part starts or ends inside a surrogate pair.
  for (const body of bodies) {
    expect(body).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  }
}

describe('splitIntoThread', () => {
  it('returns text that fits unchanged, as one part', () => {
    const text = '  Hi there 👋  ';
    expect(splitIntoThread(text)).toEqual([text]);
    expect(splitIntoThread('a'.repeat(280))).toEqual(['a'.repeat(280)]);
  });

  it('returns no parts for blank text', () => {
    expect(splitIntoThread('')).toEqual([]);
    expect(splitIntoThread(' \n\t ')).toEqual([]);
  });

  it('splits at a paragraph break when the part is reasonably full', () => {
    const first = `${'First paragraph words here. '.repeat(6).trim()}`;
    const second = `${'Second paragraph has more words. '.repeat(6).trim()}`;
    const parts = splitIntoThread(`${first}\n\n${second}`);
    expect(parts).toEqual([`${first} 1/2`, `${second} 2/2`]);
  });

  it('prefers a sentence end to a plain space', () => {
    const sentence = 'This sentence is complete and rather long, to fill the part up nicely.';
    const text = `${sentence} ${sentence} ${sentence} This one runs on and on without stopping at all until it is far past the limit of a single post here`;
    const parts = splitIntoThread(text);
    expect(parts.length).toBe(2);
    expect(stripNumbering(parts[0]!)).toBe(`${sentence} ${sentence} ${sentence}`);
    checkSplit(text, parts, 280, true);
  });

  it('falls back to word boundaries and keeps every word whole', () => {
    const text = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const parts = splitIntoThread(text);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.flatMap((p) => words(stripNumbering(p)))).toEqual(words(text));
    checkSplit(text, parts, 280, true);
  });

  it('hard-splits an overlong word at grapheme boundaries', () => {
    const text = 'x'.repeat(700);
    const parts = splitIntoThread(text);
    expect(parts.map((p) => stripNumbering(p).length)).toEqual([276, 276, 148]);
    checkSplit(text, parts, 280, true);

    const accented = 'e\u0301'.repeat(400); // decomposed accents: composed by NFC before splitting
    checkSplit(accented, splitIntoThread(accented), 280, true);
    const marks = 'a\u0328\u0301'.repeat(300); // NFC gives ą + a combining acute that must stay attached
    checkSplit(marks, splitIntoThread(marks), 280, true);
    // Five-code-unit graphemes, so the furthest cut by weight falls inside one.
    const stacked = 'x\u0301\u0302\u0303\u0304'.repeat(200);
    const stackedParts = splitIntoThread(stacked);
    for (const part of stackedParts) expect(stripNumbering(part)).toMatch(/^(?:x\u0301\u0302\u0303\u0304)+$/u);
    checkSplit(stacked, stackedParts, 280, true);
  });

  it('never cuts an emoji sequence or a surrogate pair', () => {
    const family = '👨‍👩‍👧‍👦';
    const text = family.repeat(200);
    const parts = splitIntoThread(text);
    for (const part of parts) expect(stripNumbering(part).length % family.length).toBe(0);
    checkSplit(text, parts, 280, true);
    const flags = '🇯🇵🇫🇷'.repeat(150);
    checkSplit(flags, splitIntoThread(flags), 280, true);
  });

  it('never cuts a URL, even one that would straddle the limit', () => {
    const url = 'https://example.com/orders/12345?ref=thread&utm_source=x';
    const text = `${'a'.repeat(250)} ${url} and then some more text follows here ${'b '.repeat(60)}`;
    const parts = splitIntoThread(text);
    expect(parts.some((p) => p.includes(url))).toBe(true);
    checkSplit(text, parts, 280, true);
  });

  it('splits CJK text without spaces after a full stop', () => {
    const sentence = '故人西辞黄鹤楼，烟花三月下扬州。';
    const text = sentence.repeat(20);
    const parts = splitIntoThread(text);
    for (const part of parts) expect(stripNumbering(part).endsWith('。')).toBe(true);
    checkSplit(text, parts, 280, true);
  });

  it('sizes the numbering for the final total (re-splits when 10+ parts)', () => {
    const text = Array.from({ length: 700 }, (_, i) => `w${i}`).join(' ');
    const parts = splitIntoThread(text);
    expect(parts.length).toBeGreaterThanOrEqual(10);
    expect(parts[0]).toMatch(new RegExp(` 1/${parts.length}$`));
    checkSplit(text, parts, 280, true);
    // Every part is as full as the two-digit suffix allows.
    for (const part of parts.slice(0, -1)) expect(measure(part).weightedLength).toBeGreaterThan(270);
  });

  it('can leave numbering out', () => {
    const text = 'lorem ipsum '.repeat(60);
    const parts = splitIntoThread(text, { numbering: false });
    expect(parts.every((p) => !NUMBERING.test(p))).toBe(true);
    expect(parts.map((p) => measure(p).weightedLength)).toEqual([275, 275, 167]);
    checkSplit(text, parts, 280, false);
  });

  it('honours a custom limit, including 25,000', () => {
    const text = 'Sentence number one is here. '.repeat(1000); // 29,000 characters
    const parts = splitIntoThread(text, { limit: 25_000 });
    expect(parts.length).toBe(2);
    checkSplit(text, parts, 25_000, true);
    checkSplit(text, splitIntoThread(text, { limit: 50 }), 50, true);
  });

  it("drops the invisible characters X rejects so every part can be valid", () => {
    const text = `\uFEFF${'hello world '.repeat(40)}\uFFFE`;
    const parts = splitIntoThread(text);
    checkSplit(text.replace(/[\uFEFF\uFFFE]/g, ''), parts, 280, true);
    expect(splitIntoThread('\uFEFFshort')).toEqual(['short']);
  });

  it('throws when the limit cannot hold the numbering and one character', () => {
    expect(() => splitIntoThread('a b c d e f g h', { limit: 4 })).toThrow(RangeError);
  });

  it('handles 25,000 characters', () => {
    const text = 'Lorem ipsum dolor sit amet, 👋 see https://example.com/x?y=1 about 故人西辞黄鹤楼. '.repeat(320).slice(0, 25_000);
    const parts = splitIntoThread(text);
    checkSplit(text.slice(0, text.lastIndexOf(' ')), splitIntoThread(text.slice(0, text.lastIndexOf(' '))), 280, true);
    expect(parts.length).toBeGreaterThan(90);
  });
});

describe('splitIntoThread properties', () => {
  const token = fc.oneof(
    fc.constantFrom('hello', 'world', 'refund', 'order', 'a', 'I', 'naïve', 'e\u0301', '故人西辞', '한국어', '👋', '👍🏽', '👨‍👩‍👧‍👦', '❤️‍🔥', '🇯🇵', '1️⃣'),
    fc.constantFrom('https://example.com/some/long/path?query=1', 'example.org', 't.co/abc', 'www.shop.example/orders/99'),
    fc.constantFrom('Done.', 'Really?', 'Yes!', '。'),
    fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
    fc.constantFrom('x'.repeat(300), '😀'.repeat(160)),
  );
  const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\n', '\n\n', '\t');
  const text = fc.array(fc.tuple(token, separator), { minLength: 1, maxLength: 250 }).map((list) => list.map(([t, s]) => t + s).join(''));

  it('every part is valid, nothing is lost or reordered, no URL or emoji is cut', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(280, 140, 60, 1000), fc.boolean(), (input, limit, numbering) => {
        const clean = input.replace(/[\uFFFE\uFEFF\uFFFF]/g, '');
        const parts = splitIntoThread(input, { limit, numbering });
        if (clean.trim() === '') {
          expect(parts).toEqual([]);
          return;
        }
        checkSplit(clean, parts, limit, numbering);
      }),
      { numRuns: 300 },
    );
  });

  it('joining the parts with single spaces gives back the words when no word was too long', () => {
    const plain = fc
      .array(fc.tuple(fc.constantFrom('alpha', 'beta', 'gamma.', 'delta?', '日本', '👋🏽', 'https://example.com/x'), separator), { minLength: 1, maxLength: 300 })
      .map((list) => list.map(([t, s]) => t + s).join(''));
    fc.assert(
      fc.property(plain, (input) => {
        const parts = splitIntoThread(input).map((p) => p.replace(NUMBERING, ''));
        expect(words(parts.join(' '))).toEqual(words(input));
      }),
      { numRuns: 200 },
    );
  });
});
