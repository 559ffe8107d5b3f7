import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX_EXTENSION_DIR } from './support/firefox';

// `web-ext lint` (Mozilla's addons-linter, what addons.mozilla.org runs on upload) on the built
// Firefox add-on: no error, and each warning is one docs/store-review.md explains, found at the
// very code the explanation is about.

interface LintMessage {
  code: string;
  file?: string;
  line?: number;
  column?: number;
  message: string;
}
interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_EXT = join(ROOT, 'node_modules/.bin/web-ext');

/** The warnings docs/store-review.md explains: the code the linter points at must look like this. */
const EXPLAINED: Record<string, { files: RegExp; at: RegExp; before: RegExp; why: string }> = {
  DANGEROUS_EVAL: {
    files: /^(background\.js|chunks\/[\w-]+\.js|content-scripts\/x\.js)$/,
    at: /^Function\(``\)/,
    // zod 4's eval probe, skipped under `jitless` (lib/messages/jitless.ts).
    before: /\.jitless\|\|typeof navigator<`u`&&navigator\?\.userAgent\?\.includes\(`Cloudflare`\)\)return!1;try\{return $/,
    why: "zod's eval probe, never reached under jitless",
  },
  UNSAFE_VAR_ASSIGNMENT: {
    files: /^(chunks\/[\w-]+\.js|content-scripts\/x\.js)$/,
    at: /^\w+\.innerHTML=\w+\}/,
    // React DOM applying dangerouslySetInnerHTML, which no component of ours uses.
    before: /__html,\w+!=null\)\{if\(\w+\.children!=null\)throw Error\(\w+\(60\)\);$/,
    why: "React DOM's dangerouslySetInnerHTML branch",
  },
};

let report: LintReport;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(WEB_EXT, ['lint', '--source-dir', FIREFOX_EXTENSION_DIR, '--output', 'json', '--no-config-discovery', '--boring'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  report = JSON.parse(stdout) as LintReport;
});

/** The built file's text around where the linter points (line and column are 1-based). */
function around(message: LintMessage): { before: string; at: string } {
  const line = readFileSync(join(FIREFOX_EXTENSION_DIR, message.file!), 'utf8').split('\n')[message.line! - 1] ?? '';
  const column = message.column! - 1;
  return { before: line.slice(Math.max(0, column - 160), column), at: line.slice(column, column + 80) };
}

describe('web-ext lint on the Firefox build', () => {
  it('finds no error', () => {
    expect(report.errors).toEqual([]);
  });

  it('warns only where docs/store-review.md explains why, at the code it explains', () => {
    for (const warning of report.warnings) {
      const explained = EXPLAINED[warning.code];
      expect(explained, `unexplained warning ${warning.code} in ${warning.file}: ${warning.message}`).toBeDefined();
      expect(warning.file).toMatch(explained!.files);
      const { before, at } = around(warning);
      expect(at, `${warning.code} in ${warning.file} is not ${explained!.why}`).toMatch(explained!.at);
      expect(before, `${warning.code} in ${warning.file} is not ${explained!.why}`).toMatch(explained!.before);
    }
    expect(report.notices).toEqual([]);
  });

  it('has every warning code it finds explained in docs/store-review.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/store-review.md'), 'utf8');
    for (const code of new Set(report.warnings.map((w) => w.code))) expect(doc).toContain(code);
  });
});

describe("Handlebook's own code", () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.(ts|tsx)$/.test(name) ? [path] : [];
    });

  it('writes no HTML strings into the DOM and evaluates no strings as code (what the warnings above are about)', () => {
    const files = ['lib', 'components', 'entrypoints'].flatMap((dir) => sources(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const file of files) {
      for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
        const code = line.replace(/\/\/.*$/, '').trim();
        if (code.startsWith('*') || code.startsWith('/*')) continue;
        if (/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|\beval\(|\bFunction\(|new Function\b|setTimeout\(\s*['"`]/.test(code)) found.push(`${relative(ROOT, file)}:${i + 1}: ${code}`);
      }
    }
    expect(found).toEqual([]);
  });
});
