import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TeamFigures } from './team';
import type { TeamLoadFigures } from './team-load-section';

/** bench/results.json: exactly these numeric fields (null when a section failed to run). */
export interface Results {
  timeline: { tweets: number; withExtensionMs: number; withoutExtensionMs: number; overheadRatio: number; msPerTweet: number; longTasks: number; heapKBPerTweet: number };
  lookup: { customers: number; batch: number; p50Ms: number; p95Ms: number; coldMs: number };
  budget: { usPerCall280: number; usPerCall25k: number };
  search: { templates: number; p95Ms: number };
  packImport: { templates: number; ms: number };
  backup: { customers: number; interactions: number; exportMs: number; restoreMs: number };
  bundle: { contentScriptKB: number; contentScriptGzKB: number };
  parsers: { csvParseMs: number; csvWriteMs: number; templatesCsvMs: number; jsonLocateMs: number };
  team: TeamFigures;
  teamLoad: TeamLoadFigures;
}

export type Partial2<T> = { [K in keyof T]: { [F in keyof T[K]]: T[K][F] | null } };

/** The same, with only some sections (a run limited by BENCH_ONLY). */
export type SomeSections<T> = Partial<Partial2<T>>;

interface Row {
  section: keyof Results;
  field: string;
  unit: string;
  /** Upper bound; undefined for figures shown for context only. */
  max?: number;
  digits: number;
}

// The targets (from the issues). `max` is inclusive: value <= max passes. The storage targets
// are what a person notices (the team desk issue revised them): a lookup batch within a frame,
// a cold lookup within a tenth of a second, a restore within a minute (its progress shown), an
// export within ten seconds, a 10,000-reply pack within two.
const ROWS: Row[] = [
  { section: 'timeline', field: 'withExtensionMs', unit: 'ms', digits: 0 },
  { section: 'timeline', field: 'withoutExtensionMs', unit: 'ms', digits: 0 },
  { section: 'timeline', field: 'overheadRatio', unit: '×', max: 1.05, digits: 3 },
  { section: 'timeline', field: 'msPerTweet', unit: 'ms', max: 0.05, digits: 3 },
  { section: 'timeline', field: 'longTasks', unit: '', max: 0, digits: 0 },
  { section: 'timeline', field: 'heapKBPerTweet', unit: 'KB', max: 2, digits: 2 },
  { section: 'lookup', field: 'p50Ms', unit: 'ms', digits: 2 },
  { section: 'lookup', field: 'p95Ms', unit: 'ms', max: 16, digits: 2 },
  { section: 'lookup', field: 'coldMs', unit: 'ms', max: 100, digits: 1 },
  { section: 'budget', field: 'usPerCall280', unit: 'µs', max: 100, digits: 1 },
  { section: 'budget', field: 'usPerCall25k', unit: 'µs', max: 2_000, digits: 0 },
  { section: 'search', field: 'p95Ms', unit: 'ms', max: 3, digits: 2 },
  { section: 'packImport', field: 'ms', unit: 'ms', max: 2_000, digits: 0 },
  { section: 'backup', field: 'exportMs', unit: 'ms', max: 10_000, digits: 0 },
  { section: 'backup', field: 'restoreMs', unit: 'ms', max: 60_000, digits: 0 },
  { section: 'bundle', field: 'contentScriptKB', unit: 'KB', digits: 1 },
  { section: 'bundle', field: 'contentScriptGzKB', unit: 'KB', max: 120, digits: 1 },
  { section: 'parsers', field: 'csvParseMs', unit: 'ms', digits: 2 },
  { section: 'parsers', field: 'csvWriteMs', unit: 'ms', digits: 2 },
  { section: 'parsers', field: 'templatesCsvMs', unit: 'ms', digits: 0 },
  { section: 'parsers', field: 'jsonLocateMs', unit: 'ms', digits: 2 },
  { section: 'team', field: 'propagationP50Ms', unit: 'ms', digits: 0 },
  { section: 'team', field: 'propagationP95Ms', unit: 'ms', max: 500, digits: 0 },
  { section: 'team', field: 'nodePropagationP95Ms', unit: 'ms', digits: 1 },
  { section: 'team', field: 'joinMs', unit: 'ms', max: 30_000, digits: 0 },
  { section: 'team', field: 'lookupP95Ms', unit: 'ms', max: 16, digits: 2 },
  { section: 'team', field: 'lookupColdMs', unit: 'ms', max: 100, digits: 1 },
  { section: 'team', field: 'largeJoinMs', unit: 'ms', digits: 0 },
  { section: 'team', field: 'nodeFetchMs', unit: 'ms', digits: 0 },
  { section: 'team', field: 'seedMs', unit: 'ms', digits: 0 },
  { section: 'team', field: 'serverMBPerMember', unit: 'MB', digits: 2 },
  { section: 'teamLoad', field: 'oneChangesPerSecond', unit: '/s', digits: 0 },
  { section: 'teamLoad', field: 'oneP50Ms', unit: 'ms', digits: 0 },
  { section: 'teamLoad', field: 'oneP95Ms', unit: 'ms', max: 250, digits: 0 },
  { section: 'teamLoad', field: 'oneMaxMs', unit: 'ms', digits: 0 },
  { section: 'teamLoad', field: 'onePresenceP95Ms', unit: 'ms', max: 1_000, digits: 0 },
  { section: 'teamLoad', field: 'oneLost', unit: '', max: 0, digits: 0 },
  { section: 'teamLoad', field: 'oneUnacknowledged', unit: '', digits: 0 },
  { section: 'teamLoad', field: 'oneCpuPercent', unit: '%', digits: 0 },
  { section: 'teamLoad', field: 'onePeakMB', unit: 'MB', digits: 0 },
  { section: 'teamLoad', field: 'oneMembersCpuPercent', unit: '%', digits: 0 },
  { section: 'teamLoad', field: 'twoChangesPerSecond', unit: '/s', digits: 0 },
  { section: 'teamLoad', field: 'twoP50Ms', unit: 'ms', digits: 0 },
  { section: 'teamLoad', field: 'twoP95Ms', unit: 'ms', max: 400, digits: 0 },
  { section: 'teamLoad', field: 'twoMaxMs', unit: 'ms', digits: 0 },
  { section: 'teamLoad', field: 'twoPresenceP95Ms', unit: 'ms', max: 1_000, digits: 0 },
  { section: 'teamLoad', field: 'twoLost', unit: '', max: 0, digits: 0 },
  { section: 'teamLoad', field: 'twoUnacknowledged', unit: '', digits: 0 },
  { section: 'teamLoad', field: 'twoCpuPercent', unit: '%', digits: 0 },
  { section: 'teamLoad', field: 'twoPeakMB', unit: 'MB', digits: 0 },
  { section: 'teamLoad', field: 'twoMembersCpuPercent', unit: '%', digits: 0 },
];

