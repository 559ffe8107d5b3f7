import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBackup, type BackupData } from '@/lib/backup/format';
import { serializeBackup } from '@/lib/backup/export';
import { sampleContents } from './fixtures';
import { pathParentExists } from '../support/error-paths';

const EXPORTED = new Date('2025-02-03T04:05:06.789Z');

function validText(): string {
  return serializeBackup(sampleContents(), EXPORTED);
}

function validObject(): Record<string, unknown> {
  return JSON.parse(validText()) as Record<string, unknown>;
}

function errorsOf(text: string) {
  const result = parseBackup(text);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('parseBackup', () => {
  it('reads what the writer wrote, field by field', () => {
    const result = parseBackup(validText());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = sampleContents();
    const expected: BackupData = {
      exportedAt: EXPORTED.toISOString(),
      counts: { customers: 2, interactions: 2, templates: 3, packs: 2 },
      customers: c.customers,
      interactions: c.interactions,
      templates: c.templates,
      packs: c.packs,
      settings: c.settings,
    };
    expect(result.backup).toStrictEqual(expected);
    // Absent optional fields stay absent (not present as undefined).
    expect(Object.keys(result.backup.customers[1]!)).not.toContain('userId');
  });

  it('keeps a custom field named "__proto__" as data and never swaps a prototype', () => {
    const result = parseBackup(validText());
    if (!result.ok) throw new Error('expected ok');
    const fields = result.backup.customers[0]!.fields;
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value).toBe('not a prototype');
    for (const row of [...result.backup.customers, ...result.backup.templates]) expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    // An extra "__proto__" key on a record is an unknown field, not a prototype.
    const hostile = validText().replace('{"key":"h:bob"', '{"__proto__":{"polluted":true},"key":"h:bob"');
    expect(errorsOf(hostile)).toEqual([{ path: 'customers.1.__proto__', message: 'unknown field "__proto__"' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the place of every problem', () => {
    const raw = validObject();
    const customers = raw.customers as Record<string, unknown>[];
    customers[1]!.handle = 42;
    delete customers[0]!.status;
    customers[0]!.colour = 'red';
    (raw.interactions as Record<string, unknown>[])[1]!.direction = 'sideways';
    (raw.templates as Record<string, unknown>[])[2]!.usageCount = -1;
    (raw.packs as Record<string, unknown>[])[0]!.subscriptionUrl = 'http://insecure.example.com/p.json';
    (raw.settings as Record<string, unknown>).charLimit = 'lots';
    expect(errorsOf(JSON.stringify(raw))).toEqual([
      // A missing field comes after the fields its record has.
      { path: 'customers.0.colour', message: 'unknown field "colour"' },
      { path: 'customers.0.status', message: 'status is required' },
      { path: 'customers.1.handle', message: 'handle must be text (it is a number)' },
      { path: 'interactions.1.direction', message: 'direction must be one of "in", "out"' },
      { path: 'templates.2.usageCount', message: 'usageCount must be 0 or more' },
      { path: 'packs.0.subscriptionUrl', message: 'subscriptionUrl must be an https:// address' },
      { path: 'settings.charLimit', message: 'charLimit must be a number (it is text)' },
    ]);
  });

  it('catches cut-short files, duplicates, other formats and newer versions', () => {
    const raw = validObject();
    (raw.counts as Record<string, number>).interactions = 5;
    const interactions = raw.interactions as Record<string, unknown>[];
    interactions.push({ ...interactions[0]!, id: 'i9' });
    expect(errorsOf(JSON.stringify(raw))).toEqual([
      { path: 'counts.interactions', message: 'the file says it has 5 interactions but it contains 3 (is the file cut short?)' },
      { path: 'interactions.2.dedupeKey', message: 'duplicate dedupeKey "in:555" (also used by interactions.0)' },
    ]);
    expect(errorsOf(validText().slice(0, 500))[0]).toMatchObject({ path: '', message: expect.stringMatching(/^not valid JSON/) });
    expect(errorsOf('{"format":"handlebook-pack","version":1}')).toEqual([{ path: 'format', message: expect.stringMatching(/template pack/) }]);
    expect(errorsOf(JSON.stringify({ ...validObject(), version: 2 }))).toEqual([{ path: 'version', message: expect.stringMatching(/newer Handlebook/) }]);
    expect(errorsOf('[]')).toEqual([{ path: '', message: expect.stringMatching(/one object/) }]);
  });

  it('reports at most 200 problems, then how many more', () => {
    const raw = validObject();
    const many = Array.from({ length: 500 }, (_, i) => ({ id: `x${i}` }));
    raw.interactions = many;
    (raw.counts as Record<string, number>).interactions = 500;
    const errors = errorsOf(JSON.stringify(raw));
    expect(errors.length).toBe(201);
    expect(errors[200]!.message).toMatch(/^and [\d,]+ more problems$/);
  });

  it('never throws on thousands of broken files, and every error has a path and a message', () => {
    const base = validObject();
    const mutate = fc
      .tuple(
        fc.constantFrom('customers', 'interactions', 'templates', 'packs', 'settings', 'counts', 'format', 'version', 'exportedAt'),
        fc.nat(3),
        fc.string({ maxLength: 12 }),
        fc.oneof(fc.anything(), fc.constant(undefined), fc.constant('__proto__'), fc.string(), fc.double(), fc.constant(null)),
      )
      .map(([top, index, key, value]) => {
        const copy = structuredClone(base);
        const target = copy[top];
        if (Array.isArray(target) && target.length > 0) {
          const row = target[index % target.length] as Record<string, unknown>;
          const keys = Object.keys(row);
          const k = keys.length && key.length % 2 ? keys[key.length % keys.length]! : key;
          if (value === undefined) delete row[k];
          else row[k] = value;
        } else if (target && typeof target === 'object') {
          (target as Record<string, unknown>)[key] = value;
        } else {
          copy[top] = value;
        }
        return JSON.stringify(copy);
      });
    const garbage = fc.oneof(
      mutate,
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ format: 'handlebook-backup', version: 1, ...(typeof v === 'object' && v !== null && !Array.isArray(v) ? v : { v }) })),
      mutate.map((t) => t.slice(0, Math.floor(t.length / 2))),
    );
    let rejected = 0;
    fc.assert(
      fc.property(garbage, (text) => {
        const result = parseBackup(text);
        if (result.ok) return;
        rejected++;
        expect(result.errors.length).toBeGreaterThan(0);
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          raw = undefined;
        }
        for (const e of result.errors) {
          expect(typeof e.path).toBe('string');
          expect(typeof e.message).toBe('string');
          expect(e.message.length).toBeGreaterThan(0);
          if (raw !== undefined && !e.message.startsWith('and ')) expect(pathParentExists(raw, e.path)).toBe(true);
        }
      }),
      { numRuns: 3_000 },
    );
    expect(rejected).toBeGreaterThan(2_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on non-string input or hostile shapes', () => {
    for (const input of [undefined, null, 42, {}, [], Symbol('x')] as unknown[]) {
      expect(parseBackup(input as string).ok).toBe(false);
    }
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseBackup(deep).ok).toBe(false);
  });
});
