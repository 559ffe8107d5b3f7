import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64, hashTemplateContent } from '../../../lib/packs/content-hash';

describe('hashTemplateContent', () => {
  it('is FNV-1a 64 (reference vectors)', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes UTF-8 bytes (surrogate pairs as one character, lone surrogates as U+FFFD)', () => {
    expect(fnv1a64('é')).toBe(fnv1a64Bytes([0xc3, 0xa9]));
    expect(fnv1a64('🚚')).toBe(fnv1a64Bytes([0xf0, 0x9f, 0x9a, 0x9a]));
    expect(fnv1a64('\ud800')).toBe(fnv1a64('\ufffd'));
  });

  it('equals the BigInt reference over the UTF-8 bytes for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 })), (text) => {
        expect(fnv1a64(text)).toBe(fnv1a64Bytes([...new TextEncoder().encode(text)]));
      }),
      { numRuns: 2_000 },
    );
  });

  it('is stable for known content (stored hashes must stay valid across releases)', () => {
    const content = { title: 'Refund', body: 'We have refunded your order.', shortcut: 'refund', tags: ['money'] };
    expect(hashTemplateContent(content)).toBe('5aeb8ed8598944d8');
    // Defined as FNV-1a 64 over the UTF-8 bytes of a canonical JSON array:
    const canonical = JSON.stringify([1, 'Refund', 'We have refunded your order.', 'refund', null, ['money'], null]);
    expect(hashTemplateContent(content)).toBe(fnv1a64Bytes([...new TextEncoder().encode(canonical)]));
  });

  it('treats missing and empty optional fields alike and ignores a leading ";"', () => {
    const base = { title: 'T', body: 'B' };
    const h = hashTemplateContent(base);
    expect(hashTemplateContent({ ...base, shortcut: '', folder: '', tags: [], lang: '' })).toBe(h);
    expect(hashTemplateContent({ ...base, shortcut: ';x' })).toBe(hashTemplateContent({ ...base, shortcut: 'x' }));
  });

  it('changes when any content field changes, including tag order', () => {
    const base = { title: 'T', body: 'B', shortcut: 's', folder: 'f', tags: ['a', 'b'], lang: 'en' };
    const variants = [
      { ...base, title: 'T2' },
      { ...base, body: 'B2' },
      { ...base, shortcut: 's2' },
      { ...base, folder: 'f2' },
      { ...base, tags: ['b', 'a'] },
      { ...base, tags: ['a'] },
      { ...base, lang: 'fr' },
      // Field boundaries matter: moving text between fields is a change.
      { ...base, title: 'TB', body: '' },
    ];
    const hashes = new Set([base, ...variants].map(hashTemplateContent));
    expect(hashes.size).toBe(variants.length + 1);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{16}$/);
  });
});

function fnv1a64Bytes(bytes: number[]): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = BigInt.asUintN(64, h * 0x100000001b3n);
  }
  return h.toString(16).padStart(16, '0');
}
