// The parsers and search the project writes by hand (lib/packs/csv.ts, lib/packs/json-syntax.ts,
// lib/text/fuzzy.ts) side by side with the well-kept libraries that could replace them
// (bench/parsers/candidates.ts): speed on the project's own figures, bytes added to the scripts
// that ship them, inputs read differently. Our own figures always run (and go to results.json);
// a library is measured when it is installed (see candidates.ts), in the same run, its time
// interleaved with ours so both see the same machine.

import { toCsv, parseCsv } from '../lib/packs/csv';
import { parseTemplatesCsv, templatesToCsv } from '../lib/packs/csv-templates';
import { findJsonSyntaxError } from '../lib/packs/json-syntax';
import { benchBundle, benchSearch, OUR_SEARCH, type SearchImplementation, type SearchResult } from './node-benchmarks';
import { bytesWith } from './parsers/bytes';
import { CANDIDATES, loadCandidate, type Candidate } from './parsers/candidates';
import { csvDifferences, deepestNesting, jsonDifferences, type Differences } from './parsers/differences';
import { targetOf } from './report';
import { generateTemplates, packText } from './templates';

export interface ParserFigures {
  csvParseMs: number;
  csvWriteMs: number;
  templatesCsvMs: number;
  jsonLocateMs: number;
}

/** Fastest of `rounds` calls of each function, taken in turns (ours, theirs, ours, ...). */
function fastest(fns: (() => unknown)[], rounds: number): number[] {
  for (const fn of fns) fn(); // warm-up
  const best = fns.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      const start = performance.now();
      fn();
      best[k] = Math.min(best[k]!, performance.now() - start);
    });
  }
  return best;
}

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const times = (ours: number, theirs: number) => `${(theirs / ours).toFixed(1)}×`;
const verdict = (value: number, max: number | undefined) => (max === undefined ? '' : value <= max ? ' pass' : ' MISSED');

/** The project's own data: 10,000 generated canned replies as the CSV export writes them and as a pack. */
function data() {
  const templates = generateTemplates(10_000);
  const csv = templatesToCsv(templates);
  const header = ['id', 'title', 'body', 'shortcut', 'folder', 'tags', 'lang'];
  const rows = templates.map((t) => [t.id, t.title, t.body, t.shortcut ?? '', t.folder ?? '', t.tags.join(', '), t.lang]);
  const pack = packText(generateTemplates(10_000, 99));
  const missingBracket = pack.replace(/\]\n\}$/, '\n}'); // the templates' "[" never closed: found at the end
  const middle = pack.length >> 1;
  const missingColon = pack.slice(0, middle) + pack.slice(middle).replace('"title":', '"title"'); // halfway
  return { csv, header, rows, pack, broken: [missingBracket, missingColon] };
}

