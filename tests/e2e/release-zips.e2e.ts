import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchWithExtension, waitForExtensionPage, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, routeReplicaX } from './support/replica-x';
import { badgeOf, openX } from './support/x-page';
import { SAMPLE_CUSTOMERS } from '../../lib/sample/desk';

// `npm run zip` is the release: it must write both store zips (and the sources zip
// addons.mozilla.org asks for) under the version in package.json. Each zip is then unpacked the
// way a store or a person would: the Chrome one is loaded into a fresh Chromium (the worker
// starts, the welcome page opens, the popup renders, a badge on X opens its card), the Firefox
// one must pass `web-ext lint` with no error.

const ROOT = resolve(import.meta.dirname, '../..');
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const zipPath = (kind: 'chrome' | 'firefox' | 'sources') => join(ROOT, '.output', `${name}-${version}-${kind}.zip`);

let scratch: string;
let session: ExtensionSession | undefined;

/** Unpacks a zip into a new folder under the scratch folder; returns the folder. */
async function unpack(zip: string, into: string): Promise<string> {
  const dir = join(scratch, into);
  const archive = await JSZip.loadAsync(readFileSync(zip));
  for (const entry of Object.values(archive.files)) {
    if (entry.dir) continue;
    const target = join(dir, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
  return dir;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'handlebook-zips-'));
  for (const kind of ['chrome', 'firefox', 'sources'] as const) rmSync(zipPath(kind), { force: true });
  // As a person runs it: not with the test runner's NODE_ENV=test, which makes Vite build React's
  // development JSX into the bundles.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && key !== 'TEST' && !key.startsWith('VITEST')));
  const run = spawnSync('npm', ['run', 'zip'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`npm run zip failed:\n${run.stdout}\n${run.stderr}`);
}, 150_000);

afterAll(async () => {
  await session?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm run zip', () => {
  it(`writes the Chrome, Firefox and sources zips of version ${version}`, () => {
    for (const kind of ['chrome', 'firefox', 'sources'] as const) expect(existsSync(zipPath(kind)), zipPath(kind)).toBe(true);
  });

  it('the Chrome zip loads in a fresh Chromium: worker, welcome page, popup, badge and card on X', async () => {
    const dir = await unpack(zipPath('chrome'), 'chrome');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ manifest_version: 3, name: 'Handlebook', version });
    // launchWithExtension waits for the service worker to start.
    session = await launchWithExtension({ extensionDir: dir, keepWelcome: true });
    await blockExternalNetwork(session.context);
    await routeReplicaX(session.context);
    expect(await session.worker.evaluate(() => (globalThis as any).chrome.runtime.getManifest().version)).toBe(version);
    const welcome = await waitForExtensionPage(session.context, 'welcome.html');
    await welcome.getByRole('heading', { name: 'Welcome to Handlebook' }).waitFor();
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('searchbox', { name: 'Search customers' }).waitFor();
    await popup.getByRole('button', { name: 'Open dashboard' }).waitFor();
    // The content script of the zip works on X: the sample desk's badge opens its card.
    await welcome.getByRole('button', { name: 'Load the sample desk' }).click();
    await welcome.getByRole('link', { name: 'See it on x.com' }).waitFor();
    const x = await openX(session.context, 'https://x.com/home', { waitForBadges: true });
    const errors = collectPageErrors(x);
    const handle = SAMPLE_CUSTOMERS[0]!.handle;
    await badgeOf(x, handle).click();
    await x.getByRole('dialog', { name: `Handlebook card for @${handle}` }).waitFor();
    expect(errors).toEqual([]);
  });

  it('the Firefox zip passes web-ext lint with no error', { timeout: 90_000 }, async () => {
    const dir = await unpack(zipPath('firefox'), 'firefox');
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ name: 'Handlebook', version });
    const lint = spawnSync('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 80_000,
    });
    const report = JSON.parse(lint.stdout);
    const errors = report.errors.map((e: { code: string; message: string; file?: string }) => `${e.code}: ${e.message} (${e.file ?? ''})`);
    expect(errors).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });

  it('the sources zip holds what rebuilds the add-on, and no build output or dependencies', async () => {
    const archive = await JSZip.loadAsync(readFileSync(zipPath('sources')));
    const files = Object.keys(archive.files);
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'assets/icon.svg', 'scripts/icons.ts', 'entrypoints/background.ts']) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((f) => /^(node_modules|\.output|\.wxt)\//.test(f))).toEqual([]);
  });
});
