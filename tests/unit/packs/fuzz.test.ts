// Thousands of generated broken (and valid) files: parsePack must never throw, must answer with
// either a pack that respects every limit or errors that point at something real.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACK_LIMITS, SLUG_PATTERN, type PackFile } from '../../../lib/packs/format';
import { parsePack, serializePack } from '../../../lib/packs/pack-file';
import { pathParentExists } from '../support/error-paths';

function charLen(s: string): number {
  return Array.from(s).length;
}

/** Everything a parsed pack promises, checked independently of zod. */
function assertPackInvariants(pack: PackFile): void {
  expect(pack.format).toBe('handlebook-pack');
  expect(pack.version).toBe(1);
  expect(pack.id).toMatch(SLUG_PATTERN);
  expect(charLen(pack.name)).toBeLessThanOrEqual(PACK_LIMITS.maxNameLength);
  expect(pack.templates.length).toBeLessThanOrEqual(PACK_LIMITS.maxTemplates);
  const ids = new Set<string>();
  for (const t of pack.templates) {
    expect(Object.getPrototypeOf(t)).toBe(Object.prototype);
    expect(t.id).toMatch(SLUG_PATTERN);
    expect(charLen(t.id)).toBeLessThanOrEqual(PACK_LIMITS.maxIdLength);
    expect(ids.has(t.id)).toBe(false);
    ids.add(t.id);
    expect(t.title.trim()).not.toBe('');
    expect(charLen(t.title)).toBeLessThanOrEqual(PACK_LIMITS.maxTitleLength);
    expect(t.body.trim()).not.toBe('');
    expect(charLen(t.body)).toBeLessThanOrEqual(PACK_LIMITS.maxBodyLength);
    if (t.shortcut !== undefined) {
      expect(t.shortcut).toMatch(/^[^\s;]\S*$/);
      expect(charLen(t.shortcut)).toBeLessThanOrEqual(PACK_LIMITS.maxShortcutLength);
    }
    if (t.folder !== undefined) expect(charLen(t.folder)).toBeLessThanOrEqual(PACK_LIMITS.maxFolderLength);
    if (t.tags !== undefined) {
      expect(t.tags.length).toBeLessThanOrEqual(PACK_LIMITS.maxTags);
      for (const tag of t.tags) expect(charLen(tag)).toBeLessThanOrEqual(PACK_LIMITS.maxTagLength);
    }
    for (const key of Object.keys(t)) expect(['id', 'title', 'body', 'shortcut', 'folder', 'tags', 'lang']).toContain(key);
  }
}

function check(text: string): void {
  let result: ReturnType<typeof parsePack> | undefined;
  expect(() => {
    result = parsePack(text);
  }).not.toThrow();
  if (!result) throw new Error('no result');
  if (result.ok) {
    assertPackInvariants(result.pack);
    // Whatever was accepted serializes and reads back to the same pack.
    const again = parsePack(serializePack(result.pack));
    expect(again).toEqual({ ok: true, pack: result.pack });
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    raw = undefined;
  }
  for (const e of result.errors) {
    expect(typeof e.path).toBe('string');
    expect(typeof e.message).toBe('string');
    expect(e.message.trim().length).toBeGreaterThan(0);
    if (raw === undefined) expect(e.path).toBe('');
    else expect(pathParentExists(raw, e.path), `${e.path}: ${e.message}`).toBe(true);
  }
}

const slugArb = fc.stringMatching(/^[a-z0-9]{1,8}(?:[-_][a-z0-9]{1,8}){0,3}$/);
const textArb = fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }).filter((s) => s.trim() !== '');
const templateArb = fc.record(
  {
    id: slugArb,
    title: textArb,
    body: textArb,
    shortcut: fc.stringMatching(/^;?[a-z0-9]{1,12}$/),
    folder: textArb,
    tags: fc.array(fc.stringMatching(/^[a-z]{1,10}(?: [a-z]{1,5})?$/), { maxLength: 5 }),
    lang: fc.constantFrom('en', 'pt-BR', 'fr', 'zh-Hant-TW'),
  },
  { requiredKeys: ['id', 'title', 'body'] },
);
const packArb = fc.record(
  {
    format: fc.constant('handlebook-pack'),
    version: fc.constant(1),
    id: slugArb,
    name: textArb,
    description: textArb,
    author: textArb,
    updatedAt: fc.constantFrom('2025-01-31T09:00:00Z', '2024-02-29T23:59:59.5+05:30'),
    templates: fc.uniqueArray(templateArb, { selector: (t) => t.id, maxLength: 6 }),
  },
  { requiredKeys: ['format', 'version', 'id', 'name', 'templates'] },
);

