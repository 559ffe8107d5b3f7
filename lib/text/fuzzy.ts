// Template search for the canned-reply picker: fuzzy, accent- and case-insensitive, fast enough
// to run on every keystroke over 10,000 templates.
//
// With a query: every query word must match a word of the shortcut, title, tags or body (weighted
// in that order: 3, 3, 2, 1) exactly, as a prefix, inside it, or as a subsequence with the same
// first letter ("pasword" and "psswd" find "password"); an exact or prefix shortcut match wins
// outright. Without a query: templates are ranked by the words they share with the post being
// replied to (stop words ignored, rarer words weigh more), then by use and recency.
//
// Speed comes from matching query words against the distinct words of all templates (tens of
// thousands of short strings) rather than scanning every body, and from caching each query word's
// result, so a keystroke only re-matches the word being typed.
//
// Our own code rather than a search library, measured side by side (bench/parsers.ts;
// bench/README.md has the run): MiniSearch 7.2.0 (BM25 with field boosts, prefix and fuzzy
// matching by edit distance) and uFuzzy 1.0.19 (a regex filter per field), each behind this
// module's interface with our usage ranking, shortcut rule and context kept, took p95 113.9 and
// 42.0 ms a keystroke over 10,000 templates, against our 0.89 ms and a target of 3 ms; and they
// would take the content script from 118.6 KB gzipped to 123.0 and 121.6 KB, over its 120 KB.
// Of the 19 ranking tests, uFuzzy passed all but wordScore's (ours, no counterpart); MiniSearch
// 16: edit distance 3, which "dlvry" needs to find "delivery", also lets "damaged" find
// "delayed", and the 10,000-template test ran out of its 5 s.

import { PostingsBuilder, type Postings } from './postings';
import { meaningful, normalizeForSearch, URL_OR_MENTION, wordsOf } from './search-words';
import { TopK } from './top-k';

/** What the picker searches over. */
export interface SearchableTemplate {
  id: string;
  title: string;
  body: string;
  shortcut?: string;
  tags: string[];
  folder?: string;
  usageCount: number;
  /** Epoch milliseconds. */
  lastUsedAt?: number;
}

/** A search hit: the template with its score (higher is better). */
export type ScoredTemplate<T extends SearchableTemplate = SearchableTemplate> = T & { score: number };

/** Options for {@link searchIndex} and {@link searchTemplates}. */
export interface SearchOptions {
  /** Text of the post being replied to; ranks templates when the query is empty. */
  context?: string;
  /** Maximum results (default 50). */
  limit?: number;
  /** Clock for recency, epoch ms (default Date.now()). */
  now?: number;
}

/** One query word's matches: per-template best score, and the templates that have one. */
interface TermResult {
  words: Int32Array;
  entries: Int32Array;
  scores: Float32Array;
}

/** Templates prepared for repeated searching; build it once per template list. */
export interface TemplateIndex<T extends SearchableTemplate = SearchableTemplate> {
  readonly templates: readonly T[];
  /** Normalised titles and shortcuts (shortcut prefix such as "/" removed). */
  readonly titles: readonly string[];
  readonly shortcuts: readonly string[];
  readonly usageBoost: Float64Array;
  /** Distinct normalised words of all templates, and where each occurs. */
  readonly words: Postings;
  /** Stemmed meaningful words, for ranking by the context post. */
  readonly contextWords: Postings;
  /** Template order by usage, then recency, then title: the answer to an empty query. */
  readonly byUsage: Int32Array;
  /** Recent query words' results (small, cleared when full). */
  readonly termCache: Map<string, TermResult>;
  /** Scores for the last context post. */
  contextCache: ContextScores | null;
  /** Usage and recency points, for the minute they were computed in. */
  popularityCache: { minute: number; values: Float64Array } | null;
}

const DEFAULT_LIMIT = 50;
const TITLE_WEIGHT = 3;
const SHORTCUT_WEIGHT = 3;
const TAG_WEIGHT = 2;
const BODY_WEIGHT = 1;

const usageBoostOf = (template: SearchableTemplate): number => 6 * Math.log2(1 + Math.max(0, template.usageCount || 0));

function compareUsage(a: SearchableTemplate, b: SearchableTemplate): number {
  return b.usageCount - a.usageCount || (b.lastUsedAt ?? 0) - (a.lastUsedAt ?? 0) || a.title.localeCompare(b.title);
}

/**
 * Normalises every template once (accents, case, shortcut prefix) and builds the word index and
 * the context index, so searchIndex() does no per-template text work on a keystroke.
 */
