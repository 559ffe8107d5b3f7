// lib/packs/csv.ts on papaparse (5.7.1 measured): Papa.parse reads, Papa.unparse writes, and
// this adapter keeps the module's contract: no row for a final line break, rows read before an
// error, errors with row, column and line (papaparse gives the row and the offset after the
// opening quote: the rest comes from parsing again up to there), the formula guard (csv.ts's
// own protectCell, since papaparse's escapeFormulae also quotes every guarded cell), a line
// break after the last row and an optional byte-order mark.

import { protectCell, unprotectCell, type CsvError, type ParseCsvResult, type ToCsvOptions } from '../../lib/packs/csv';
import { safeErrorMessage } from '../../lib/packs/json-text';
import { lineColumn } from '../../lib/packs/text-position';

/** The part of papaparse's API used here. */
export interface Papa {
  parse(text: string, config: Record<string, unknown>): { data: string[][]; errors: { code: string; row?: number; index?: number }[]; meta: { linebreak: string; cursor: number } };
  unparse(rows: string[][], config: Record<string, unknown>): string;
}

export function csvOnPapaparse(Papa: Papa) {
  function parseCsv(text: string): ParseCsvResult {
    try {
      if (typeof text !== 'string') return { ok: false, rows: [], errors: [{ row: 1, column: 1, line: 1, message: 'expected text' }] };
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (body === '') return { ok: true, rows: [] };
      const result = Papa.parse(body, { delimiter: ',', header: false, dynamicTyping: false, skipEmptyLines: false });
      const rows = result.data;
      const first = result.errors[0];
      if (!first) {
        const last = rows[rows.length - 1];
        if (last && last.length === 1 && last[0] === '' && body.endsWith(result.meta.linebreak)) rows.pop();
        return { ok: true, rows };
      }
      const row = first.row ?? 0;
      const newline = result.meta.linebreak;
      const recordStart = row === 0 ? 0 : Papa.parse(body, { delimiter: ',', newline, preview: row }).meta.cursor;
      const open = (first.index ?? 1) - 1;
      const column = Math.max(1, open <= recordStart ? 0 : (Papa.parse(body.slice(recordStart, open), { delimiter: ',', newline }).data[0]?.length ?? 0));
      let error: CsvError;
      if (first.code === 'MissingQuotes') {
        const { line } = lineColumn(body, open);
        error = { row: row + 1, column, line, message: `a quoted cell that starts on line ${line} never ends (a closing " is missing)` };
      } else {
        // InvalidQuotes: the text runs on after the closing quote; find that quote.
        let q = open + 1;
        for (;;) {
          const next = body.indexOf('"', q);
          if (next === -1) {
            q = body.length;
            break;
          }
          if (body.charCodeAt(next + 1) === 34) {
            q = next + 2;
            continue;
          }
          q = next + 1;
          break;
        }
        error = { row: row + 1, column, line: lineColumn(body, q).line, message: 'unexpected text after the closing quote of a cell (inside a quoted cell, write a quote as "")' };
      }
      return { ok: false, rows: rows.slice(0, row), errors: [error] };
    } catch (err) {
      return { ok: false, rows: [], errors: [{ row: 1, column: 1, line: 1, message: `could not read this CSV file (${safeErrorMessage(err)})` }] };
    }
  }

  function toCsv(headers: readonly string[], rows: readonly (readonly string[])[], options: ToCsvOptions = {}): string {
    const protect = options.protectFormulas !== false;
    const cells = (row: readonly string[]): string[] => row.map((c) => (protect ? protectCell(c) : c));
    const csv = Papa.unparse([cells(headers), ...rows.map(cells)], {
      newline: '\r\n',
      // Also quote cells with other whitespace at either end (papaparse quotes spaces only).
      quotes: (value: unknown) => typeof value === 'string' && /^\s|\s$/.test(value),
    });
    return `${options.bom ? '\ufeff' : ''}${csv}\r\n`;
  }

  return { parseCsv, toCsv, protectCell, unprotectCell };
}
