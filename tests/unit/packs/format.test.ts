import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_A_PACK_MESSAGE, PACK_LIMITS, packSchema, type PackFile } from '../../../lib/packs/format';
import { parsePack, serializePack, type ParsePackResult } from '../../../lib/packs/pack-file';
import { utf8ByteLength } from '../../../lib/packs/json-text';
import { packText, packWithTemplate, validPackObject } from './fixtures';

function errorsOf(result: ParsePackResult): { path: string; message: string }[] {
  if (result.ok) throw new Error(`expected errors, got a pack: ${JSON.stringify(result.pack).slice(0, 200)}`);
  return result.errors;
}

function packOf(result: ParsePackResult): PackFile {
  if (!result.ok) throw new Error(`expected a pack, got errors: ${JSON.stringify(result.errors)}`);
  return result.pack;
}

function firstError(text: string): { path: string; message: string } {
  const errors = errorsOf(parsePack(text));
  expect(errors.length).toBeGreaterThan(0);
  return errors[0]!;
}

describe('parsePack: a valid pack', () => {
  it('parses every field and strips one leading ";" from shortcuts', () => {
    const pack = packOf(parsePack(packText(validPackObject())));
    expect(pack).toEqual({
      format: 'handlebook-pack',
      version: 1,
      id: 'acme-support',
      name: 'Acme support',
      description: 'Replies for the Acme support team',
      author: 'Dana',
      updatedAt: '2025-01-31T09:00:00Z',
      templates: [
        {
          id: 'shipping-delay',
          title: 'Shipping delay',
          body: 'Hi {{first_name}}, your order is on its way.',
          shortcut: 'ship',
          folder: 'Shipping',
          tags: ['shipping', 'delay'],
          lang: 'en',
        },
        { id: 'refund', title: 'Refund', body: 'We have refunded your order.' },
      ],
    });
    // Absent optional fields are absent, not present-and-undefined.
    expect(Object.keys(pack.templates[1]!)).toEqual(['id', 'title', 'body']);
  });

  it('accepts a shortcut written without ";", a byte-order mark, $schema and an empty template list', () => {
    const text = `\ufeff${packText(validPackObject({ $schema: './pack.schema.json', templates: [] }))}`;
    const pack = packOf(parsePack(text));
    expect(pack.templates).toEqual([]);
    expect(pack.$schema).toBe('./pack.schema.json');
    expect(packOf(parsePack(packWithTemplate({ shortcut: 'ship' }))).templates[0]!.shortcut).toBe('ship');
  });

  it('accepts date-times with an offset or fractional seconds, refuses ones without a time zone', () => {
    for (const ok of ['2025-01-31T09:00:00+02:00', '2025-01-31T09:00:00.123Z']) {
      expect(parsePack(packText(validPackObject({ updatedAt: ok }))).ok).toBe(true);
    }
    for (const bad of ['2025-01-31', '2025-01-31T09:00:00', 'yesterday', '2025-02-30T09:00:00Z']) {
      const e = firstError(packText(validPackObject({ updatedAt: bad })));
      expect(e.path).toBe('updatedAt');
      expect(e.message).toBe(`updatedAt must be a date and time like "2025-01-31T09:00:00Z" (it is ${JSON.stringify(bad)})`);
    }
  });

  it('serializes with a stable key order and reads back the same pack', () => {
    const pack = packOf(parsePack(packText(validPackObject())));
    // Build the same pack with keys in a scrambled order: the output must not change.
    const scrambled = {
      templates: pack.templates.map((t) => Object.fromEntries(Object.entries(t).reverse())),
      updatedAt: pack.updatedAt,
      author: pack.author,
      description: pack.description,
      name: pack.name,
      id: pack.id,
      version: pack.version,
      format: pack.format,
    } as PackFile;
    const text = serializePack(pack);
    expect(serializePack(scrambled)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['format', 'version', 'id', 'name', 'description', 'author', 'updatedAt', 'templates']);
    expect(text).toContain('"shortcut": "ship"');
    expect(packOf(parsePack(text))).toEqual(pack);
  });
});

