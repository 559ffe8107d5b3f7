// What a library would add to the extension's scripts: the module that uses the replaced one,
// bundled and minified by esbuild with our own code and with the library-backed stand-in
// (candidates.ts), gzipped at level 9; the difference is what the built script would grow by.

import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { standInSource, type Candidate } from './candidates';

const ROOT = resolve(import.meta.dirname, '../..');

/** Which product code pulls the replaced module into a shipped script. */
const USERS: Record<string, { entries: string[]; scripts: string }> = {
  'lib/packs/csv.ts': { entries: ['lib/packs/csv-templates.ts', 'lib/customers/csv-export.ts'], scripts: 'background and dashboard' },
  'lib/packs/json-syntax.ts': { entries: ['lib/packs/json-text.ts'], scripts: 'background and dashboard' },
  'lib/text/fuzzy.ts': { entries: ['lib/content/template-store.ts'], scripts: 'content script' },
};

export interface Bytes {
  raw: number;
  gz: number;
}

async function bundle(entries: string[], candidate?: Candidate): Promise<Bytes> {
  const plugins: Plugin[] = [];
  if (candidate) {
    const replaced = resolve(ROOT, candidate.replaces);
    const adapter = resolve(import.meta.dirname, candidate.file);
    plugins.push({
      name: 'library-stand-in',
      setup(b) {
        b.onResolve({ filter: /^\.{1,2}\// }, (args) => {
          if (args.importer === adapter) return undefined;
          const path = resolve(args.resolveDir, args.path);
          return path === replaced || `${path}.ts` === replaced ? { path: replaced, namespace: 'stand-in' } : undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({ contents: standInSource(candidate), resolveDir: import.meta.dirname, loader: 'ts' }));
      },
    });
  }
  const result = await build({
    stdin: { contents: entries.map((e) => `export * from ${JSON.stringify(resolve(ROOT, e))};`).join('\n'), resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'silent',
    plugins,
  });
  const code = result.outputFiles[0]!.contents;
  return { raw: code.length, gz: gzipSync(code, { level: 9 }).length };
}

/** Our module's users bundled as they are and with the candidate, and which scripts ship them. */
export async function bytesWith(candidate: Candidate): Promise<{ own: Bytes; library: Bytes; scripts: string }> {
  const users = USERS[candidate.replaces];
  if (!users) throw new Error(`no users known for ${candidate.replaces}`);
  return { own: await bundle(users.entries), library: await bundle(users.entries, candidate), scripts: users.scripts };
}
