// Where a library-backed stand-in reads differently from our own code, on many generated
// inputs (fast-check, fixed seeds, so every run counts the same inputs): CSV text built from
// CSV's special characters, with one kind of line end or a mix; a pack file cut, spliced and
// trimmed at random places. A difference is not by itself a fault of either side: the first
// examples are printed to judge.

import fc from 'fast-check';
import { parseCsv } from '../../lib/packs/csv';
import { findJsonSyntaxError } from '../../lib/packs/json-syntax';

export interface Differences {
  what: string;
  inputs: number;
  differ: number;
  examples: string[];
}

type Reader = (text: string) => unknown;

function compare(what: string, inputs: fc.Arbitrary<string[]>, runs: number, seed: number, ours: Reader, theirs: Reader): Differences {
  const out: Differences = { what, inputs: 0, differ: 0, examples: [] };
  const show = (read: Reader, text: string): string => {
    try {
      return JSON.stringify(read(text));
    } catch (error) {
      return `throws ${String(error).slice(0, 80)}`;
    }
  };
  fc.assert(
    fc.property(inputs, (texts) => {
      for (const text of texts) {
        out.inputs++;
        const a = show(ours, text);
        const b = show(theirs, text);
        if (a === b) continue;
        out.differ++;
        if (out.examples.length < 3) out.examples.push(`${JSON.stringify(text).slice(0, 90)}\n      ours:    ${a.slice(0, 160)}\n      library: ${b.slice(0, 160)}`);
      }
    }),
    { numRuns: runs, seed },
  );
  return out;
}

const csvText = (units: readonly string[]) => fc.array(fc.constantFrom(...units), { maxLength: 30 }).map((a) => [a.join('')]);

export function csvDifferences(theirs: Reader): Differences[] {
  const cells = ['a', 'b', ',', '"', ' '];
  return [
    compare('CSV text, LF line ends only', csvText([...cells, '\n']), 20_000, 1, parseCsv, theirs),
    compare('CSV text, CRLF line ends only', csvText([...cells, '\r\n']), 20_000, 2, parseCsv, theirs),
    compare('CSV text, LF and CRLF mixed', csvText([...cells, '\n', '\r\n']), 20_000, 3, parseCsv, theirs),
  ];
}

const PACK = JSON.stringify(
  {
    format: 'handlebook-pack',
    version: 1,
    id: 'p',
    name: 'P é 🚚',
    templates: [
      { id: 'a', title: 'T', body: 'Hi "you"\n', tags: ['x', 'y'] },
      { id: 'b', title: 'U', body: 'B', lang: 'en' },
    ],
  },
  null,
  2,
);
const JUNK = ['{', '}', '[', ']', ',', ':', '"', "'", '0', '1', '-', '.', 'e', 'x', ' ', '\n', '\\', 'u', '/', '*', '\u00a0', '\t', 'n'];

export function jsonDifferences(theirs: Reader): Differences[] {
  const broken = fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 4, unit: fc.constantFrom(...JUNK) })).map(([cut, at, insert]) => {
    const i = at % (PACK.length + 1);
    const j = (at * 7) % (PACK.length + 1);
    return [PACK.slice(0, cut % (PACK.length + 1)), PACK.slice(0, i) + insert + PACK.slice(i), PACK.slice(0, j) + PACK.slice(j + 1 + (cut % 3))];
  });
  return [compare('a pack file cut short, spliced or trimmed', broken, 10_000, 4, findJsonSyntaxError, theirs)];
}

/** The deepest unclosed "[" nesting `locate` survives (our scanner: any; a recursive parser: its stack). */
export function deepestNesting(locate: Reader, upTo = 1_000_000): number {
  let lo = 0;
  let hi = upTo;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    let ok = true;
    try {
      locate('['.repeat(mid));
    } catch {
      ok = false;
    }
    if (ok) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
