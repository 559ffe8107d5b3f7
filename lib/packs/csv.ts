// CSV in and out: templates for people who keep their replies in a spreadsheet, and a generic
// writer the customer export reuses.
//
// The reader follows RFC 4180 (comma separator, cells in double quotes may contain commas,
// quotes written as "" and line breaks) and accepts what real files contain besides: a UTF-8
// byte-order mark (Excel writes one), LF or lone CR line ends, and a stray " inside an unquoted
// cell (taken literally, as spreadsheets do). It never throws; errors say which row and column.
//
// Formula injection: a cell that starts with =, +, -, @, a tab or a carriage return is run as a
// formula by Excel, Sheets or LibreOffice when the file is opened, which a shared template or a
// customer's display name could abuse. The writer puts an apostrophe in front of such cells
// (spreadsheets show the text and hide the apostrophe); the template reader removes it again,
// so the round trip is exact. A cell that already starts with apostrophes followed by one of
// those characters gets one more apostrophe, so text that really begins with "'=" survives too.

import { checkTextSize, lineColumn, safeErrorMessage, type PackError } from './json-text';
import { issuesToErrors, PACK_LIMITS, packTemplateSchema, SLUG_PATTERN, type PackTemplate } from './format';

// ---------------------------------------------------------------------------------------------
// Generic CSV

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

// ---------------------------------------------------------------------------------------------
// Templates as CSV

/** Columns, in the order the export writes them. Only title and body are required on import. */
export const TEMPLATE_CSV_COLUMNS = ['id', 'title', 'body', 'shortcut', 'folder', 'tags', 'lang'] as const;
export type TemplateCsvColumn = (typeof TEMPLATE_CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly TemplateCsvColumn[] = ['title', 'body'];

export type ParseTemplatesCsvResult = { ok: true; templates: PackTemplate[] } | { ok: false; errors: PackError[] };

/** What the export needs from a template: a pack template or a stored one both fit. */
export interface CsvTemplateInput {
  id?: string;
  title: string;
  body: string;
  shortcut?: string;
  folder?: string;
  tags?: readonly string[];
  lang?: string;
}

function where(row: number, column: string | number): string {
  return `row ${row}, column ${column}`;
}

/**
 * Reads templates from CSV with a header row naming the columns (any order, any case):
 * `title` and `body` are required; `id`, `shortcut`, `folder`, `tags`, `lang` are optional.
 * Tags are separated by commas or semicolons inside their cell. Rows with every cell empty are
 * skipped. A row without an id gets one made from its title ("Delayed order" → "delayed-order",
 * then "-2", "-3" if taken) so importing the same sheet again matches the same templates.
 * All or nothing: one bad row rejects the whole file, with every problem listed.
 */
export function parseTemplatesCsv(text: string): ParseTemplatesCsvResult {
  try {
    return readTemplatesCsv(text);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `could not read this CSV file (${safeErrorMessage(err)})` }] };
  }
}

