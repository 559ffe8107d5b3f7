// The libraries measured against the project's own parsers and search, each wrapped to the
// interface of the module it would replace (the adapters are the files named here). They are
// dev dependencies only, so every `npm run bench` measures them again in the same run: the
// measurement kept our own code everywhere (see the modules' opening comments), and nothing of
// theirs is bundled into the add-on. The project's own unit tests against one of them:
// CANDIDATE=<name> npx vitest run -c bench/parsers/vitest.config.ts <test files>.

export interface Candidate {
  name: string;
  /** npm package and the version measured. */
  library: string;
  version: string;
  /** The module it stands in for (path from the repository root). */
  replaces: string;
  /** The adapter (in bench/parsers) and its factory, called with the library's main export. */
  file: string;
  factory: string;
  /** How the stand-in imports what the factory gets (as the product would: tree-shakeable). */
  importLibrary: string;
  /** Where that is in the module a dynamic import gives: its default export, or the module. */
  loaded: 'default' | 'module';
  /** The replaced module's functions the factory returns. */
  exports: readonly string[];
  /** The project's tests of the replaced module. */
  tests: readonly string[];
}

export const CANDIDATES = [
  {
    name: 'csv-papaparse',
    library: 'papaparse',
    version: '5.7.1',
    replaces: 'lib/packs/csv.ts',
    file: 'csv-papaparse.ts',
    factory: 'csvOnPapaparse',
    importLibrary: "import library from 'papaparse';",
    loaded: 'default',
    exports: ['parseCsv', 'toCsv', 'protectCell', 'unprotectCell'],
    tests: ['tests/unit/packs/csv.test.ts', 'tests/unit/customers/csv-export.test.ts', 'tests/unit/packs-import'],
  },
  {
    name: 'json-jsonc',
    library: 'jsonc-parser',
    version: '3.3.1',
    replaces: 'lib/packs/json-syntax.ts',
    file: 'json-jsonc.ts',
    factory: 'jsonSyntaxOnJsonc',
    importLibrary: "import { visit } from 'jsonc-parser';\nconst library = { visit };",
    loaded: 'module',
    exports: ['findJsonSyntaxError'],
    tests: ['tests/unit/packs', 'tests/unit/packs-import', 'tests/unit/backup'],
  },
  {
    name: 'search-minisearch',
    library: 'minisearch',
    version: '7.2.0',
    replaces: 'lib/text/fuzzy.ts',
    file: 'search-minisearch.ts',
    factory: 'searchOnMiniSearch',
    importLibrary: "import library from 'minisearch';",
    loaded: 'default',
    exports: ['prepareTemplateIndex', 'searchIndex', 'searchTemplates'],
    tests: ['tests/unit/text/fuzzy.test.ts'],
  },
  {
    name: 'search-ufuzzy',
    library: '@leeoniya/ufuzzy',
    version: '1.0.19',
    replaces: 'lib/text/fuzzy.ts',
    file: 'search-ufuzzy.ts',
    factory: 'searchOnUFuzzy',
    importLibrary: "import library from '@leeoniya/ufuzzy';",
    loaded: 'default',
    exports: ['prepareTemplateIndex', 'searchIndex', 'searchTemplates'],
    tests: ['tests/unit/text/fuzzy.test.ts'],
  },
] as const satisfies readonly Candidate[];

export type CandidateName = (typeof CANDIDATES)[number]['name'];

export function candidate(name: string): Candidate {
  const found = CANDIDATES.find((c) => c.name === name);
  if (!found) throw new Error(`unknown candidate ${JSON.stringify(name)}: one of ${CANDIDATES.map((c) => c.name).join(', ')}`);
  return found;
}

/**
 * The source of a module that stands in for `c.replaces` (for vitest and esbuild): the library
 * imported statically, the adapter's factory called with it. Resolved from bench/parsers.
 */
export function standInSource(c: Candidate): string {
  return `${c.importLibrary}\nimport { ${c.factory} } from './${c.file}';\nexport const { ${c.exports.join(', ')} } = ${c.factory}(library);\n`;
}

/** The adapter's functions on the installed library, or null when it is not installed. */
export async function loadCandidate(c: Candidate): Promise<Record<string, unknown> | null> {
  let module: Record<string, unknown>;
  try {
    // A specifier in a variable: the library is optional, so neither tsc nor a bundler looks for it.
    const specifier = c.library;
    module = (await import(specifier)) as Record<string, unknown>;
  } catch {
    return null;
  }
  // A CommonJS or UMD build (jsonc-parser's main) arrives whole as `default`.
  const library = c.loaded === 'default' || !('visit' in module) ? module.default : module;
  const adapter = (await import(`./${c.file}`)) as Record<string, (library: unknown) => Record<string, unknown>>;
  return adapter[c.factory]!(library);
}