describe('parsePack: limits at the boundary and one past', () => {
  const chars = (n: number, c = 'a'): string => c.repeat(n);
  const slug = (n: number): string => `a${'b'.repeat(n - 1)}`;

  // [description, field path, value at the limit, value one past, expected message one past]
  const templateCases: [string, string, unknown, unknown, string][] = [
    ['title', 'title', chars(200), chars(201), 'title must be at most 200 characters (it has 201)'],
    ['body', 'body', chars(25_000), chars(25_001), 'body must be at most 25,000 characters (it has 25,001)'],
    ['template id', 'id', slug(100), slug(101), 'id must be at most 100 characters (it has 101)'],
    ['folder', 'folder', chars(100), chars(101), 'folder must be at most 100 characters (it has 101)'],
    [
      'shortcut',
      'shortcut',
      chars(40),
      chars(41),
      'shortcut must be at most 40 characters, not counting a leading ";" (it has 41)',
    ],
    [
      'shortcut with ";"',
      'shortcut',
      `;${chars(40)}`,
      `;${chars(41)}`,
      'shortcut must be at most 40 characters, not counting a leading ";" (it has 41)',
    ],
    ['tag count', 'tags', Array.from({ length: 50 }, (_, i) => `t${i}`), Array.from({ length: 51 }, (_, i) => `t${i}`), 'a template can have at most 50 tags (it has 51)'],
    ['tag length', 'tags.0', [chars(50)], [chars(51)], 'tag must be at most 50 characters (it has 51)'],
    ['lang', 'lang', 'en-abcdefgh-abcdefgh-abcdefgh-abcde', 'en-abcdefgh-abcdefgh-abcdefgh-abcdef', 'lang must be at most 35 characters (it has 36)'],
  ];

  for (const [what, path, atLimit, past, message] of templateCases) {
    it(`${what}: the limit passes, one more fails with a clear message`, () => {
      const field = path.split('.')[0]!;
      expect(parsePack(packWithTemplate({ [field]: atLimit })).ok).toBe(true);
      const errors = errorsOf(parsePack(packWithTemplate({ [field]: past })));
      expect(errors).toEqual([{ path: `templates.0.${path}`, message }]);
    });
  }

  const packCases: [string, unknown, unknown, string][] = [
    ['id', slug(100), slug(101), 'id must be at most 100 characters (it has 101)'],
    ['name', chars(200), chars(201), 'name must be at most 200 characters (it has 201)'],
    ['description', chars(2000), chars(2001), 'description must be at most 2,000 characters (it has 2,001)'],
    ['author', chars(200), chars(201), 'author must be at most 200 characters (it has 201)'],
  ];
  for (const [field, atLimit, past, message] of packCases) {
    it(`pack ${field}: the limit passes, one more fails`, () => {
      expect(parsePack(packText(validPackObject({ [field]: atLimit }))).ok).toBe(true);
      expect(errorsOf(parsePack(packText(validPackObject({ [field]: past }))))).toEqual([{ path: field, message }]);
    });
  }

  it('counts characters, not UTF-16 units: 200 emoji make a valid title, 201 do not', () => {
    expect(parsePack(packWithTemplate({ title: '🚚'.repeat(200) })).ok).toBe(true);
    expect(errorsOf(parsePack(packWithTemplate({ title: '🚚'.repeat(201) })))).toEqual([
      { path: 'templates.0.title', message: 'title must be at most 200 characters (it has 201)' },
    ]);
  });

  it('holds 10,000 templates and refuses 10,001', () => {
    const many = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ id: `t${i}`, title: 'T', body: 'B' }));
    expect(packOf(parsePack(JSON.stringify(validPackObject({ templates: many(10_000) })))).templates).toHaveLength(10_000);
    const errors = errorsOf(parsePack(JSON.stringify(validPackObject({ templates: many(10_001) }))));
    expect(errors).toEqual([{ path: 'templates', message: 'a pack can hold at most 10,000 templates (this one has 10,001)' }]);
  });

  it('accepts a file of exactly 5 MB and refuses one byte more, counting UTF-8 bytes', () => {
    const base = JSON.stringify(validPackObject());
    const limit = PACK_LIMITS.maxFileBytes;
    expect(limit).toBe(5 * 1024 * 1024);
    // Trailing whitespace is valid JSON, so padding reaches any size exactly.
    const exact = base + ' '.repeat(limit - utf8ByteLength(base));
    expect(utf8ByteLength(exact)).toBe(limit);
    expect(parsePack(exact).ok).toBe(true);
    const over = `${exact} `;
    expect(firstError(over)).toEqual({ path: '', message: 'this file is too big: a pack can be at most 5 MB (this one is more than 5 MB)' });
    // Fewer UTF-16 units than the limit, but "é" is two bytes: still too big.
    const accented = JSON.stringify(validPackObject({ description: 'é'.repeat(2000) })) + ' '.repeat(limit - 3000);
    expect(accented.length).toBeLessThan(limit);
    expect(firstError(accented).message).toBe('this file is too big: a pack can be at most 5 MB (this one is just over 5 MB)');
    const muchBigger = JSON.stringify(validPackObject({ description: '€'.repeat(2000) })) + '€'.repeat(1_000_000) + ' ';
    expect(parsePack(`${muchBigger}`).ok).toBe(false);
    const huge = ' '.repeat(limit * 2);
    expect(firstError(huge)).toEqual({ path: '', message: 'this file is too big: a pack can be at most 5 MB (this one is more than 10 MB)' });
  });
});