function readTemplatesCsv(text: string): ParseTemplatesCsvResult {
  if (typeof text !== 'string') return { ok: false, errors: [{ path: '', message: 'expected the text of a CSV file' }] };
  const tooBig = checkTextSize(text, PACK_LIMITS.maxFileBytes, 'a CSV file');
  if (tooBig) return { ok: false, errors: [tooBig] };
  const parsed = parseCsv(text);
  const header = parsed.rows[0];
  if (!parsed.ok) {
    return {
      ok: false,
      errors: parsed.errors.map((e) => {
        const name = e.row > 1 ? header?.[e.column - 1]?.trim().toLowerCase() : undefined;
        return { path: where(e.row, name || e.column), message: `not valid CSV: ${e.message} (line ${e.line})` };
      }),
    };
  }
  const columnsHelp = 'the first row must name the columns: title, body, and optionally id, shortcut, folder, tags, lang';
  if (!header || header.every((h) => h.trim() === '')) {
    return { ok: false, errors: [{ path: '', message: `the file is empty; ${columnsHelp}` }] };
  }

  // Header: which cell index holds which column.
  const errors: PackError[] = [];
  const index = new Map<TemplateCsvColumn, number>();
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return; // an unnamed column is fine as long as it stays empty (checked below)
    const column = (TEMPLATE_CSV_COLUMNS as readonly string[]).includes(name) ? (name as TemplateCsvColumn) : undefined;
    if (!column) {
      errors.push({
        path: where(1, i + 1),
        message: `unknown column ${JSON.stringify(raw.trim())}; columns can be ${TEMPLATE_CSV_COLUMNS.join(', ')}`,
      });
    } else if (index.has(column)) {
      errors.push({ path: where(1, i + 1), message: `the column "${column}" appears twice` });
    } else index.set(column, i);
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!index.has(required)) errors.push({ path: 'row 1', message: `the column "${required}" is missing; ${columnsHelp}` });
  }
  if (errors.length > 0) return { ok: false, errors };

  const dataRows: { row: number; cells: string[] }[] = [];
  parsed.rows.forEach((cells, i) => {
    if (i > 0 && cells.some((c) => c.trim() !== '')) dataRows.push({ row: i + 1, cells });
  });
  if (dataRows.length > PACK_LIMITS.maxTemplates) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `a CSV file can hold at most ${PACK_LIMITS.maxTemplates.toLocaleString('en-US')} templates (this one has ${dataRows.length.toLocaleString('en-US')})`,
        },
      ],
    };
  }

  const cell = (cells: string[], column: TemplateCsvColumn): string => {
    const i = index.get(column);
    const value = i === undefined ? '' : unprotectCell(cells[i] ?? '');
    // Whitespace is never valid in these, so trimming only forgives stray spaces.
    return column === 'id' || column === 'shortcut' || column === 'lang' ? value.trim() : value;
  };

  // First pass: validate every row, remember explicit ids.
  const valid: { row: number; template: PackTemplate; explicitId: boolean }[] = [];
  const idRow = new Map<string, number>();
  for (const { row, cells } of dataRows) {
    cells.forEach((value, i) => {
      if (value.trim() === '') return;
      if (i >= header.length) errors.push({ path: where(row, i + 1), message: 'this row has more cells than the header row has columns' });
      else if ((header[i] ?? '').trim() === '') errors.push({ path: where(row, i + 1), message: 'this cell has a value but its column has no name in row 1' });
    });
    const id = cell(cells, 'id');
    const input: Record<string, unknown> = {
      // A placeholder stands in for a missing id so the other fields can be checked now.
      id: id === '' ? 'generated' : id,
    };
    for (const column of ['title', 'body', 'shortcut', 'folder', 'lang'] as const) {
      const value = cell(cells, column);
      if (value !== '') input[column] = value;
    }
    const tags = cell(cells, 'tags')
      .split(/[;,]/)
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (tags.length > 0) input.tags = tags;

    const result = packTemplateSchema.safeParse(input);
    if (!result.success) {
      // In the order of the file's columns, like a person reads the row.
      const rowErrors = issuesToErrors(result.error.issues, input).map((e) => {
        const column = (e.path.split('.')[0] || 'id') as TemplateCsvColumn;
        return { at: index.get(column) ?? header.length, error: { path: where(row, column), message: e.message } };
      });
      rowErrors.sort((a, b) => a.at - b.at);
      for (const { error } of rowErrors) errors.push(error);
      continue;
    }
    if (id !== '') {
      const first = idRow.get(id);
      if (first !== undefined) {
        errors.push({ path: where(row, 'id'), message: `duplicate id "${id}" (also used by row ${first})` });
        continue;
      }
      idRow.set(id, row);
    }
    valid.push({ row, template: result.data, explicitId: id !== '' });
  }
  if (errors.length > 0) return { ok: false, errors };

  // Second pass: ids for rows without one, avoiding every explicit id.
  const allocate = idAllocator(new Set(idRow.keys()));
  const templates = valid.map(({ template, explicitId }) => (explicitId ? template : { ...template, id: allocate(slugify(template.title)) }));
  return { ok: true, templates };
}

/** "Délai de livraison!" → "delai-de-livraison"; "" when nothing usable is left. */
export function slugify(text: string, max = 60): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  return slug.slice(0, max).replace(/-+$/, '');
}

/** `base` if free, else `base-2`, `base-3`, ... (always a valid slug within the id limit). */
export function uniqueId(base: string, taken: ReadonlySet<string>, start = 2): string {
  const root = base === '' ? 'template' : base;
  if (!taken.has(root)) return root;
  for (let n = Math.max(2, start); ; n++) {
    const candidate = numbered(root, n);
    if (!taken.has(candidate)) return candidate;
  }
}

function numbered(root: string, n: number): string {
  const suffix = `-${n}`;
  return `${root.slice(0, PACK_LIMITS.maxIdLength - suffix.length).replace(/[-_]+$/, '')}${suffix}`;
}

/**
 * Hands out unique ids, remembering per base where the numbering got to, so ten thousand rows
 * titled "Thanks" cost ten thousand steps rather than fifty million.
 */
export function idAllocator(taken: Set<string>): (base: string) => string {
  const next = new Map<string, number>();
  return (base) => {
    const root = base === '' ? 'template' : base;
    const id = uniqueId(root, taken, next.get(root) ?? 2);
    const m = /-(\d+)$/.exec(id);
    if (id !== root && m?.[1] !== undefined) next.set(root, Number(m[1]) + 1);
    taken.add(id);
    return id;
  };
}

/**
 * Writes templates as CSV that `parseTemplatesCsv` reads back to the same templates. Ids are
 * written only when they are valid pack ids (a stored template's random id is not, and the
 * reader would refuse it; an empty id cell gets an id from the title instead). Tags are joined
 * with ", "; an empty tag list reads back as no `tags` field. Formula-like cells are protected.
 */
export function templatesToCsv(templates: readonly CsvTemplateInput[], options: Omit<ToCsvOptions, 'protectFormulas'> = {}): string {
  const rows = templates.map((t) => [
    t.id !== undefined && t.id.length <= PACK_LIMITS.maxIdLength && SLUG_PATTERN.test(t.id) ? t.id : '',
    t.title,
    t.body,
    t.shortcut ?? '',
    t.folder ?? '',
    (t.tags ?? []).join(', '),
    t.lang ?? '',
  ]);
  return toCsv(TEMPLATE_CSV_COLUMNS, rows, { ...options, protectFormulas: true });
}