type Op = 'delete' | 'retype' | 'lengthen' | 'extraKey' | 'proto' | 'nest' | 'duplicate' | 'blank';
const mutationArb = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom<Op>('delete', 'retype', 'lengthen', 'extraKey', 'proto', 'nest', 'duplicate', 'blank'),
  value: fc.jsonValue({ maxDepth: 3 }),
  times: fc.integer({ min: 2, max: 30_000 }),
  // Deeper nesting is built as text in its own test: JSON.stringify itself would overflow.
  depth: fc.integer({ min: 1, max: 1_000 }),
  key: fc.string({ maxLength: 12 }),
});

/** Every (container, key) in the object, so a mutation can pick any field or element. */
function slots(root: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push([node, i]);
        stack.push(v);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k]);
        stack.push(v);
      }
    }
  }
  return out;
}

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(pack: unknown, m: Mutation): void {
  const all = slots(pack);
  const slot = all[m.pick % Math.max(1, all.length)];
  const target = slot ? slot[0] : (pack as Record<string, unknown>);
  const key = slot ? slot[1] : 'x';
  const get = (): unknown => (target as Record<string | number, unknown>)[key];
  const set = (v: unknown): void => {
    (target as Record<string | number, unknown>)[key] = v;
  };
  switch (m.op) {
    case 'delete':
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete target[key];
      break;
    case 'retype':
      set(m.value);
      break;
    case 'lengthen': {
      const v = get();
      // Past every length limit (25,000 is the largest), but small enough to keep runs fast.
      if (typeof v === 'string') set(v.repeat(Math.min(m.times, Math.ceil(30_000 / Math.max(1, v.length)))).slice(0, 30_000));
      else if (Array.isArray(v)) {
        if (m.times > 29_700) {
          // Now and then past the 10,000-template limit, with tiny elements.
          set(Array.from({ length: 10_001 }, (_, i) => ({ id: `t${i}`, title: 'T', body: 'B' })));
        } else {
          set(Array.from({ length: Math.min(m.times, 30) }, (_, i) => v[i % Math.max(1, v.length)] ?? 'x'));
        }
      }
      else set('y'.repeat(m.times));
      break;
    }
    case 'extraKey':
      if (!Array.isArray(target)) target[m.key] = m.value;
      break;
    case 'proto': {
      const host = get();
      const obj = typeof host === 'object' && host !== null && !Array.isArray(host) ? host : target;
      if (!Array.isArray(obj)) {
        Object.defineProperty(obj, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
      }
      break;
    }
    case 'nest':
      set(nested(m.depth));
      break;
    case 'duplicate':
      if (Array.isArray(target)) target.push(structuredClone(get()));
      break;
    case 'blank':
      set(typeof get() === 'string' ? '   ' : '');
      break;
  }
}

// Thousands of runs per property take seconds, more than the default 5 s test timeout allows.
describe('parsePack fuzzing', { timeout: 60_000 }, () => {
  it('valid generated packs parse, keep every limit and round-trip', () => {
    fc.assert(
      fc.property(packArb, (pack) => {
        const result = parsePack(JSON.stringify(pack));
        expect(result.ok).toBe(true);
        check(JSON.stringify(pack, null, 2));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary strings, including lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), check), { numRuns: 2000 });
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit: codeUnit, maxLength: 400 }), check), { numRuns: 1000 });
  });

  it('never throws on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => check(JSON.stringify(v))), { numRuns: 1500 });
  });

  it('never throws on valid packs with fields deleted, retyped, lengthened, nested or polluted', () => {
    fc.assert(
      fc.property(packArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (pack, mutations) => {
        const obj = structuredClone(pack) as unknown;
        for (const m of mutations) mutate(obj, m);
        check(JSON.stringify(obj));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 2500 },
    );
  });

  it('never throws on truncated or spliced pack files', () => {
    fc.assert(
      fc.property(packArb, fc.nat(), fc.nat(), fc.string({ maxLength: 5 }), (pack, cut, at, insert) => {
        const text = JSON.stringify(pack, null, 2);
        check(text.slice(0, cut % (text.length + 1)));
        const i = at % (text.length + 1);
        check(text.slice(0, i) + insert + text.slice(i));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on deep nesting, closed or not, alone or inside a field', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('[', '{"a":', '[{"b":'), fc.boolean(), (depth, open, closed) => {
        const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
        const deep = open.repeat(depth) + (closed ? `1${close.repeat(depth)}` : '');
        check(deep);
        check(`{"format":"handlebook-pack","version":1,"id":"p","name":"P","templates":[{"id":"a","title":${deep},"body":"b"}]}`);
      }),
      { numRuns: 60 },
    );
  });
});
