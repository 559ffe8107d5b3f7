// The picker's search on MiniSearch (7.2.0 measured): one MiniSearch over every template's
// shortcut, title, tags and body (its radix tree of terms, BM25 with field boosts 3/3/2/1,
// prefix and fuzzy matching by edit distance, every query word required), and a second one
// over the meaningful words for ranking by the post being replied to (any word, BM25). Our
// normalisation (accents) goes in as its tokenizer; the rest is search-shared.ts.

import type { ScoredTemplate, SearchableTemplate, SearchOptions } from '../../lib/text/fuzzy';
import { meaningful, normalizeForSearch, URL_OR_MENTION, wordsOf } from '../../lib/text/search-words';
import { normalizeQuery, oneCallSearch, prepared, rank, type Prepared } from './search-shared';

/** The part of MiniSearch's API used here. */
export interface MiniSearchIndex {
  addAll(documents: readonly Doc[]): void;
  search(query: string, options: Record<string, unknown>): { id: unknown; score: number }[];
}
export type MiniSearchClass = new (options: Record<string, unknown>) => MiniSearchIndex;

interface Doc {
  i: number;
  shortcut: string;
  title: string;
  tags: string;
  body: string;
}

interface Index<T extends SearchableTemplate> extends Prepared<T> {
  words: MiniSearchIndex;
  context: MiniSearchIndex;
}

const tokenize = (text: string): string[] => wordsOf(normalizeForSearch(text));

export function searchOnMiniSearch(MiniSearch: MiniSearchClass) {
  function prepareTemplateIndex<T extends SearchableTemplate>(templates: readonly T[]): Index<T> {
    const docs: Doc[] = templates.map((t, i) => ({ i, shortcut: t.shortcut ?? '', title: t.title, tags: t.tags.join(' '), body: t.body }));
    const words = new MiniSearch({ idField: 'i', fields: ['shortcut', 'title', 'tags', 'body'], tokenize, processTerm: (term: string) => term });
    words.addAll(docs);
    const context = new MiniSearch({ idField: 'i', fields: ['title', 'tags', 'body'], tokenize: (text: string) => meaningful(tokenize(text)), processTerm: (term: string) => term });
    context.addAll(docs);
    return { ...prepared(templates), words, context };
  }

  function searchIndex<T extends SearchableTemplate>(index: Index<T>, query: string, options: SearchOptions = {}): ScoredTemplate<T>[] {
    const context = new Map<number, number>();
    if (options.context) {
      const text = normalizeForSearch(options.context).replace(URL_OR_MENTION, ' ');
      for (const hit of index.context.search(text, { combineWith: 'OR', boost: { title: 3, tags: 3 }, prefix: false, fuzzy: false })) context.set(hit.id as number, hit.score);
    }
    const matched = new Map<number, number>();
    const normalized = normalizeQuery(query);
    if (normalized !== '') {
      const hits = index.words.search(normalized, {
        combineWith: 'AND',
        boost: { shortcut: 3, title: 3, tags: 2 },
        prefix: true,
        // From three letters, typos by edit distance: "rfnd" is 2 from "refund", "dlvry" 3 from "delivery".
        fuzzy: (term: string) => (term.length < 3 ? false : Math.min(3, Math.round(term.length * 0.6))),
        maxFuzzy: 3,
      });
      // BM25 has no fixed scale: the best hit gets the 300 points of an exact title word in fuzzy.ts.
      const top = hits[0]?.score ?? 1;
      for (const hit of hits) matched.set(hit.id as number, (300 * hit.score) / top);
    }
    return rank(index, query, matched, context, options);
  }

  return { prepareTemplateIndex, searchIndex, searchTemplates: oneCallSearch(prepareTemplateIndex, searchIndex) };
}
