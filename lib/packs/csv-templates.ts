// Canned replies as CSV, for people who keep their replies in a spreadsheet: the import reads
// a sheet with a header row naming the columns (all or nothing, every problem listed with its
// row and column), the export writes what the import reads back to the same templates.
// Reading and writing the CSV itself, and the formula-injection guard, are csv.ts's.

import { parseCsv, toCsv, unprotectCell, type ToCsvOptions } from './csv';
import { PACK_LIMITS, packTemplateSchema, SLUG_PATTERN, type PackTemplate } from './format';
import { issuesToErrors } from './pack-messages';
import { idAllocator, slugify } from './ids';
import { checkTextSize, safeErrorMessage, type PackError } from './json-text';

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