/** The target of one figure (undefined for figures shown for context only). */
export function targetOf(section: string, field: string): number | undefined {
  return ROWS.find((r) => r.section === section && r.field === field)?.max;
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Prints the table; returns the figures that missed their target (or did not run). */
export function printTable(results: SomeSections<Results>, print: (line: string) => void): string[] {
  const missed: string[] = [];
  // Sections left out of `results` (BENCH_ONLY) are left out of the table.
  const lines = ROWS.filter((row) => row.section in results).map((row) => {
    const name = `${row.section}.${row.field}`;
    const value = (results[row.section] as Record<string, number | null> | null)?.[row.field] ?? null;
    const target = row.max === undefined ? '' : row.max === 0 ? '= 0' : `≤ ${row.max.toLocaleString('en-US', { maximumFractionDigits: 3 })} ${row.unit}`.trim();
    let verdict = '';
    if (value === null || Number.isNaN(value)) {
      verdict = row.max === undefined ? '' : 'NOT RUN';
      if (row.max !== undefined) missed.push(`${name} (did not run)`);
    } else if (row.max !== undefined) {
      const pass = value <= row.max;
      verdict = pass ? 'pass' : 'MISSED';
      if (!pass) missed.push(`${name} = ${`${fmt(value, row.digits)} ${row.unit}`.trim()} (target ${target})`);
    }
    const shown = value === null || Number.isNaN(value) ? '—' : `${fmt(value, row.digits)} ${row.unit}`.trim();
    return [name, shown, target, verdict];
  });
  const header = ['figure', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  print(line(header));
  print(`|${widths.map((w, i) => (i === 1 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const l of lines) print(line(l));
  return missed;
}

/** Rounds for the file (enough digits for every target) and writes bench/results.json. */
export function writeResults(results: Partial2<Results>): string {
  const path = resolve(import.meta.dirname, 'results.json');
  const rounded = JSON.parse(JSON.stringify(results, (_key, value: unknown) => (typeof value === 'number' ? (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null) : value)));
  writeFileSync(path, `${JSON.stringify(rounded, null, 2)}\n`);
  return path;
}
