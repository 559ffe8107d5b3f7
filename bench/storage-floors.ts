// Storage floors (printed, not figures): raw IndexedDB writes of the restore's book in blocks,
// and of the pack import's own templates in today's layout and the old one, in a scratch
// browser of their own (a plain offline page, a fresh profile on disk, removed afterwards), so
// nothing the main session stores or compacts slows them down: the best this browser's
// IndexedDB does. See bench/README.md.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/support/chromium';
import { bundlePageScript } from './bundle';
import type { StorageFloors } from './page/storage-floors';
import { median } from './stats';

/** Blocks per table in the book in blocks: ~25 customers a block for the bench's book. */
export const BOOK_BLOCKS = 4_096;

export interface StorageFloorResult {
  /** JSON.parse of the backup, then the book in blocks (`blockRestore`). */
  blocks: { ms: number; parseMs: number; rows: number };
  /** The pack import's 10,000 templates raw, as the blocks it writes; median of three. */
  packBlocks: { rows: number; ms: number };
  /** The same templates raw, one row each (schema versions 1-3); median of three. */
  packRows: { rows: number; ms: number };
}

export async function benchStorageFloors(now: number, templates: number): Promise<StorageFloorResult> {
  // A profile on disk, as the extension's database is: a context of `browser.newContext()` is
  // off the record, and Chromium keeps its IndexedDB in memory.
  const profile = mkdtempSync(join(tmpdir(), 'hb-storage-floor-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  try {
    await context.route(/.*/, (route) =>
      route.request().url() === 'https://storage-floor.invalid/'
        ? route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>storage floor</title>' })
        : route.abort(),
    );
    const script = await bundlePageScript('storage-floors.ts');
    const openPage = async () => {
      const page = await context.newPage();
      await page.goto('https://storage-floor.invalid/');
      await page.evaluate(script);
      return page;
    };
    type Floors = { __floors: StorageFloors };
    const page = await openPage();
    const packBlocks: { rows: number; ms: number }[] = [];
    const packRows: { rows: number; ms: number }[] = [];
    for (let i = 0; i < 3; i++) {
      packBlocks.push(await page.evaluate(([n, t]) => (globalThis as unknown as Floors).__floors.packTemplates(n, t, 'blocks'), [templates, now] as const));
      packRows.push(await page.evaluate(([n, t]) => (globalThis as unknown as Floors).__floors.packTemplates(n, t, 'rows'), [templates, now] as const));
    }
    await page.close();
    // In a page of its own, with the text made in a call before and the garbage of making it
    // collected, as the restore's page has it: here JSON.parse then takes what it takes there,
    // not three times as long.
    const blockPage = await openPage();
    await blockPage.evaluate((t) => (globalThis as unknown as Floors).__floors.prepareBackupText(t), now);
    const cdp = await context.newCDPSession(blockPage);
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const blocks = await blockPage.evaluate((per) => (globalThis as unknown as Floors).__floors.blockRestore(per), BOOK_BLOCKS);
    const mid = (list: { rows: number; ms: number }[]) => ({ rows: list[0]!.rows, ms: median(list.map((k) => k.ms)) });
    return { blocks, packBlocks: mid(packBlocks), packRows: mid(packRows) };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
