import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './support/extension';
import { STORE_SCREENSHOTS } from './support/store-screenshots';

// The store listings (docs/store/) say what the built extension is: the Chrome summary is the
// manifest's description and fits the store's 132 characters, every permission either manifest
// asks for is justified (and nothing else), the privacy text is docs/privacy.md's, and the
// screenshots named are the ones tests/e2e/store-screenshots.e2e.ts takes. Reads the builds `npm test` made.

const ROOT = resolve(import.meta.dirname, '../..');
const STORE = join(ROOT, 'docs/store');
const read = (path: string) => readFileSync(path, 'utf8');

/** The Firefox build: MV2 or MV3, whichever was built last. */
function firefoxDir(): string {
  const dirs = ['firefox-mv3', 'firefox-mv2'].map((d) => join(EXTENSION_DIR, '..', d)).filter((d) => existsSync(join(d, 'manifest.json')));
  return dirs.sort((a, b) => statSync(join(b, 'manifest.json')).mtimeMs - statSync(join(a, 'manifest.json')).mtimeMs)[0]!;
}

const manifests = { chrome: JSON.parse(read(join(EXTENSION_DIR, 'manifest.json'))), firefox: JSON.parse(read(join(firefoxDir(), 'manifest.json'))) };

/** Every permission and host pattern a manifest asks for, required or optional. */
function permissionsOf(m: Record<string, string[] | undefined>): string[] {
  return [...(m.permissions ?? []), ...(m.host_permissions ?? []), ...(m.optional_permissions ?? []), ...(m.optional_host_permissions ?? [])];
}

/** The text under a markdown heading, up to the next heading of any level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, '').trim() === heading);
  if (start < 0) throw new Error(`no "${heading}" section`);
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** A block quote's text, joined into one line. */
const quoted = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('>'))
    .map((l) => l.replace(/^>\s?/, ''))
    .join(' ')
    .trim();

/** The `code` names in the first column of a markdown table. */
const tableNames = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...l.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));

const privacyHeadline = read(join(ROOT, 'docs/privacy.md'))
  .split('\n\n')
  .find((p) => p.startsWith('**'))!
  .replace(/\s+/g, ' ')
  .trim();

const LISTINGS = [
  { file: 'chrome-web-store.md', permissions: 'Permission justifications', maxSummary: 132 },
  { file: 'firefox-addons.md', permissions: 'Permissions, for the reviewer', maxSummary: 250 },
] as const;

describe.each(LISTINGS)('$file', ({ file, permissions, maxSummary }) => {
  const listing = read(join(STORE, file));

  it(`has a summary of at most ${maxSummary} characters`, () => {
    const summary = quoted(section(listing, 'Summary'));
    expect(summary.length).toBeGreaterThan(40);
    expect(summary.length).toBeLessThanOrEqual(maxSummary);
    // Chrome shows the manifest's description as the summary: they are one text.
    if (file === 'chrome-web-store.md') expect(summary).toBe(manifests.chrome.description);
  });

  it('justifies every permission the built manifests ask for, and no other', () => {
    const asked = new Set([...permissionsOf(manifests.chrome), ...permissionsOf(manifests.firefox)]);
    const justified = new Set(tableNames(section(listing, permissions)));
    expect([...asked].filter((p) => !justified.has(p))).toEqual([]);
    expect([...justified].filter((p) => !asked.has(p))).toEqual([]);
  });

  it("gives docs/privacy.md as the privacy policy, in its own words", () => {
    const policy = section(listing, 'Privacy policy');
    expect(policy).toContain('(../privacy.md)');
    expect(quoted(policy)).toBe(privacyHeadline);
  });

  it('names the screenshots the screenshot test takes, in order', () => {
    const named = [...listing.matchAll(/`screenshots\/([^`/]+\.png)`/g)].map((m) => m[1]!);
    expect(named).toEqual([...STORE_SCREENSHOTS]);
  });
});

it("the Chrome manifest's description fits the Chrome Web Store's 132 characters", () => {
  expect(manifests.chrome.description.length).toBeLessThanOrEqual(132);
});