describe('parsePack: error paths and messages', () => {
  it('names a missing field "is required" and a wrong type in words', () => {
    expect(errorsOf(parsePack(packWithTemplate({ body: undefined })))).toEqual([{ path: 'templates.0.body', message: 'body is required' }]);
    expect(errorsOf(parsePack(packWithTemplate({ title: 42 })))).toEqual([
      { path: 'templates.0.title', message: 'title must be text (it is a number)' },
    ]);
    expect(errorsOf(parsePack(packWithTemplate({ folder: null })))).toEqual([
      { path: 'templates.0.folder', message: 'folder must be text (it is null)' },
    ]);
    expect(errorsOf(parsePack(packWithTemplate({ tags: 'a,b' })))).toEqual([
      { path: 'templates.0.tags', message: 'tags must be a list of tags like ["billing", "urgent"] (it is text)' },
    ]);
    expect(errorsOf(parsePack(packText(validPackObject({ templates: { a: 1 } }))))).toEqual([
      { path: 'templates', message: 'templates must be a list of templates ([ ... ]) (it is an object)' },
    ]);
    expect(errorsOf(parsePack(packText(validPackObject({ templates: ['hello'] }))))).toEqual([
      { path: 'templates.0', message: 'each template must be an object like { "id": ..., "title": ..., "body": ... } (it is text)' },
    ]);
    const noName = validPackObject();
    delete noName.name;
    expect(errorsOf(parsePack(packText(noName)))).toEqual([{ path: 'name', message: 'name is required' }]);
  });

  it('refuses empty and blank text, telling how to leave optional fields out', () => {
    expect(errorsOf(parsePack(packWithTemplate({ title: '' })))).toEqual([{ path: 'templates.0.title', message: 'title must not be empty' }]);
    expect(errorsOf(parsePack(packWithTemplate({ body: ' \n\t ' })))).toEqual([{ path: 'templates.0.body', message: 'body must not be empty' }]);
    expect(errorsOf(parsePack(packWithTemplate({ folder: '' })))).toEqual([
      { path: 'templates.0.folder', message: 'folder must not be empty (leave the field out instead)' },
    ]);
    for (const shortcut of ['', ';']) {
      expect(errorsOf(parsePack(packWithTemplate({ shortcut })))).toEqual([
        { path: 'templates.0.shortcut', message: 'shortcut must not be empty (leave the field out if the template has no shortcut)' },
      ]);
    }
  });

  it('explains pattern problems: ids, shortcuts, tags, lang', () => {
    expect(errorsOf(parsePack(packWithTemplate({ id: 'Shipping Delay' })))).toEqual([
      {
        path: 'templates.0.id',
        message:
          'id must use only lower-case letters a-z, digits, and single "-" or "_" between them (like "shipping-delay") (it is "Shipping Delay")',
      },
    ]);
    for (const bad of ['a--b', '-a', 'a-', 'a_', 'é']) expect(parsePack(packWithTemplate({ id: bad })).ok).toBe(false);
    for (const good of ['a', 'a-b_c', '0', 'v2-final']) expect(parsePack(packWithTemplate({ id: good })).ok).toBe(true);
    expect(firstError(packWithTemplate({ shortcut: 'two words' })).message).toBe('shortcut must not contain spaces or line breaks');
    expect(firstError(packWithTemplate({ shortcut: ';;x' })).message).toBe('shortcut must not start with ";;" (write "ship" or ";ship")');
    expect(errorsOf(parsePack(packWithTemplate({ tags: ['ok', 'a,b', ' pad'] })))).toEqual([
      { path: 'templates.0.tags.1', message: 'tag must not contain "," or ";" or line breaks, and must not start or end with a space (it is "a,b")' },
      { path: 'templates.0.tags.2', message: 'tag must not contain "," or ";" or line breaks, and must not start or end with a space (it is " pad")' },
    ]);
    expect(parsePack(packWithTemplate({ tags: ['vip customer', 'x'] })).ok).toBe(true);
    expect(firstError(packWithTemplate({ lang: 'english' })).message).toBe('lang must be a language tag like "en" or "pt-BR" (it is "english")');
    for (const good of ['en', 'pt-BR', 'zh-Hant-TW', 'es-419']) expect(parsePack(packWithTemplate({ lang: good })).ok).toBe(true);
  });

  it('reports duplicate template ids at the duplicate, naming the first use', () => {
    const templates = ['x', 'y', 'z', 'x', 'y'].map((id) => ({ id, title: 'T', body: 'B' }));
    expect(errorsOf(parsePack(packText(validPackObject({ templates }))))).toEqual([
      { path: 'templates.3.id', message: 'duplicate template id "x" (also used by templates.0)' },
      { path: 'templates.4.id', message: 'duplicate template id "y" (also used by templates.1)' },
    ]);
    // Reported even when other templates have problems too.
    const mixed = [{ id: 'x', title: 'T', body: 'B' }, { id: 'x', title: '', body: 'B' }];
    expect(errorsOf(parsePack(packText(validPackObject({ templates: mixed }))))).toEqual([
      { path: 'templates.1.id', message: 'duplicate template id "x" (also used by templates.0)' },
      { path: 'templates.1.title', message: 'title must not be empty' },
    ]);
  });

  it('rejects unknown fields one by one, with a hint when the intent is clear', () => {
    expect(errorsOf(parsePack(packText(validPackObject({ colour: 'red' }))))).toEqual([
      {
        path: 'colour',
        message: 'unknown field "colour"; a pack can only have format, version, id, name, description, author, updatedAt and templates',
      },
    ]);
    expect(errorsOf(parsePack(packWithTemplate({ Title: 'x', text: 'y' })))).toEqual([
      {
        path: 'templates.0.Title',
        message: 'unknown field "Title" (did you mean "title"?); a template can only have id, title, body, shortcut, folder, tags and lang',
      },
      {
        path: 'templates.0.text',
        message: 'unknown field "text" (did you mean "body"?); a template can only have id, title, body, shortcut, folder, tags and lang',
      },
    ]);
  });

  it('says a newer version needs a newer Handlebook, and reports only that', () => {
    const text = packText(validPackObject({ version: 2, templates: 'whatever', extra: true }));
    expect(errorsOf(parsePack(text))).toEqual([
      { path: 'version', message: 'this pack was made by a newer Handlebook (format version 2); update Handlebook to import it' },
    ]);
    expect(firstError(packText(validPackObject({ version: 17 }))).message).toBe(
      'this pack was made by a newer Handlebook (format version 17); update Handlebook to import it',
    );
    expect(errorsOf(parsePack(packText(validPackObject({ version: '1' }))))).toEqual([
      { path: 'version', message: 'version must be the number 1 (it is "1")' },
    ]);
    expect(firstError(packText(validPackObject({ version: 0 }))).message).toBe('version must be the number 1 (it is 0)');
    expect(firstError(packText(validPackObject({ version: 1.5 }))).message).toBe('version must be the number 1 (it is 1.5)');
    const noVersion = validPackObject();
    delete noVersion.version;
    expect(errorsOf(parsePack(packText(noVersion)))).toEqual([{ path: 'version', message: 'version is required' }]);
  });

  it('says a file that is not a pack is not a pack', () => {
    expect(NOT_A_PACK_MESSAGE).toBe('this is not a Handlebook pack (format must be "handlebook-pack")');
    expect(errorsOf(parsePack(packText(validPackObject({ format: 'other' }))))).toEqual([{ path: 'format', message: NOT_A_PACK_MESSAGE }]);
    const noFormat = validPackObject();
    delete noFormat.format;
    expect(errorsOf(parsePack(packText(noFormat)))).toEqual([{ path: 'format', message: NOT_A_PACK_MESSAGE }]);
    expect(firstError('{"macros": []}').message).toBe(
      `${NOT_A_PACK_MESSAGE}; this looks like a Zendesk macros export: use the Zendesk import instead`,
    );
    expect(errorsOf(parsePack('[1, 2]'))).toEqual([
      { path: '', message: 'this is not a Handlebook pack (the file must contain one object { ... }; it contains a list)' },
    ]);
    expect(firstError('"hello"').path).toBe('');
    expect(firstError('null').message).toContain('it contains null');
  });

  it('lists every problem, in the order they appear in the file', () => {
    // Fields of template 0 are written body, title, id: the errors follow that order, not the schema's.
    const text = `{
      "format": "handlebook-pack", "version": 1, "id": "BAD ID", "name": "n",
      "templates": [
        { "body": "", "title": ${JSON.stringify('x'.repeat(250))}, "id": "Nope", "zzz": 1 },
        { "id": "ok", "title": "T" }
      ],
      "extra": 1
    }`;
    const errors = errorsOf(parsePack(text));
    expect(errors.map((e) => e.path)).toEqual([
      'id',
      'templates.0.body',
      'templates.0.title',
      'templates.0.id',
      'templates.0.zzz',
      'templates.1.body',
      'extra',
    ]);
    expect(errors[2]!.message).toBe('title must be at most 200 characters (it has 250)');
    expect(errors[5]!.message).toBe('body is required');
  });

  it('never throws on input that is not a string', () => {
    for (const bad of [undefined, null, 42, {}, []]) {
      expect(errorsOf(parsePack(bad as unknown as string))).toEqual([{ path: '', message: 'expected the text of a pack file' }]);
    }
  });

});

