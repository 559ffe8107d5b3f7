import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, protectCell, toCsv, unprotectCell } from '../../../lib/packs/csv';
import { parseTemplatesCsv, templatesToCsv, type ParseTemplatesCsvResult } from '../../../lib/packs/csv-templates';
import { slugify, uniqueId } from '../../../lib/packs/ids';
import { type PackTemplate } from '../../../lib/packs/format';
import { parsePack } from '../../../lib/packs/pack-file';

function rowsOf(text: string): string[][] {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rows;
}

function templatesOf(r: ParseTemplatesCsvResult): PackTemplate[] {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.templates;
}

function errorsOf(r: ParseTemplatesCsvResult): { path: string; message: string }[] {
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.templates).slice(0, 200)}`);
  return r.errors;
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quotes, embedded commas, quotes and line breaks', () => {
    expect(rowsOf('a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"line 1\r\nline 2",\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line 1\r\nline 2', ''],
    ]);
  });

  it('accepts LF and lone CR line ends, a BOM, and no final line break', () => {
    expect(rowsOf('\ufeffa,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(rowsOf('a,b\r1,2\r')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty cells, trailing commas, blank lines in the middle and spaces', () => {
    expect(rowsOf(',\n\n a , b\n')).toEqual([['', ''], [''], [' a ', ' b']]);
    expect(rowsOf('')).toEqual([]);
    expect(rowsOf('\ufeff')).toEqual([]);
    expect(rowsOf('""')).toEqual([['']]);
  });

  it('takes a stray quote inside an unquoted cell literally, as spreadsheets do', () => {
    expect(rowsOf('a,5" screen,b')).toEqual([['a', '5" screen', 'b']]);
    expect(rowsOf('title,body\r\nTV,5" screen\r\nTablet,10" screen\r\n')).toEqual([['title', 'body'], ['TV', '5" screen'], ['Tablet', '10" screen']]);
  });

  it('ends records at every kind of line end, mixed in one file (hand-edited or joined files)', () => {
    expect(rowsOf('title,body\r\nA,a\nB,"b\r\nb"\rC,c\r\n')).toEqual([['title', 'body'], ['A', 'a'], ['B', 'b\r\nb'], ['C', 'c']]);
  });

  it('reports an unterminated quote with the row, column and line where it starts', () => {
    const r = parseCsv('title,body\nok,fine\n"multi\nline",oops "x\n');
    expect(r.ok).toBe(true);
    const bad = parseCsv('title,body\nok,fine\nfine,"never\nends');
    expect(bad).toEqual({
      ok: false,
      rows: [['title', 'body'], ['ok', 'fine']],
      errors: [{ row: 3, column: 2, line: 3, message: 'a quoted cell that starts on line 3 never ends (a closing " is missing)' }],
    });
  });

  it('reports text after a closing quote, counting records (not lines) as rows', () => {
    const bad = parseCsv('a,b\n"x\ny",z\nq,"w"junk');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toEqual([
      { row: 3, column: 2, line: 4, message: 'unexpected text after the closing quote of a cell (inside a quoted cell, write a quote as "")' },
    ]);
  });

  it('round-trips any table through toCsv (without formula protection)', () => {
    const cell = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 5 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (headers, rows) => {
        const text = toCsv(headers, rows, { protectFormulas: false });
        expect(parseCsv(text)).toEqual({ ok: true, rows: [headers, ...rows] });
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const r = parseCsv(s);
        if (!r.ok) for (const e of r.errors) expect(e.row).toBeGreaterThanOrEqual(1);
        const t = parseTemplatesCsv(s);
        if (!t.ok) expect(t.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('toCsv', () => {
  it('writes CRLF, quotes only where needed, and an optional BOM', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y'], ['say "hi"', 'two\nlines'], [' pad', '']])).toBe(
      'a,b\r\n1,"x,y"\r\n"say ""hi""","two\nlines"\r\n" pad",\r\n',
    );
    expect(toCsv(['a'], [], { bom: true })).toBe('\ufeffa\r\n');
  });

  it('neutralises formula injection: =, +, -, @, tab and CR get an apostrophe', () => {
    expect(toCsv(['name'], [['=HYPERLINK("http://evil","x")'], ['+1'], ['-2'], ['@SUM(A1)'], ['\tx'], ['\rx'], ['ok'], ["'quoted"]])).toBe(
      'name\r\n"\'=HYPERLINK(""http://evil"",""x"")"\r\n\'+1\r\n\'-2\r\n\'@SUM(A1)\r\n\'\tx\r\n"\'\rx"\r\nok\r\n\'quoted\r\n',
    );
    expect(protectCell('=1')).toBe("'=1");
    expect(protectCell("'=1")).toBe("''=1");
    expect(protectCell("'hello")).toBe("'hello");
    for (const s of ['=1', "'=1", "''=1", "'x", 'x', '', '-', "'"]) expect(unprotectCell(protectCell(s))).toBe(s);
  });
});

describe('parseTemplatesCsv', () => {
  it('reads templates with case-insensitive headers in any order', () => {
    const csv = 'Body,TITLE, Shortcut ,folder,Tags,lang,ID\r\n"Hi, {{first_name}}",Greeting,;hi,General,"greeting; polite, short",en,greet\r\n';
    expect(templatesOf(parseTemplatesCsv(csv))).toEqual([
      {
        id: 'greet',
        title: 'Greeting',
        body: 'Hi, {{first_name}}',
        shortcut: 'hi',
        folder: 'General',
        tags: ['greeting', 'polite', 'short'],
        lang: 'en',
      },
    ]);
  });

  it('makes ids from titles when there is no id, unique and clear of explicit ids', () => {
    const csv = 'id,title,body\n,Délai de livraison!,a\n,Délai de livraison,b\ndelai-de-livraison-2,Explicit,c\n,!!!,d\n';
    expect(templatesOf(parseTemplatesCsv(csv)).map((t) => t.id)).toEqual(['delai-de-livraison', 'delai-de-livraison-3', 'delai-de-livraison-2', 'template']);
    expect(slugify('  Hello, World  ')).toBe('hello-world');
    expect(uniqueId('a', new Set(['a', 'a-2']))).toBe('a-3');
    expect(uniqueId('x'.repeat(100), new Set(['x'.repeat(100)]))).toBe(`${'x'.repeat(98)}-2`);
  });

  it('skips blank rows and leaves empty optional cells out', () => {
    const templates = templatesOf(parseTemplatesCsv('title,body,shortcut,folder,tags,lang\n\nA,a,,,,\n , , \nB,b,,,;,\n'));
    expect(templates).toEqual([
      { id: 'a', title: 'A', body: 'a' },
      { id: 'b', title: 'B', body: 'b' },
    ]);
  });

  it('removes the formula-protection apostrophe that the export adds', () => {
    const templates = templatesOf(parseTemplatesCsv("title,body\n'=Total,'-5% off today\n'hello,x\n"));
    expect(templates.map((t) => [t.title, t.body])).toEqual([
      ['=Total', '-5% off today'],
      ["'hello", 'x'],
    ]);
  });

  it('names the row and column of every bad cell, and rejects the whole file', () => {
    const csv = ['title,body,shortcut,tags', `${'x'.repeat(201)},ok,,`, 'Fine,fine,,', 'T,,two words,', 'T2,b,,"a; b;' + 't'.repeat(51) + '"'].join('\n');
    expect(errorsOf(parseTemplatesCsv(csv))).toEqual([
      { path: 'row 2, column title', message: 'title must be at most 200 characters (it has 201)' },
      { path: 'row 4, column body', message: 'body is required' },
      { path: 'row 4, column shortcut', message: 'shortcut must not contain spaces or line breaks' },
      { path: 'row 5, column tags', message: 'tag must be at most 50 characters (it has 51)' },
    ]);
  });

  it('numbers rows as records, so a multi-line cell does not shift the count', () => {
    const csv = 'title,body\nA,"line 1\nline 2\nline 3"\n,missing title\n';
    expect(errorsOf(parseTemplatesCsv(csv))).toEqual([{ path: 'row 3, column title', message: 'title is required' }]);
  });

  it('reports bad ids and duplicate ids', () => {
    expect(errorsOf(parseTemplatesCsv('id,title,body\nBad Id,T,b\nok,T,b\nok,T2,b\n'))).toEqual([
      {
        path: 'row 2, column id',
        message: 'id must use only lower-case letters a-z, digits, and single "-" or "_" between them (like "shipping-delay") (it is "Bad Id")',
      },
      { path: 'row 4, column id', message: 'duplicate id "ok" (also used by row 3)' },
    ]);
  });

  it('checks the header: required, unknown and repeated columns', () => {
    expect(errorsOf(parseTemplatesCsv('title,text\nA,b\n'))).toEqual([
      { path: 'row 1, column 2', message: 'unknown column "text"; columns can be id, title, body, shortcut, folder, tags, lang' },
      {
        path: 'row 1',
        message: 'the column "body" is missing; the first row must name the columns: title, body, and optionally id, shortcut, folder, tags, lang',
      },
    ]);
    expect(errorsOf(parseTemplatesCsv('title,body,Title\n'))).toEqual([{ path: 'row 1, column 3', message: 'the column "title" appears twice' }]);
    expect(errorsOf(parseTemplatesCsv(''))[0]!.message).toMatch(/^the file is empty; the first row must name the columns/);
    expect(errorsOf(parseTemplatesCsv('\n\n'))[0]!.path).toBe('');
  });

  it('allows an unnamed empty column but not data outside the named columns', () => {
    expect(templatesOf(parseTemplatesCsv('title,body,\nA,a,\n'))).toHaveLength(1);
    expect(errorsOf(parseTemplatesCsv('title,body,\nA,a,stray\nB,b,,extra\n'))).toEqual([
      { path: 'row 2, column 3', message: 'this cell has a value but its column has no name in row 1' },
      { path: 'row 3, column 4', message: 'this row has more cells than the header row has columns' },
    ]);
  });

  it('reports CSV syntax errors with row, column name and line', () => {
    expect(errorsOf(parseTemplatesCsv('title,body\nA,"unclosed\n'))).toEqual([
      { path: 'row 2, column body', message: 'not valid CSV: a quoted cell that starts on line 2 never ends (a closing " is missing) (line 2)' },
    ]);
  });

  it('enforces the 10,000 template and 5 MB limits', () => {
    const rows = (n: number): string => `title,body\n${'T,b\n'.repeat(n)}`;
    expect(templatesOf(parseTemplatesCsv(rows(10_000)))).toHaveLength(10_000);
    expect(errorsOf(parseTemplatesCsv(rows(10_001)))).toEqual([
      { path: '', message: 'a CSV file can hold at most 10,000 templates (this one has 10,001)' },
    ]);
    expect(errorsOf(parseTemplatesCsv(`title,body\nT,${'b'.repeat(5 * 1024 * 1024)}\n`))[0]!.message).toMatch(
      /^this file is too big: a CSV file can be at most 5 MB/,
    );
  });
});

describe('templatesToCsv → parseTemplatesCsv', () => {
  it('writes the columns in a fixed order and protects formula-like cells', () => {
    const csv = templatesToCsv([{ id: 'sum', title: '=SUM(A1:A9)', body: 'Hi, there', shortcut: 'sum', tags: ['a', 'b'], lang: 'en' }]);
    expect(csv).toBe('id,title,body,shortcut,folder,tags,lang\r\nsum,\'=SUM(A1:A9),"Hi, there",sum,,"a, b",en\r\n');
  });

  it('leaves out ids that are not valid pack ids (a stored template\'s random id)', () => {
    const csv = templatesToCsv([{ id: 'Xy7_Q-9', title: 'Hello there', body: 'b', tags: [] }]);
    expect(templatesOf(parseTemplatesCsv(csv))).toEqual([{ id: 'hello-there', title: 'Hello there', body: 'b' }]);
  });

  it('round-trips tricky cells exactly', () => {
    const templates: PackTemplate[] = [
      { id: 'a', title: "'=already quoted", body: '=1+1\r\nline "two"\rthree', folder: ' spaced ', tags: ['-minus', '@at'] },
      { id: 'b', title: '\ttabbed', body: "''+two apostrophes", shortcut: '-x', lang: 'pt-BR' },
      { id: 'c', title: 'Emoji 🚚', body: 'Ünïcödé, "quotes", commas' },
    ];
    expect(parseTemplatesCsv(templatesToCsv(templates))).toEqual({ ok: true, templates });
  });

  const text = (max: number): fc.Arbitrary<string> =>
    fc.string({ unit: 'binary', minLength: 1, maxLength: max }).filter((s) => s.trim() !== '');
  const templateArb = fc.record(
    {
      id: fc.stringMatching(/^[a-z0-9]{1,6}(?:[-_][a-z0-9]{1,6}){0,2}$/),
      title: text(40),
      body: text(80),
      shortcut: fc.stringMatching(/^[^\s;]\S{0,8}$/),
      folder: text(20),
      tags: fc.array(fc.stringMatching(/^[^,;\s](?:[^,;\t\n\r\f\v\u2028\u2029]{0,8}[^,;\s])?$/), { minLength: 1, maxLength: 4 }),
      lang: fc.constantFrom('en', 'pt-BR', 'de'),
    },
    { requiredKeys: ['id', 'title', 'body'] },
  );

  it('reads back exactly what it wrote, for any valid templates (formula-like text included)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(templateArb, { selector: (t) => t.id, maxLength: 8 }), (templates) => {
        // Only templates the pack format accepts are in scope.
        const pack = parsePack(JSON.stringify({ format: 'handlebook-pack', version: 1, id: 'p', name: 'P', templates }));
        fc.pre(pack.ok);
        if (!pack.ok) return;
        const csv = templatesToCsv(pack.pack.templates);
        expect(parseTemplatesCsv(csv)).toEqual({ ok: true, templates: pack.pack.templates });
        // And with a BOM, as saved for Excel.
        expect(parseTemplatesCsv(templatesToCsv(pack.pack.templates, { bom: true }))).toEqual({ ok: true, templates: pack.pack.templates });
      }),
      { numRuns: 1000 },
    );
  });
});
