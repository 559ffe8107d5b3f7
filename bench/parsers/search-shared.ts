// What both search candidates keep from lib/text/fuzzy.ts, since neither library has a notion
// of it: the shortcut rule (an exact or prefix shortcut wins), the phrase bonus, usage and
// recency points, the context's weight, the empty query, the top 50. Same numbers as fuzzy.ts.

import type { ScoredTemplate, SearchableTemplate, SearchOptions } from '../../lib/text/fuzzy';
import { normalizeForSearch } from '../../lib/text/search-words';
import { TopK } from '../../lib/text/top-k';

const DAY = 86_400_000;

export function compareUsage(a: SearchableTemplate, b: SearchableTemplate): number {
  return b.usageCount - a.usageCount || (b.lastUsedAt ?? 0) - (a.lastUsedAt ?? 0) || a.title.localeCompare(b.title);
}

function popularity(template: SearchableTemplate, now: number): number {
  const recency = template.lastUsedAt === undefined ? 0 : 10 * Math.exp(-Math.max(0, now - template.lastUsedAt) / (30 * DAY));
  return 6 * Math.log2(1 + Math.max(0, template.usageCount || 0)) + recency;
}

/** The normalised titles and shortcuts (without a "/" or ";" prefix) the ranking needs. */
export interface Prepared<T extends SearchableTemplate> {
  templates: readonly T[];
  titles: string[];
  shortcuts: string[];
  byUsage: number[];
}

export function prepared<T extends SearchableTemplate>(templates: readonly T[]): Prepared<T> {
  return {
    templates,
    titles: templates.map((t) => normalizeForSearch(t.title)),
    shortcuts: templates.map((t) => normalizeForSearch(t.shortcut ?? '').replace(/^[/;:!#.\\]+/, '')),
    byUsage: [...templates.keys()].sort((a, b) => compareUsage(templates[a]!, templates[b]!)),
  };
}

export const normalizeQuery = (query: string): string => normalizeForSearch(query).trim().replace(/\s+/g, ' ');

/**
 * The ranked answer: `matched` holds each matching template's points from the library (every
 * query word matched); `context` the points of the post being replied to.
 */
export function rank<T extends SearchableTemplate>(
  index: Prepared<T>,
  query: string,
  matched: Map<number, number>,
  context: Map<number, number>,
  options: SearchOptions,
): ScoredTemplate<T>[] {
  const limit = options.limit !== undefined && options.limit >= 0 ? Math.floor(options.limit) : 50;
  const now = options.now ?? Date.now();
  const { templates } = index;
  const best = new TopK<{ entry: number; score: number }>(limit, (a, b) => a.score - b.score || compareUsage(templates[b.entry]!, templates[a.entry]!));
  const normalized = normalizeQuery(query);
  if (normalized === '') {
    for (const [entry, score] of context) best.offer({ entry, score });
    for (let k = 0; k < index.byUsage.length && k < limit; k++) {
      const entry = index.byUsage[k]!;
      if (!context.has(entry)) best.offer({ entry, score: 0 });
    }
  } else {
    const bare = normalized.replace(/^[/;:!#.\\]+/, '');
    if (bare !== '') {
      index.shortcuts.forEach((shortcut, entry) => {
        if (shortcut === '' || !shortcut.startsWith(bare)) return;
        matched.set(entry, (matched.get(entry) ?? 0) + (shortcut === bare ? 1000 : 500 + (100 * bare.length) / shortcut.length));
      });
    }
    const phrase = normalized.includes(' ');
    for (const [entry, points] of matched) {
      let score = points + popularity(templates[entry]!, now);
      if (phrase && index.titles[entry]!.includes(normalized)) score += 100;
      score += 5 * Math.min(context.get(entry) ?? 0, 10);
      best.offer({ entry, score });
    }
  }
  return best.sorted().map(({ entry, score }) => ({ ...templates[entry]!, score }));
}

/** `searchTemplates` of fuzzy.ts (an index per template array, kept) for a candidate's two functions. */
export function oneCallSearch<I>(prepare: (templates: readonly SearchableTemplate[]) => I, search: (index: I, query: string, options: SearchOptions) => ScoredTemplate[]) {
  const indexes = new WeakMap<readonly SearchableTemplate[], I>();
  return <T extends SearchableTemplate>(query: string, templates: readonly T[], options: SearchOptions = {}): ScoredTemplate<T>[] => {
    let index = indexes.get(templates);
    if (!index) {
      index = prepare(templates);
      indexes.set(templates, index);
    }
    return search(index, query, options) as ScoredTemplate<T>[];
  };
}
