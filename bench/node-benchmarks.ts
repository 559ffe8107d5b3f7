// The figures that do not need a browser: the character budget, template search, the content
// script's size, and pack import on fake-indexeddb (for comparison with the Chromium figure).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import 'fake-indexeddb/auto';
import { HandlebookDatabase } from '../lib/db/database';
import { measure } from '../lib/text/budget';
import type { Template } from '../lib/db/types';
import { prepareTemplateIndex, searchIndex, type SearchOptions, type TemplateIndex } from '../lib/text/fuzzy';
import { importPack, preparePackImport, type PackImportTiming } from './pack-import';
import { percentile } from './stats';
import { asTemplateRows, generateTemplates, TYPED_QUERIES } from './templates';

const CONTENT_SCRIPT = resolve(import.meta.dirname, '../.output/chrome-mv3/content-scripts/x.js');

// ---------------------------------------------------------------------------------------------
// Budget

const PIECES = [
  'Hi @mara_okafor, so sorry about NW-48213! ',
  'Track it here: https://northwind.example/orders/{salt} ',
  '注文したコーヒー豆は明日届きます。',
  'Thanks for your patience 🙏🏽☕ ',
  'Ünïcödé résumé naïve café ',
  'see northwind.example/faq#refunds{salt} ',
  '👩🏽‍💻 👨‍👩‍👧 🇳🇱 ',
  '#NorthwindCoffee ',
];

/** Mixed text (mentions, URLs and bare domains, CJK, accents, emoji sequences) of `length` UTF-16 units. */
function mixedText(length: number, salt: string): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += PIECES[i % PIECES.length]!.replace('{salt}', `${salt}${i}`);
  const points = Array.from(text);
  let out = '';
  for (const p of points) {
    if (out.length + p.length > length) break;
    out += p;
  }
  return out.padEnd(length, 'x');
}

/**
 * µs per call of `fn(i)`: a warm-up long enough for V8's optimising tier, then `rounds` timed
 * rounds of at least `minCalls` calls and `minMs` ms; the fastest round counts, since other
 * processes on a shared 2-core machine can only ever add time (timeit's reasoning).
 */
function microbench(fn: (i: number) => number, minCalls: number, minMs: number, rounds = 5): number {
  let sink = 0;
  let i = 0;
  const warm = performance.now();
  while (i < 200 || performance.now() - warm < 300) sink += fn(i++);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = performance.now();
    while (calls < minCalls || performance.now() - start < minMs) sink += fn(i + calls++);
    i += calls;
    best = Math.min(best, ((performance.now() - start) * 1000) / calls);
  }
  if (sink === -1) console.log(sink); // keeps the results observable, so nothing is optimised away
  return best;
}

export interface BudgetResult {
  usPerCall280: number;
  usPerCall25k: number;
  coldUs280: number;
  coldUs25k: number;
}

/**
 * Keystroke case (the composer's): the same post with its last character changing, so the
 * URL runs before it are in budget.ts's run cache. Cold case: every URL different, no cache hit.
 */
export function benchBudget(): BudgetResult {
  const keystroke = (length: number, limit: number) => {
    const base = mixedText(length - 1, 'k');
    const tails = 'abcdefghijklmnopqrstuvwxyz';
    return (i: number) => measure(base + tails[i % tails.length], { limit }).weightedLength;
  };
  const cold = (length: number, limit: number, variants: number) => {
    const texts = Array.from({ length: variants }, (_, i) => mixedText(length, `c${i}-`));
    return (i: number) => measure(texts[i % texts.length]!, { limit }).weightedLength;
  };
  return {
    usPerCall280: microbench(keystroke(280, 280), 2_000, 150),
    usPerCall25k: microbench(keystroke(25_000, 25_000), 30, 150),
    coldUs280: microbench(cold(280, 280, 2_000), 2_000, 100),
    coldUs25k: microbench(cold(25_000, 25_000, 20), 30, 100),
  };
}

// ---------------------------------------------------------------------------------------------
// Search

export interface SearchResult {
  templates: number;
  p95Ms: number;
  p50Ms: number;
  maxMs: number;
  prepareMs: number;
  keystrokes: number;
}

/** A search with the picker's two calls: ours (lib/text/fuzzy.ts) or a library-backed stand-in (bench/parsers). */
export interface SearchImplementation {
  prepareTemplateIndex(templates: readonly Template[]): unknown;
  searchIndex(index: unknown, query: string, options: SearchOptions): unknown[];
}

export const OUR_SEARCH: SearchImplementation = {
  prepareTemplateIndex: (templates) => prepareTemplateIndex(templates),
  searchIndex: (index, query, options) => searchIndex(index as TemplateIndex<Template>, query, options),
};

/**
 * The picker's work per keystroke: searchIndex over a prepared index of 10,000 templates, for
 * every prefix of each typed query (the picker opens with an empty query ranked by the tweet
 * being answered). One pass: the index's per-word cache helps as it would while typing.
 */
export function benchSearch({ prepareTemplateIndex, searchIndex }: SearchImplementation = OUR_SEARCH): SearchResult {
  const now = Date.now();
  const rows = asTemplateRows(generateTemplates(10_000), now);
  const context = '@northwind_help my order NW-48213 arrived with the bag split open, can I get a refund or a replacement?';
  const passes: number[][] = [];
  const prepare: number[] = [];
  // Three passes, each on a fresh index (same cache state), keeping each keystroke's fastest:
  // the spread across keystrokes is the code's, spikes from other processes are not.
  for (let pass = 0; pass < 3; pass++) {
    const t0 = performance.now();
    const index = prepareTemplateIndex(rows);
    prepare.push(performance.now() - t0);
    for (const warm of ['hello', 'xyz', 'order']) for (let n = 0; n <= warm.length; n++) searchIndex(index, warm.slice(0, n), { context, now });
    const times: number[] = [];
    for (const query of TYPED_QUERIES) {
      for (let n = 0; n <= query.length; n++) {
        const start = performance.now();
        searchIndex(index, query.slice(0, n), { context, now, limit: 50 });
        times.push(performance.now() - start);
      }
    }
    passes.push(times);
  }
  const times = passes[0]!.map((_, k) => Math.min(...passes.map((p) => p[k]!)));
  return { templates: rows.length, p95Ms: percentile(times, 95), p50Ms: percentile(times, 50), maxMs: Math.max(...times), prepareMs: Math.min(...prepare), keystrokes: times.length };
}

// ---------------------------------------------------------------------------------------------
// Pack import on fake-indexeddb

export async function benchPackImportNode(): Promise<PackImportTiming> {
  const db = new HandlebookDatabase(`bench-pack-${process.pid}`);
  const now = Date.now();
  const text = await preparePackImport(db, now);
  const timing = await importPack(db, text, now);
  db.close();
  return timing;
}

// ---------------------------------------------------------------------------------------------
// Bundle

export function benchBundle(): { contentScriptKB: number; contentScriptGzKB: number } {
  const code = readFileSync(CONTENT_SCRIPT);
  return { contentScriptKB: code.length / 1024, contentScriptGzKB: gzipSync(code, { level: 9 }).length / 1024 };
}
