import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../lib/packs/json-syntax';
import type { PackFile } from '../../../lib/packs/format';
import { parsePack, type ParsePackResult } from '../../../lib/packs/pack-file';
import { packText, packWithTemplate, validPackObject } from './fixtures';

// A broken pack file, as the person who picked it is told: where the error is and what to do.

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

describe('parsePack: invalid JSON', () => {
  it('explains invalid JSON with line and column', () => {
    const text = '{\n  "format": "handlebook-pack",\n    }';
    expect(errorsOf(parsePack(text))).toEqual([
      { path: '', message: 'not valid JSON: unexpected "}" at line 3 column 5 (remove the comma before "}")' },
    ]);
    expect(firstError('{\n  "format": 1,\n    format: 2}').message).toBe(
      'not valid JSON: unexpected "f" at line 3 column 5 (expected a field name in double quotes)',
    );
    expect(firstError('{\n  "a": 1,\n}').message).toBe('not valid JSON: unexpected "}" at line 3 column 1 (remove the comma before "}")');
    expect(firstError('{"a": 1 "b": 2}').message).toBe('not valid JSON: unexpected """ at line 1 column 9 (expected "," or "}"; is a comma missing?)');
    expect(firstError("{'a': 1}").message).toBe('not valid JSON: unexpected "\'" at line 1 column 2 (JSON text must use double quotes ("))');
    expect(firstError('{\r\n"a": tru\r\n}').message).toBe(
      'not valid JSON: unexpected word "tru" at line 2 column 6 (text values need double quotes, like "this")',
    );
    expect(firstError('{"a": "line\nbreak"}').message).toBe(
      'not valid JSON: line break inside a text value at line 1 column 12 (write a line break as \\n, or is a closing " missing?)',
    );
    expect(firstError('// comment\n{}').message).toBe('not valid JSON: unexpected comment at line 1 column 1 (JSON does not allow comments)');
    expect(firstError('{"a": [1, 2}').message).toBe(
      'not valid JSON: unexpected "}" at line 1 column 12 (the "[" at line 1 column 7 must be closed with "]")',
    );
    expect(firstError('{"a": [1, 2]').message).toBe(
      'not valid JSON: the file ends too early (the "{" at line 1 column 1 is never closed with "}")',
    );
    expect(firstError('{"a": "unclosed').message).toBe(
      'not valid JSON: the file ends inside a text value (the " at line 1 column 7 is never closed)',
    );
    expect(firstError('{} x').message).toBe('not valid JSON: unexpected "x" at line 1 column 4 (there is more text after the end of the JSON value)');
    expect(firstError('').message).toBe('not valid JSON: the file is empty');
    expect(firstError('  \n ').message).toBe('not valid JSON: the file is empty');
    expect(firstError('{"a": 01}').message).toBe('not valid JSON: a number starts with 0 at line 1 column 7 (JSON numbers cannot have leading zeros)');
    expect(firstError('{"a": NaN}').message).toBe('not valid JSON: unexpected word "NaN" at line 1 column 7 (NaN is not allowed in JSON)');
    expect(firstError('{"a": "\\x"}').message).toBe('not valid JSON: unknown escape "\\x" in a text value at line 1 column 8 (write a backslash as \\\\)');
    // Columns count characters: the emoji before the error is one column.
    expect(firstError('["🚚" x]').message).toBe('not valid JSON: unexpected "x" at line 1 column 6 (expected "," or "]"; is a comma missing?)');
    // The byte-order mark is not a column.
    expect(firstError('\ufeff{,}').message).toContain('at line 1 column 2');
    expect(firstError('{"a":\u00a01}').message).toContain('unexpected character U+00A0 at line 1 column 6');
  });

  it('agrees with JSON.parse on what is valid JSON', () => {
    const samples = ['{}', '[]', '[1, -0.5e+3, true, false, null, "a\\u00e9\\n"]', '{"a":{"b":[{}]}}', ' 1 ', '"x"', '-', '[1,]', '{"a"}', '[', '"\\u12"', '1.', '.5', '+1', '[1 2]', '{"a":1}}'];
    for (const s of samples) {
      let valid = true;
      try {
        JSON.parse(s);
      } catch {
        valid = false;
      }
      expect(findJsonSyntaxError(s) === null, s).toBe(valid);
    }
  });

  it('survives deep nesting and lone surrogates', () => {
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    expect(firstError(deep).path).toBe('');
    const deepInField = packText(validPackObject({ description: 'X' })).replace('"X"', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(errorsOf(parsePack(deepInField))).toEqual([{ path: 'description', message: 'description must be text (it is a list)' }]);
    const unclosed = '{"a":'.repeat(300_000);
    expect(firstError(unclosed).message).toMatch(/^not valid JSON: the file ends too early/);
    const lone = packWithTemplate({ title: 'a\ud800b', body: '\udfff' });
    expect(packOf(parsePack(lone)).templates[0]!.title).toBe('a\ud800b');
    expect(parsePack('{"a": "\ud800').ok).toBe(false);
  });
});
