// CSV in and out: RFC 4180 reading and writing for the templates' CSV import and export
// (csv-templates.ts) and the customer export (lib/customers/csv-export.ts).
//
// The reader follows RFC 4180 (comma separator, cells in double quotes may contain commas,
// quotes written as "" and line breaks) and accepts what real files contain besides: a UTF-8
// byte-order mark (Excel writes one), LF or lone CR line ends as well as CRLF, even mixed in one
// file, and a stray " inside an unquoted cell (taken literally, as spreadsheets do). It never
// throws; errors say which row and column.
//
// Formula injection: a cell that starts with =, +, -, @, a tab or a carriage return is run as a
// formula by Excel, Sheets or LibreOffice when the file is opened, which a shared template or a
// customer's display name could abuse. The writer puts an apostrophe in front of such cells
// (spreadsheets show the text and hide the apostrophe); the template reader removes it again,
// so the round trip is exact. A cell that already starts with apostrophes followed by one of
// those characters gets one more apostrophe, so text that really begins with "'=" survives too.
//
// Our own code rather than papaparse, measured side by side (bench/parsers.ts; bench/README.md
// has the run): papaparse 5.7.1 behind this module's interface passed the 72 tests the CSV
// import and exports had, but it reads one kind of line end per file, guessed from the first
// megabyte, so a file mixing CRLF and LF (edited in two editors, or two files joined) comes out
// with records merged into cells (the test added for it fails): 4,095 of 20,000 generated texts
// mixing them read differently, and 340 of 20,000 CRLF-only ones, where a stray " in an
// unquoted cell (5" screen) can make the guess wrong and leave "\r" in cells. It was also
// slower here (reading 10,000 templates: 11.6 ms against 3.7; writing them 59.8 against 16.4)
// and added 6.9 KB gzipped to the background and the dashboard each.

import { safeErrorMessage } from './json-text';
import { lineColumn } from './text-position';

export interface CsvError {
  /** Record number from 1 (the header is row 1), as a spreadsheet numbers rows. */
  row: number;
  /** Cell number in the row, from 1. */
  column: number;
  /** Physical line of the file where the problem is (differs from `row` after multi-line cells). */
  line: number;
  message: string;
}

export type ParseCsvResult =
  | { ok: true; rows: string[][] }
  /** `rows` holds the records read before the error, so callers can name columns. */
  | { ok: false; errors: CsvError[]; rows: string[][] };

/**
 * Reads CSV text into rows of cells. A final line break does not start an empty row; a blank
 * line in the middle is a row with one empty cell (callers decide whether to skip it).
 */
export function parseCsv(text: string): ParseCsvResult {
  const rows: string[][] = [];
  try {
    if (typeof text !== 'string') return { ok: false, rows, errors: [{ row: 1, column: 1, line: 1, message: 'expected text' }] };
    const n = text.length;
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (i >= n) return { ok: true, rows };
    let row: string[] = [];
    const error = (offset: number, message: string): ParseCsvResult => ({
      ok: false,
      rows,
      errors: [{ row: rows.length + 1, column: row.length + 1, line: lineColumn(text, offset).line, message }],
    });
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        // Quoted cell: copy runs between quotes; "" is one quote.
        const open = i;
        let j = i + 1;
        let parts = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            const { line } = lineColumn(text, open);
            return error(open, `a quoted cell that starts on line ${line} never ends (a closing " is missing)`);
          }
          parts += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            parts += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        value = parts;
        const next = text.charCodeAt(i);
        if (i < n && next !== 44 && next !== 13 && next !== 10) {
          return error(i, 'unexpected text after the closing quote of a cell (inside a quoted cell, write a quote as "")');
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 13 || c === 10) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      row.push(value);
      if (i >= n) {
        rows.push(row);
        break;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      // CRLF, LF or a lone CR ends the record.
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      rows.push(row);
      row = [];
      if (i >= n) break;
    }
    return { ok: true, rows };
  } catch (err) {
    // Only memory exhaustion could get here; the promise is that parsing never throws.
    return { ok: false, rows, errors: [{ row: rows.length + 1, column: 1, line: 1, message: `could not read this CSV file (${safeErrorMessage(err)})` }] };
  }
}

const FORMULA_START = /^'*[=+\-@\t\r]/;

/** Makes a cell safe to open in a spreadsheet (see the header): prefixes an apostrophe if needed. */
export function protectCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Undoes `protectCell`. Only for cells this module wrote or that follow the same convention. */
export function unprotectCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

function quoteCell(cell: string): string {
  // Quote when the cell holds a separator, a quote or a line break, and when it has spaces at
  // either end (some readers trim unquoted cells).
  if (/[",\r\n]/.test(cell) || /^\s|\s$/.test(cell)) return `"${cell.replace(/"/g, '""')}"`;
  return cell;
}

export interface ToCsvOptions {
  /** Start with a UTF-8 byte-order mark so Excel opens accented text correctly. Default false. */
  bom?: boolean;
  /** Neutralise cells that a spreadsheet would run as formulas. Default true. */
  protectFormulas?: boolean;
}

/** Writes RFC 4180 CSV: CRLF line ends (also after the last row), quotes only where needed. */
export function toCsv(headers: readonly string[], rows: readonly (readonly string[])[], options: ToCsvOptions = {}): string {
  const protect = options.protectFormulas !== false;
  const line = (cells: readonly string[]): string => cells.map((c) => quoteCell(protect ? protectCell(c) : c)).join(',');
  let out = options.bom ? '\ufeff' : '';
  out += `${line(headers)}\r\n`;
  for (const row of rows) out += `${line(row)}\r\n`;
  return out;
}
