import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { prepareTemplateIndex, searchIndex, searchTemplates, wordScore, type SearchableTemplate } from '@/lib/text/fuzzy';
import { normalizeForSearch } from '@/lib/text/search-words';

const NOW = Date.UTC(2026, 10, 24);
const DAY = 86_400_000;

const t = (id: string, title: string, body: string, extra: Partial<SearchableTemplate> = {}): SearchableTemplate => ({
  id,
  title,
  body,
  tags: [],
  usageCount: 0,
  ...extra,
});

const library: SearchableTemplate[] = [
  t('refund', 'Refund processed', 'Hi {{first_name}}, your refund has been processed and should arrive in 5 days.', { tags: ['billing'], usageCount: 5 }),
  t('password', 'Password reset', 'Use the link we sent to reset your password.', { tags: ['account'], shortcut: '/pw', usageCount: 50 }),
  t('resume', 'Résumé review', 'Thanks for sending your CV, our team will review it.', { tags: ['hr'], usageCount: 1 }),
  t('delay', 'Delivery delayed', 'Sorry, your package is delayed because of the weather.', { tags: ['shipping'], usageCount: 2 }),
  t('invoice', 'Invoice copy', 'Attached is a copy of your invoice. Refund questions? Reply here.', { tags: ['billing'], usageCount: 30 }),
  t('damaged', 'Damaged item', 'We are sorry your order arrived damaged; a replacement is on its way.', { tags: ['shipping', 'returns'], usageCount: 3 }),
  t('cafe', 'Café voucher', 'Enjoy a free coffee on us.', { tags: ['promo'], shortcut: ';cafe', usageCount: 0 }),
];

const ids = (results: { id: string }[]): string[] => results.map((r) => r.id);
const search = (query: string, options: Parameters<typeof searchTemplates>[2] = {}) =>
  ids(searchTemplates(query, library, { now: NOW, ...options }));

describe('normalizeForSearch', () => {
  it('folds case and accents', () => {
    expect(normalizeForSearch('Résumé CAFÉ Straße Øre naïve')).toBe('resume cafe strasse ore naive');
  });
});

describe('wordScore', () => {
  it('ranks exact > prefix > inside > subsequence > nothing', () => {
    expect(wordScore('refund', 'refund')).toBe(100);
    expect(wordScore('refunded', 'refund')).toBe(90);
    expect(wordScore('refund', 'fund')).toBe(60);
    expect(wordScore('password', 'pasword')).toBeGreaterThan(0);
    expect(wordScore('password', 'pasword')).toBeLessThan(60);
    expect(wordScore('password', 'asword')).toBe(0); // a subsequence must share the first letter
    expect(wordScore('refund', 'r')).toBe(90);
    expect(wordScore('refund', 'e')).toBe(0); // single letters only match word starts
    expect(wordScore('refund', 'xyz')).toBe(0);
  });
});

describe('searchTemplates with a query', () => {
  it('ranks a title match above a body match', () => {
    expect(search('refund').slice(0, 2)).toEqual(['refund', 'invoice']);
  });

  it('is accent- and case-insensitive both ways', () => {
    expect(search('resume')[0]).toBe('resume');
    expect(search('RÉSUMÉ')[0]).toBe('resume');
    expect(search('cafe')[0]).toBe('cafe');
  });

  it('tolerates missing letters (subsequence)', () => {
    expect(search('pasword')[0]).toBe('password');
    expect(search('rfnd')[0]).toBe('refund');
    expect(search('dlvry')[0]).toBe('delay');
  });

  it('boosts an exact or prefix shortcut above everything', () => {
    expect(search('/pw')[0]).toBe('password');
    expect(search('pw')[0]).toBe('password');
    expect(search('caf')[0]).toBe('cafe');
    const exact = searchTemplates('pw', library, { now: NOW })[0]!;
    const prefix = searchTemplates('/p', library, { now: NOW }).find((r) => r.id === 'password')!;
    expect(exact.score).toBeGreaterThan(prefix.score);
  });

  it('matches tags', () => {
    expect(search('shipping').sort()).toEqual(['damaged', 'delay']);
  });

  it('requires every query word to match', () => {
    expect(search('refund invoice')).toEqual(['invoice']);
    expect(search('refund weather')).toEqual([]);
    expect(search('sorry damaged')).toEqual(['damaged']);
  });

  it('prefers a title holding the whole query as a phrase', () => {
    const templates = [t('apart', 'Delayed refund', 'x', { usageCount: 40 }), t('phrase', 'Refund delayed', 'x', { usageCount: 1 })];
    expect(ids(searchTemplates('refund delayed', templates, { now: NOW }))).toEqual(['phrase', 'apart']);
  });

  it('breaks ties by usage, then recency', () => {
    const templates = [
      t('a', 'Greeting', 'hello', { usageCount: 1, lastUsedAt: NOW - DAY }),
      t('b', 'Greeting', 'hello', { usageCount: 9 }),
      t('c', 'Greeting', 'hello', { usageCount: 1, lastUsedAt: NOW - 60 * DAY }),
    ];
    expect(ids(searchTemplates('greet', templates, { now: NOW }))).toEqual(['b', 'a', 'c']);
  });

  it('returns scores, best first, and honours the limit', () => {
    const results = searchTemplates('r', library, { now: NOW, limit: 2 });
    expect(results).toHaveLength(2);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
    expect(searchTemplates('zzzz', library, { now: NOW })).toEqual([]);
  });

  it('returns the caller’s template objects’ fields untouched', () => {
    const [hit] = searchTemplates('invoice', library, { now: NOW });
    expect(hit).toMatchObject(library[4]!);
  });
});

