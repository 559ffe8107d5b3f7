import { describe, expect, it } from 'vitest';
import { matchedTerms, matchesTerms, normalizeText, parseTerms, searchQueryOf } from '@/lib/text/terms';

describe('parseTerms', () => {
  it('reads words, phrases, hashtags, cashtags, mentions and minus terms', () => {
    const q = parseTerms('refund "money back" #NorthwindCoffee $NWC @northwind_help -giveaway -"gift card"');
    expect(q.include.map((t) => [t.kind, t.words])).toEqual([
      ['word', ['refund']],
      ['phrase', ['money', 'back']],
      ['hashtag', ['northwindcoffee']],
      ['cashtag', ['nwc']],
      ['mention', ['northwind_help']],
    ]);
    expect(q.exclude.map((t) => [t.kind, t.words])).toEqual([
      ['word', ['giveaway']],
      ['phrase', ['gift', 'card']],
    ]);
  });

  it('ignores what holds no word, and reads an unclosed quote to the end', () => {
    expect(parseTerms('  - # "" $ ').include).toEqual([]);
    expect(parseTerms('"split bag').include.map((t) => t.words)).toEqual([['split', 'bag']]);
  });
});

describe('matchesTerms', () => {
  it('matches whole words, not parts of words', () => {
    expect(matchesTerms('refund', 'Can I get a refund?')).toBe(true);
    expect(matchesTerms('refund', 'They refunded me')).toBe(false);
    expect(matchesTerms('refund', 'no money back here')).toBe(false);
  });

  it('ignores case and accents, both ways', () => {
    expect(matchesTerms('reembolso', '¿Dónde está mi REEMBOLSO?')).toBe(true);
    expect(matchesTerms('café', 'best CAFE in town')).toBe(true);
    expect(matchesTerms('cafe', 'le Café est froid')).toBe(true);
    expect(matchesTerms('Über', 'uber late delivery')).toBe(true);
  });

  it('matches a phrase as consecutive words, punctuation between them or not', () => {
    expect(matchesTerms('"money back"', 'I want my money, back!')).toBe(true);
    expect(matchesTerms('"money back"', 'money is not coming back')).toBe(false);
    expect(matchesTerms('money-back', 'is this a money back guarantee')).toBe(true);
  });

  it('matches a hashtag only as a hashtag, a word also as its hashtag or mention', () => {
    expect(matchesTerms('#refund', 'please #Refund me')).toBe(true);
    expect(matchesTerms('#refund', 'please refund me')).toBe(false);
    expect(matchesTerms('refund', 'please #refund me')).toBe(true);
    expect(matchesTerms('@northwind_help', 'hey @Northwind_Help my order')).toBe(true);
    expect(matchesTerms('@northwind_help', 'northwind_help is slow')).toBe(false);
  });

  it('matches a cashtag only as a cashtag, and a word never as one', () => {
    expect(matchesTerms('$NWC', 'bought more $nwc today')).toBe(true);
    expect(matchesTerms('$NWC', 'NWC today')).toBe(false);
    expect(matchesTerms('meta', 'sold my $META')).toBe(false);
  });

  it('matches any of the terms, and never with a minus term present', () => {
    const terms = 'refund "money back" -giveaway -"gift card"';
    expect(matchesTerms(terms, 'money back please')).toBe(true);
    expect(matchesTerms(terms, 'refund for the giveaway?')).toBe(false);
    expect(matchesTerms(terms, 'refund to my Gift-Card')).toBe(false);
    expect(matchesTerms(terms, 'gift cards refund')).toBe(true);
    // Only minus terms: nothing to look for, nothing matches.
    expect(matchesTerms('-giveaway', 'anything at all')).toBe(false);
  });

  it('says which terms matched', () => {
    const found = matchedTerms(parseTerms('refund late #broken'), 'Late again and #broken: refund!');
    expect(found.map((t) => t.source)).toEqual(['refund', 'late', '#broken']);
  });

  it('matches terms in other scripts where they stand alone', () => {
    expect(matchesTerms('退款', '退款 什么时候到账')).toBe(true);
    expect(matchesTerms('Возврат', 'где мой возврат?')).toBe(true);
  });

  it('folds compatibility forms', () => {
    expect(normalizeText('ＲＥＦＵＮＤ')).toBe('refund');
    expect(matchesTerms('#refund', 'please ＃refund')).toBe(true);
  });
});

describe('searchQueryOf', () => {
  it("writes X's search syntax: alternatives joined by OR, minus terms after", () => {
    expect(searchQueryOf(parseTerms('refund "money back" -giveaway'))).toBe('(refund OR "money back") -giveaway');
    expect(searchQueryOf(parseTerms('refund #late'))).toBe('refund OR #late');
    expect(searchQueryOf(parseTerms('refund -giveaway'))).toBe('refund -giveaway');
    expect(searchQueryOf(parseTerms(''))).toBe('');
  });
});
