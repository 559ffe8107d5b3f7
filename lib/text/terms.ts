// Watch terms: what the brand listens for on X, and what a rule reacts to. One line of terms
// in the spirit of X's own search box, matched against a tweet's text without the network:
//
//   refund "money back" #NorthwindCoffee $NWC @northwind_help -giveaway -"gift card"
//
// - a word matches that whole word, also as a hashtag or mention ("refund" matches "#refund",
//   not "refunded");
// - "a phrase" matches those words in a row (punctuation between them does not matter);
// - #hashtag, $cashtag and @mention match only that hashtag, cashtag or mention;
// - a term with a leading minus excludes: a tweet with it never matches.
// A tweet matches when it has at least one of the terms without a minus (any of them, like
// X's OR) and none of those with one. Case and accents are ignored ("Réembolso" = "reembolso").
// Words are runs of letters, digits and "_": scripts written without spaces (Japanese,
// Chinese) match where the term is the whole run between spaces or punctuation.

export type TermKind = 'word' | 'phrase' | 'hashtag' | 'cashtag' | 'mention';

export interface Term {
  kind: TermKind;
  /** Normalized words (one, or several for a phrase), without the # $ @ sign. */
  words: string[];
  /** A minus term: its presence rules a tweet out. */
  exclude: boolean;
  /** As written (for display and for X's search box). */
  source: string;
}

export interface TermQuery {
  include: Term[];
  exclude: Term[];
}

const SIGN_KIND: Record<string, TermKind> = { '#': 'hashtag', $: 'cashtag', '@': 'mention' };

/** Lower case, without accents and other combining marks, compatibility forms folded (ｆｕｌｌ → full). */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const WORD = /[\p{L}\p{N}_]+/gu;
/** A token: an optional sign glued to a word ("#refund", "$nwc", "@acme", "refund"); NFKD already made ＃ a #. */
const TOKEN = /([#$@]?)([\p{L}\p{N}_]+)/gu;

interface Token {
  sign: '' | '#' | '$' | '@';
  word: string;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of normalizeText(text).matchAll(TOKEN)) out.push({ sign: (m[1] || '') as Token['sign'], word: m[2]! });
  return out;
}

/** Splits a terms line into terms. Unclosed quotes run to the end of the line; a lone "-" or sign is ignored. */
export function parseTerms(line: string): TermQuery {
  const include: Term[] = [];
  const exclude: Term[] = [];
  const pattern = /(-?)(?:"([^"]*)"?|(\S+))/g;
  for (const m of line.matchAll(pattern)) {
    const minus = m[1] === '-';
    const quoted = m[2];
    const raw = m[3];
    let term: Term | null = null;
    if (quoted !== undefined) {
      const words = normalizeText(quoted).match(WORD) ?? [];
      if (words.length) term = { kind: words.length > 1 ? 'phrase' : 'word', words, exclude: minus, source: m[0] };
    } else if (raw !== undefined) {
      const sign = SIGN_KIND[raw[0]!];
      const body = sign ? raw.slice(1) : raw;
      const words = normalizeText(body).match(WORD) ?? [];
      if (words.length === 1) term = { kind: sign ?? 'word', words, exclude: minus, source: m[0] };
      // "money-back" or "e.g": several words written as one: they match as a phrase.
      else if (words.length > 1 && !sign) term = { kind: 'phrase', words, exclude: minus, source: m[0] };
      else if (words.length > 1 && sign) term = { kind: sign, words: [words[0]!], exclude: minus, source: m[0] };
    }
    if (term) (minus ? exclude : include).push(term);
  }
  return { include, exclude };
}

function termIn(term: Term, tokens: readonly Token[]): boolean {
  if (term.kind === 'phrase') {
    const n = term.words.length;
    outer: for (let i = 0; i + n <= tokens.length; i++) {
      for (let j = 0; j < n; j++) if (tokens[i + j]!.word !== term.words[j]) continue outer;
      return true;
    }
    return false;
  }
  const word = term.words[0]!;
  const sign = term.kind === 'hashtag' ? '#' : term.kind === 'cashtag' ? '$' : term.kind === 'mention' ? '@' : null;
  for (const t of tokens) {
    if (t.word !== word) continue;
    // A plain word matches the word, its hashtag and its mention; not a cashtag ("$meta" is a stock).
    if (sign === null ? t.sign !== '$' : t.sign === sign) return true;
  }
  return false;
}

/** The terms of `query` found in `text`: empty when it does not match (no term, or a minus term present). */
export function matchedTerms(query: TermQuery, text: string): Term[] {
  if (!query.include.length) return [];
  const tokens = tokenize(text);
  if (query.exclude.some((t) => termIn(t, tokens))) return [];
  return query.include.filter((t) => termIn(t, tokens));
}

/** Whether `text` matches the terms line (see the top of this file). */
export function matchesTerms(query: TermQuery | string, text: string): boolean {
  return matchedTerms(typeof query === 'string' ? parseTerms(query) : query, text).length > 0;
}

/**
 * The terms as X's search box reads them: the terms to find joined with OR (in brackets when
 * there are several and minus terms follow), then the minus terms.
 */
export function searchQueryOf(query: TermQuery): string {
  const include = query.include.map((t) => t.source);
  const exclude = query.exclude.map((t) => t.source);
  const any = include.length > 1 && exclude.length ? `(${include.join(' OR ')})` : include.join(' OR ');
  return [any, ...exclude].filter(Boolean).join(' ');
}