describe('searchTemplates with an empty query', () => {
  it('ranks by words shared with the post being replied to, ignoring stop words', () => {
    const context = 'Hey! My package is delayed again, where is it? The weather is fine here.';
    // Only "Delivery delayed" shares words; the rest follow by usage (password reset: 50 uses).
    expect(search('', { context }).slice(0, 3)).toEqual(['delay', 'password', 'invoice']);
    const both = search('', { context: 'My order arrived damaged, and the package was delayed too' });
    expect(both.slice(0, 2).sort()).toEqual(['damaged', 'delay']);
  });

  it('weighs rarer shared words more', () => {
    // "billing" is on two templates, "invoice" only on one: the invoice template wins.
    const results = searchTemplates('', library, { now: NOW, context: 'billing invoice' });
    expect(results[0]!.id).toBe('invoice');
    expect(results[0]!.score).toBeGreaterThan(results[1]!.score);
    expect(results[1]!.id).toBe('refund');
  });

  it('matches inflected words in the context', () => {
    expect(search('', { context: 'I was refunded twice??' })[0]).toBe('refund');
  });

  it('does not rank by stop words alone', () => {
    const results = searchTemplates('', library, { now: NOW, context: 'the and your is a of' });
    expect(results.every((r) => r.score === 0)).toBe(true);
    expect(ids(results)).toEqual(['password', 'invoice', 'refund', 'damaged', 'delay', 'resume', 'cafe']);
  });

  it('falls back to usage, then recency, without context', () => {
    const templates = [
      t('old', 'A', 'x', { usageCount: 3, lastUsedAt: NOW - 90 * DAY }),
      t('new', 'B', 'x', { usageCount: 3, lastUsedAt: NOW - DAY }),
      t('top', 'C', 'x', { usageCount: 10 }),
    ];
    expect(ids(searchTemplates('', templates, { now: NOW }))).toEqual(['top', 'new', 'old']);
  });
});

describe('prepared index', () => {
  it('gives the same answers keystroke by keystroke as a fresh search (caches are exact)', () => {
    const words = ['refund', 'password', 'delivery', 'delayed', 'invoice', 'résumé', 'package', 'damaged', 'reset', 'copy', 'coffee', 'weather'];
    const templates = Array.from({ length: 300 }, (_, i) =>
      t(String(i), `${words[i % words.length]} ${words[(i * 7) % words.length]}`, `${words[(i * 5) % words.length]} and ${words[(i * 3) % words.length]} ${i}`, {
        tags: [words[(i * 11) % words.length]!],
        shortcut: i % 10 === 0 ? `/${words[i % words.length]!.slice(0, 3)}${i}` : undefined,
        usageCount: i % 17,
      }),
    );
    const index = prepareTemplateIndex(templates);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zé/ ]{1,14}$/), (query) => {
        for (let k = 1; k <= query.length; k++) {
          const typed = searchIndex(index, query.slice(0, k), { now: NOW, limit: 20 });
          const fresh = searchIndex(prepareTemplateIndex(templates), query.slice(0, k), { now: NOW, limit: 20 });
          expect(ids(typed)).toEqual(ids(fresh));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('searches 10,000 templates within a keystroke budget', () => {
    const vocab = ['refund', 'order', 'delivery', 'delayed', 'password', 'reset', 'account', 'billing', 'invoice', 'cancel', 'upgrade', 'coupon', 'tracking', 'package'];
    const templates = Array.from({ length: 10_000 }, (_, i) => {
      const word = (k: number) => `${vocab[(i * k) % vocab.length]}${(i * k) % 997}`;
      return t(String(i), `${word(3)} ${word(5)}`, Array.from({ length: 25 }, (_, k) => word(k + 7)).join(' ').slice(0, 200), { usageCount: i % 50 });
    });
    const index = prepareTemplateIndex(templates);
    // Per-keystroke cost is measured by `npm run bench`; here, every prefix answers sanely.
    for (const query of ['refund del', 'pasword rst', 'invoice123', 'zzz']) {
      for (let k = 1; k <= query.length; k++) {
        const results = searchIndex(index, query.slice(0, k), { now: NOW });
        expect(results.length).toBeLessThanOrEqual(50);
      }
    }
  });
});
