import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// zod must never compile code with the Function constructor in the add-on (see
// lib/messages/jitless.ts): in a Firefox content script eval is allowed, so it would.

const ROOT = join(import.meta.dirname, '../../..');

/** Counts every use of the global Function constructor (zod reaches it as the global `Function`). */
const OriginalFunction = globalThis.Function;
let functionCalls = 0;
globalThis.Function = new Proxy(OriginalFunction, {
  construct(target, args) {
    functionCalls++;
    return Reflect.construct(target, args);
  },
  apply(target, self, args) {
    functionCalls++;
    return Reflect.apply(target, self, args);
  },
});
afterAll(() => {
  globalThis.Function = OriginalFunction;
});

describe('zod without compiled parsers', () => {
  it('compiles with the Function constructor by default (so the count below can fail)', () => {
    z.config({ jitless: false });
    const schema = z.object({ a: z.string(), b: z.number() });
    const before = functionCalls;
    schema.parse({ a: 'x', b: 1 });
    expect(functionCalls).toBeGreaterThan(before);
  });

  it('never calls it for the protocol once lib/messages/jitless has run', async () => {
    await import('@/lib/messages/jitless');
    const before = functionCalls;
    // The protocol's schemas are created now, after the import, as in every entrypoint.
    const { envelopeSchema, PROTOCOL } = await import('@/lib/messages/protocol');
    for (let i = 0; i < 3; i++) {
      expect(envelopeSchema.parse({ handlebook: 1, type: 'notes.add', payload: {} }).type).toBe('notes.add');
      expect(PROTOCOL['notes.add'].request.safeParse({ ref: { handle: 'mara_okafor' }, displayName: 'Mara', text: 'hi' }).success).toBe(true);
    }
    expect(z.object({ a: z.string() }).parse({ a: 'x' })).toEqual({ a: 'x' });
    expect(functionCalls).toBe(before);
  });
});

describe('entrypoints', () => {
  const entrypoints = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return entrypoints(path);
      return /\.(ts|tsx)$/.test(name) ? [path] : [];
    });

  it('import lib/messages/jitless before anything else', () => {
    const files = entrypoints(join(ROOT, 'entrypoints'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const firstImport = readFileSync(file, 'utf8').split('\n').find((line) => line.startsWith('import '));
      expect(firstImport, relative(ROOT, file)).toMatch(/^import '@\/lib\/messages\/jitless';/);
    }
  });
});
