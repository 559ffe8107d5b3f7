// The project's unit tests against a library-backed stand-in for one of its modules (see
// candidates.ts), e.g.:
//   CANDIDATE=csv-papaparse npx vitest run -c bench/parsers/vitest.config.ts tests/unit/packs/csv.test.ts
// Every import of the replaced module, from tests and from the product's code alike, gets the
// stand-in; the adapter's own imports of it keep the real one.

import { resolve } from 'node:path';
import { defineConfig, mergeConfig, type Plugin } from 'vitest/config';
import base from '../../vitest.config.ts';
import { candidate, standInSource } from './candidates.ts';

const chosen = candidate(process.env.CANDIDATE ?? '');
const replaced = resolve(import.meta.dirname, '../..', chosen.replaces);
const adapter = resolve(import.meta.dirname, chosen.file);
const STAND_IN = `\0stand-in:${chosen.name}`;

const swap: Plugin = {
  name: 'library-stand-in',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (source === STAND_IN) return STAND_IN;
    if (importer === adapter || importer === STAND_IN) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id === replaced ? STAND_IN : null;
  },
  async load(id) {
    if (id !== STAND_IN) return null;
    // Imports in the generated code resolve as if it were a file of bench/parsers.
    const code = standInSource(chosen).replace(`'./${chosen.file}'`, JSON.stringify(adapter));
    return code;
  },
};

export default mergeConfig(base, defineConfig({ plugins: [swap] }));