describe('parsePack: __proto__ and friends never touch a prototype', () => {
  it('rejects __proto__ at the top level and in a template without polluting anything', () => {
    const text = `{"__proto__": {"polluted": true}, "format": "handlebook-pack", "version": 1, "id": "p", "name": "P",
      "templates": [{"id": "a", "title": "T", "body": "B", "__proto__": {"polluted": true, "title": "hijack"}}]}`;
    const errors = errorsOf(parsePack(text));
    expect(errors.map((e) => e.path)).toEqual(['__proto__', 'templates.0.__proto__']);
    expect(errors[1]!.message).toMatch(/^unknown field "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('rejects constructor and prototype keys too', () => {
    const text = packWithTemplate({ constructor: { prototype: { polluted: true } }, prototype: { polluted: true } });
    expect(errorsOf(parsePack(text)).map((e) => e.path)).toEqual(['templates.0.constructor', 'templates.0.prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns fresh plain objects whose fields are all data', () => {
    const pack = packOf(parsePack(packText(validPackObject())));
    for (const obj of [pack, ...pack.templates]) {
      expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(obj, '__proto__')).toBe(false);
    }
    expect(Array.isArray(pack.templates)).toBe(true);
    expect(Object.getPrototypeOf(pack.templates)).toBe(Array.prototype);
  });

  it('builds the result fresh: no object of the parsed JSON is handed back', () => {
    const raw = JSON.parse(packText(validPackObject())) as { templates: { tags?: string[] }[] };
    const result = packSchema.safeParse(raw);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data).not.toBe(raw);
    expect(result.data.templates).not.toBe(raw.templates);
    expect(result.data.templates[0]).not.toBe(raw.templates[0]);
    expect(result.data.templates[0]!.tags).not.toBe(raw.templates[0]!.tags);
  });

  it('the schema alone also refuses a pack with an own __proto__ key', () => {
    const raw = JSON.parse(packText(validPackObject())) as Record<string, unknown>;
    Object.defineProperty(raw, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
    expect(packSchema.safeParse(raw).success).toBe(false);
  });
});
