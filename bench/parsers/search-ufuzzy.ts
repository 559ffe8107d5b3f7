// The picker's search on uFuzzy (1.0.19 measured): each query word goes through uFuzzy's regex
// filter over each field of every template (one haystack per field, normalised once), and
// uFuzzy's info() says how it matched (whole word, at a word's start, inside, with letters left
// out); the words' points add up as in fuzzy.ts. uFuzzy has no field weights, no ranking by a
// context and no usage: the context's postings are below, the rest is search-shared.ts.

import type { ScoredTemplate, SearchableTemplate, SearchOptions } from '../../lib/text/fuzzy';
import { meaningful, normalizeForSearch, URL_OR_MENTION, wordsOf } from '../../lib/text/search-words';
import { normalizeQuery, oneCallSearch, prepared, rank, type Prepared } from './search-shared';

/** The part of uFuzzy's API used here. */
export interface UFuzzy {
  filter(haystack: string[], needle: string): number[] | null;
  info(idxs: number[], haystack: string[], needle: string): { idx: number[]; intraIns: number[]; terms: number[]; interLft2: number[] };
}
export type UFuzzyFactory = new (options: Record<string, unknown>) => UFuzzy;

/** Shortcut, title, tags, body, with fuzzy.ts's weights. */
const WEIGHTS = [3, 3, 2, 1] as const;

interface Index<T extends SearchableTemplate> extends Prepared<T> {
  haystacks: string[][];
  /** Meaningful word → template → weight (title and tags 3, body 1), as fuzzy.ts's context index. */
  context: Map<string, Map<number, number>>;
}

export function searchOnUFuzzy(uFuzzy: UFuzzyFactory) {
  // One letter: word starts only; two: anywhere in a word; three or more: from a word's start
  // with letters left out ("rfnd" finds "refund"), or anywhere without gaps ("fund").
  const startOnly = new uFuzzy({ interLft: 2, intraIns: 0 });
  const inside = new uFuzzy({ interLft: 0, intraIns: 0 });
  const gappy = new uFuzzy({ interLft: 2, intraIns: Infinity });

  function prepareTemplateIndex<T extends SearchableTemplate>(templates: readonly T[]): Index<T> {
    const base = prepared(templates);
    const tags = templates.map((t) => normalizeForSearch(t.tags.join(' ')));
    const bodies = templates.map((t) => normalizeForSearch(t.body));
    const context = new Map<string, Map<number, number>>();
    templates.forEach((_, entry) => {
      for (const [text, weight] of [[base.titles[entry]!, 3], [tags[entry]!, 3], [bodies[entry]!, 1]] as const) {
        for (const word of meaningful(wordsOf(text))) {
          const m = context.get(word) ?? new Map<number, number>();
          m.set(entry, Math.max(m.get(entry) ?? 0, weight));
          context.set(word, m);
        }
      }
    });
    return { ...base, haystacks: [base.shortcuts, base.titles, tags, bodies], context };
  }

  function termPoints(index: Index<SearchableTemplate>, term: string): Map<number, number> {
    const points = new Map<number, number>();
    const uf = term.length === 1 ? startOnly : term.length === 2 ? inside : gappy;
    index.haystacks.forEach((haystack, f) => {
      const weight = WEIGHTS[f]!;
      const idxs = uf.filter(haystack, term);
      if (idxs && idxs.length > 0) {
        const info = uf.info(idxs, haystack, term);
        for (let k = 0; k < info.idx.length; k++) {
          const gaps = info.intraIns[k]!;
          const quality = gaps > 0 ? Math.max(10, 40 - 3 * gaps) : info.terms[k]! > 0 ? 100 : info.interLft2[k]! > 0 ? 90 : 60;
          const entry = info.idx[k]!;
          points.set(entry, Math.max(points.get(entry) ?? 0, quality * weight));
        }
      }
      if (uf === gappy) for (const entry of inside.filter(haystack, term) ?? []) points.set(entry, Math.max(points.get(entry) ?? 0, 60 * weight));
    });
    return points;
  }

  function searchIndex<T extends SearchableTemplate>(index: Index<T>, query: string, options: SearchOptions = {}): ScoredTemplate<T>[] {
    const generic = index as unknown as Index<SearchableTemplate>;
    const context = new Map<number, number>();
    if (options.context) {
      for (const word of new Set(meaningful(wordsOf(normalizeForSearch(options.context).replace(URL_OR_MENTION, ' '))))) {
        const m = index.context.get(word);
        if (!m) continue;
        const idf = Math.log(1 + index.templates.length / m.size);
        for (const [entry, weight] of m) context.set(entry, (context.get(entry) ?? 0) + idf * weight);
      }
    }
    const matched = new Map<number, number>();
    const terms = [...new Set(wordsOf(normalizeQuery(query)))].map((term) => termPoints(generic, term));
    for (const [entry, first] of terms[0] ?? []) {
      let score = first;
      for (const t of terms.slice(1)) {
        const s = t.get(entry);
        if (s === undefined) {
          score = 0;
          break;
        }
        score += s;
      }
      if (score > 0) matched.set(entry, score);
    }
    return rank(index, query, matched, context, options);
  }

  return { prepareTemplateIndex, searchIndex, searchTemplates: oneCallSearch(prepareTemplateIndex, searchIndex) };
}
