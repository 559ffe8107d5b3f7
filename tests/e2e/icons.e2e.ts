import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './support/extension';

// The built extensions name their icons, and each file the manifest names is there, a PNG of
// the size it is listed under (read from the PNG header). `npm test` builds both first.

/** The Firefox build: MV2 or MV3, whichever was built last. */
function firefoxDir(): string {
  const dirs = ['firefox-mv3', 'firefox-mv2'].map((d) => join(EXTENSION_DIR, '..', d)).filter((d) => existsSync(join(d, 'manifest.json')));
  return dirs.sort((a, b) => statSync(join(b, 'manifest.json')).mtimeMs - statSync(join(a, 'manifest.json')).mtimeMs)[0]!;
}

const BUILDS = { chrome: EXTENSION_DIR, firefox: firefoxDir() };

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.each(Object.entries(BUILDS))('%s build', (_browser, dir) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  // MV3 calls the toolbar button "action", MV2 "browser_action".
  const button = manifest.action ?? manifest.browser_action;

  it('names icons of 16, 32, 48 and 128 px, and toolbar icons', () => {
    expect(Object.keys(manifest.icons ?? {}).sort()).toEqual(['128', '16', '32', '48']);
    expect(Object.keys(button?.default_icon ?? {}).sort()).toEqual(['16', '32']);
  });

  it('has every icon it names, each a PNG of its listed size', () => {
    const named: [string, string][] = [...Object.entries(manifest.icons ?? {}), ...Object.entries(button?.default_icon ?? {})] as [string, string][];
    expect(named.length).toBeGreaterThan(0);
    for (const [size, path] of named) {
      const file = join(dir, path);
      expect(existsSync(file), path).toBe(true);
      expect(pngSize(readFileSync(file)), path).toEqual({ width: Number(size), height: Number(size) });
    }
  });
});