export async function benchParsers(log: (line: string) => void): Promise<ParserFigures> {
  const d = data();
  const loaded = new Map<Candidate['name'], Record<string, unknown>>();
  for (const c of CANDIDATES) {
    const api = await loadCandidate(c);
    if (api) loaded.set(c.name, api);
  }
  const missing = CANDIDATES.filter((c) => !loaded.has(c.name));
  if (missing.length > 0) {
    log(`  not installed, so not measured: ${missing.map((c) => `${c.library}@${c.version}`).join(', ')}`);
    log('  (they are dev dependencies in package.json: npm ci installs them)');
  }
  const lines: string[][] = [];
  const row = (figure: string, ours: string, library: string, target = '') => lines.push([figure, ours, library, target]);

  // CSV: our reader and writer, and papaparse's.
  const papa = loaded.get('csv-papaparse') as { parseCsv: typeof parseCsv; toCsv: typeof toCsv } | undefined;
  const csvMB = `${(d.csv.length / 1024 / 1024).toFixed(1)} MB`;
  const [csvParseMs, papaParseMs] = fastest([() => parseCsv(d.csv), ...(papa ? [() => papa.parseCsv(d.csv)] : [])], 15);
  const [csvWriteMs, papaWriteMs] = fastest([() => toCsv(d.header, d.rows), ...(papa ? [() => papa.toCsv(d.header, d.rows)] : [])], 15);
  const [templatesCsvMs] = fastest([() => parseTemplatesCsv(d.csv)], 5);
  const papaName = 'papaparse 5.7.1';
  row(`CSV: read 10,000 replies (${csvMB}), parseCsv`, ms(csvParseMs!), papaParseMs === undefined ? '' : `${papaName}: ${ms(papaParseMs)} (${times(csvParseMs!, papaParseMs)})`);
  row('CSV: write them, toCsv', ms(csvWriteMs!), papaWriteMs === undefined ? '' : `${papaName}: ${ms(papaWriteMs)} (${times(csvWriteMs!, papaWriteMs)})`);
  row('CSV: read them as replies, parseTemplatesCsv (validation included)', ms(templatesCsvMs!), '');

  // JSON: locating the first syntax error; our scanner, and jsonc-parser's visitor.
  const jsonc = loaded.get('json-jsonc') as { findJsonSyntaxError: typeof findJsonSyntaxError } | undefined;
  const packMB = `${(d.pack.length / 1024 / 1024).toFixed(1)} MB`;
  let jsonLocateMs = 0;
  for (const [k, broken] of d.broken.entries()) {
    const [ours, theirs] = fastest([() => findJsonSyntaxError(broken), ...(jsonc ? [() => jsonc.findJsonSyntaxError(broken)] : [])], 10);
    jsonLocateMs = Math.max(jsonLocateMs, ours!);
    const where = k === 0 ? 'at the end ("[" never closed)' : 'halfway (":" missing)';
    row(`JSON: locate the error of a 10,000-reply pack (${packMB}), ${where}`, ms(ours!), theirs === undefined ? '' : `jsonc-parser 3.3.1: ${ms(theirs)} (${times(ours!, theirs)})`);
  }
  if (jsonc) {
    const ourDepth = deepestNesting(findJsonSyntaxError);
    row('JSON: deepest unclosed "[" located without a stack overflow (of 1,000,000 tried)', ourDepth.toLocaleString('en-US'), deepestNesting(jsonc.findJsonSyntaxError).toLocaleString('en-US'));
  }

  // Search: the picker's per-keystroke p95, as the search section measures it.
  const searchTarget = targetOf('search', 'p95Ms');
  const searches: [string, SearchImplementation][] = [['ours', OUR_SEARCH]];
  for (const name of ['search-minisearch', 'search-ufuzzy'] as const) {
    const api = loaded.get(name);
    if (api) searches.push([name, api as unknown as SearchImplementation]);
  }
  const searched = new Map<string, SearchResult>();
  for (const [name, impl] of searches) searched.set(name, benchSearch(impl));
  const ourSearch = searched.get('ours')!;
  const searchLine = (r: SearchResult) => `p95 ${ms(r.p95Ms)}${verdict(r.p95Ms, searchTarget)} (p50 ${ms(r.p50Ms)}, index ${r.prepareMs.toFixed(0)} ms)`;
  row('search: per keystroke over 10,000 replies', searchLine(ourSearch), [...searched].filter(([n]) => n !== 'ours').map(([n, r]) => `${n === 'search-minisearch' ? 'MiniSearch 7.2.0' : 'uFuzzy 1.0.19'}: ${searchLine(r)}`).join('; '), searchTarget === undefined ? '' : `p95 ≤ ${searchTarget} ms`);

  // Bytes: what each library would add to the scripts that ship the module.
  let contentGz: number | undefined;
  try {
    contentGz = benchBundle().contentScriptGzKB * 1024;
  } catch {
    contentGz = undefined; // not built (npm run bench builds first)
  }
  const gzTarget = targetOf('bundle', 'contentScriptGzKB');
  for (const c of CANDIDATES) {
    if (!loaded.has(c.name)) continue;
    const b = await bytesWith(c);
    const added = `+${kb(b.library.gz - b.own.gz)} gz (+${kb(b.library.raw - b.own.raw)} raw)`;
    if (c.replaces === 'lib/text/fuzzy.ts' && contentGz !== undefined && gzTarget !== undefined) {
      const estimate = (contentGz + b.library.gz - b.own.gz) / 1024;
      row(`bytes: ${c.library} in the content script`, `${kb(contentGz)} gz`, `${added}: ≈ ${estimate.toFixed(1)} KB${verdict(estimate, gzTarget)}`, `≤ ${gzTarget} KB gz`);
    } else {
      row(`bytes: ${c.library} in the ${b.scripts}`, '', `${added} each`);
    }
  }

  // Inputs read differently.
  const differences: Differences[] = [...(papa ? csvDifferences(papa.parseCsv) : []), ...(jsonc ? jsonDifferences(jsonc.findJsonSyntaxError) : [])];
  for (const diff of differences) row(`read differently: ${diff.what}`, '', `${diff.differ.toLocaleString('en-US')} of ${diff.inputs.toLocaleString('en-US')}`);

  const header = ['figure', 'ours', 'library (same run)', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `  | ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  log(line(header));
  log(`  |${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) log(line(l));
  for (const diff of differences) {
    if (diff.examples.length === 0) continue;
    log(`  ${diff.what}, first differences:`);
    for (const e of diff.examples) log(`    ${e}`);
  }
  if (loaded.size > 0) {
    log('  the unit tests of each replaced module against its stand-in:');
    for (const c of CANDIDATES) if (loaded.has(c.name)) log(`    CANDIDATE=${c.name} npx vitest run -c bench/parsers/vitest.config.ts ${c.tests.join(' ')}`);
  }
  return { csvParseMs: csvParseMs!, csvWriteMs: csvWriteMs!, templatesCsvMs: templatesCsvMs!, jsonLocateMs };
}