export function prepareTemplateIndex<T extends SearchableTemplate>(templates: readonly T[]): TemplateIndex<T> {
  const words = new PostingsBuilder();
  const contextWords = new PostingsBuilder();
  const titles: string[] = [];
  const shortcuts: string[] = [];
  const usageBoost = new Float64Array(templates.length);

  templates.forEach((template, entry) => {
    const title = normalizeForSearch(template.title);
    const shortcut = normalizeForSearch(template.shortcut ?? '').replace(/^[/;:!#.\\]+/, '');
    const tags = template.tags.map(normalizeForSearch).join(' ');
    const body = normalizeForSearch(template.body);
    titles.push(title);
    shortcuts.push(shortcut);
    usageBoost[entry] = usageBoostOf(template);
    const bodyWords = wordsOf(body);
    const tagWords = wordsOf(tags);
    const titleWords = wordsOf(title);
    const addWords = (list: readonly string[], weight: number): void => {
      for (const word of list) words.add(word, entry, weight);
    };
    addWords(bodyWords, BODY_WEIGHT);
    addWords(tagWords, TAG_WEIGHT);
    addWords(titleWords, TITLE_WEIGHT);
    addWords(wordsOf(shortcut), SHORTCUT_WEIGHT);
    const addContext = (list: readonly string[], weight: number): void => {
      for (const word of meaningful(list)) contextWords.add(word, entry, weight);
    };
    addContext(bodyWords, 1);
    addContext(tagWords, 3);
    addContext(titleWords, 3);
  });

  const byUsage = Int32Array.from(templates.keys()).sort((a, b) => compareUsage(templates[a]!, templates[b]!));
  return {
    templates,
    titles,
    shortcuts,
    usageBoost,
    words: words.build(),
    contextWords: contextWords.build(),
    byUsage,
    termCache: new Map(),
    contextCache: null,
    popularityCache: null,
  };
}

/**
 * How well a query word matches one template word: exact 100, prefix 90, inside the word 60
 * (queries of two or more letters), or a subsequence sharing the first letter, 40 minus gaps
 * (three or more letters); 0 for no match.
 */
export function wordScore(word: string, term: string): number {
  if (word.length < term.length) return 0;
  if (word.startsWith(term)) return word.length === term.length ? 100 : 90;
  if (term.length >= 2 && word.includes(term)) return 60;
  if (term.length < 3 || word.charCodeAt(0) !== term.charCodeAt(0)) return 0;
  let pos = 0;
  for (let k = 1; k < term.length; k++) {
    pos = word.indexOf(term[k]!, pos + 1);
    if (pos === -1) return 0;
  }
  return Math.max(10, 40 - 3 * (word.length - term.length));
}

function termResult(index: TemplateIndex<SearchableTemplate>, term: string): TermResult {
  const cached = index.termCache.get(term);
  if (cached) return cached;
  // Exact, prefix and inside matches only shrink as a word grows, and so do subsequences: a
  // longer word's matching words are among its prefix's (from three letters, where subsequences
  // start).
  const shorter = term.length > 3 ? index.termCache.get(term.slice(0, -1)) : undefined;
  const { words: vocabulary, offsets, entries: postings, weights } = index.words;
  const count = shorter ? shorter.words.length : vocabulary.length;
  const scores = new Float32Array(index.templates.length);
  const entries: number[] = [];
  const words: number[] = [];
  for (let k = 0; k < count; k++) {
    const id = shorter ? shorter.words[k]! : k;
    const score = wordScore(vocabulary[id]!, term);
    if (score === 0) continue;
    words.push(id);
    for (let p = offsets[id]!, end = offsets[id + 1]!; p < end; p++) {
      const entry = postings[p]!;
      const value = score * weights[p]!;
      if (scores[entry] === 0) entries.push(entry);
      if (value > scores[entry]!) scores[entry] = value;
    }
  }
  const result = { words: Int32Array.from(words), entries: Int32Array.from(entries), scores };
  if (index.termCache.size >= 32) index.termCache.clear();
  index.termCache.set(term, result);
  return result;
}

interface ContextScores {
  context: string;
  scores: Float64Array;
  entries: number[];
}

function contextScores(index: TemplateIndex<SearchableTemplate>, context: string | undefined): ContextScores | null {
  if (!context) return null;
  // The post being replied to stays the same while the person types.
  if (index.contextCache?.context === context) return index.contextCache;
  const scores = new Float64Array(index.templates.length);
  const entries: number[] = [];
  const total = index.templates.length;
  for (const word of new Set(meaningful(wordsOf(normalizeForSearch(context).replace(URL_OR_MENTION, ' '))))) {
    const id = index.contextWords.ids.get(word);
    if (id === undefined) continue;
    const { offsets, entries: postings, weights } = index.contextWords;
    const start = offsets[id]!;
    const end = offsets[id + 1]!;
    // Rarer words say more about the conversation than words every template uses.
    const idf = Math.log(1 + total / (end - start));
    for (let p = start; p < end; p++) {
      const entry = postings[p]!;
      if (scores[entry] === 0) entries.push(entry);
      scores[entry]! += idf * weights[p]!;
    }
  }
  index.contextCache = { context, scores, entries };
  return index.contextCache;
}

const DAY = 86_400_000;

/**
 * Ranking points for past use: up to ~40 for heavy use, plus up to 10 for a template used today,
 * fading over about a month. Cached per index for the current minute.
 */
function popularity(index: TemplateIndex<SearchableTemplate>, now: number): Float64Array {
  const minute = Math.floor(now / 60_000);
  if (index.popularityCache?.minute === minute) return index.popularityCache.values;
  const values = new Float64Array(index.templates.length);
  index.templates.forEach((template, entry) => {
    const recency = template.lastUsedAt === undefined ? 0 : 10 * Math.exp(-Math.max(0, now - template.lastUsedAt) / (30 * DAY));
    values[entry] = index.usageBoost[entry]! + recency;
  });
  index.popularityCache = { minute, values };
  return values;
}

interface Hit {
  entry: number;
  score: number;
}

/**
 * Searches a prepared index. Non-empty query: templates where every query word matches, ranked
 * by match quality and field (shortcut exact or prefix first), then usage, recency and, lightly,
 * the context. Empty query: templates sharing meaningful words with `context`, then the rest, by
 * usage and recency.
 */
export function searchIndex<T extends SearchableTemplate>(index: TemplateIndex<T>, query: string, options: SearchOptions = {}): ScoredTemplate<T>[] {
  const limit = options.limit !== undefined && options.limit >= 0 ? Math.floor(options.limit) : DEFAULT_LIMIT;
  const now = options.now ?? Date.now();
  const generic = index as unknown as TemplateIndex<SearchableTemplate>;
  const templates = index.templates;
  const context = contextScores(generic, options.context);
  const normalized = normalizeForSearch(query).trim().replace(/\s+/g, ' ');
  const best = new TopK<Hit>(limit, (a, b) => a.score - b.score || compareUsage(templates[b.entry]!, templates[a.entry]!));
  const result = (): ScoredTemplate<T>[] => best.sorted().map(({ entry, score }) => ({ ...templates[entry]!, score }));

  if (normalized === '') {
    for (const entry of context?.entries ?? []) best.offer({ entry, score: context!.scores[entry]! });
    // Fill up with the most used templates.
    for (let k = 0; k < index.byUsage.length && k < limit; k++) {
      const entry = index.byUsage[k]!;
      if (!context || context.scores[entry] === 0) best.offer({ entry, score: 0 });
    }
    return result();
  }

  const terms = [...new Set(normalized.split(' '))].map((term) => termResult(generic, term));
  const matched = new Float64Array(templates.length);
  if (terms.every((t) => t.entries.length > 0)) {
    // Walk the rarest word's templates and add the others' scores (all must match).
    const rarest = terms.reduce((a, b) => (b.entries.length < a.entries.length ? b : a));
    for (const entry of rarest.entries) {
      let score = 0;
      for (const t of terms) {
        const s = t.scores[entry]!;
        if (s === 0) {
          score = 0;
          break;
        }
        score += s;
      }
      matched[entry] = score;
    }
  }
  // Shortcuts: an exact or prefix match of the whole query wins, even against the words.
  const bare = normalized.replace(/^[/;:!#.\\]+/, '');
  if (bare !== '') {
    for (let entry = 0; entry < templates.length; entry++) {
      const shortcut = index.shortcuts[entry]!;
      if (shortcut === '' || !shortcut.startsWith(bare)) continue;
      matched[entry]! += shortcut === bare ? 1000 : 500 + (100 * bare.length) / shortcut.length;
    }
  }
  const phrase = terms.length > 1;
  const used = popularity(generic, now);
  for (let entry = 0; entry < templates.length; entry++) {
    let score = matched[entry]!;
    if (score === 0) continue;
    if (phrase && index.titles[entry]!.includes(normalized)) score += 100;
    score += used[entry]!;
    if (context) score += 5 * Math.min(context.scores[entry]!, 10);
    best.offer({ entry, score });
  }
  return result();
}

const indexes = new WeakMap<readonly SearchableTemplate[], TemplateIndex<SearchableTemplate>>();

/**
 * One-call search for small lists or tests: prepares (and caches, per array) the index, then
 * calls {@link searchIndex}. The picker should keep its own prepared index instead.
 */
export function searchTemplates<T extends SearchableTemplate>(query: string, templates: readonly T[], options: SearchOptions = {}): ScoredTemplate<T>[] {
  let index = indexes.get(templates) as TemplateIndex<T> | undefined;
  if (!index) {
    index = prepareTemplateIndex(templates);
    indexes.set(templates, index as unknown as TemplateIndex<SearchableTemplate>);
  }
  return searchIndex(index, query, options);
}
