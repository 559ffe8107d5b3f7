// Storage floors (printed, not figures): raw IndexedDB writes of the least the restore could
// write, and of the pack import's own templates in today's layout and the old one, in a scratch
// browser of their own (a plain offline page, fresh profile, closed afterwards), so nothing the
// main session stores or compacts slows them down: the best this browser's IndexedDB does. See
// bench/README.md.

import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/support/chromium';
import { bundlePageScript } from './bundle';
import type { StorageFloors } from './page/storage-floors';
import { median } from './stats';

export interface StorageFloorResult {
  /** One row per customer with its interactions inside, the customers' three indexes. */
  fewestRows: { rows: number; interactions: number; ms: number };
  /** The pack import's 10,000 templates raw, as the blocks it writes; median of three. */
  packBlocks: { rows: number; ms: number };
  /** The same templates raw, one row each (schema versions 1-3); median of three. */
  packRows: { rows: number; ms: number };
}

export async function benchStorageFloors(now: number, templates: number): Promise<StorageFloorResult> {
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    await context.route(/.*/, (route) =>
      route.request().url() === 'https://storage-floor.invalid/'
        ? route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>storage floor</title>' })
        : route.abort(),
    );
    const page = await context.newPage();
    await page.goto('https://storage-floor.invalid/');
    await page.evaluate(await bundlePageScript('storage-floors.ts'));
    type Floors = { __floors: StorageFloors };
    const packBlocks: { rows: number; ms: number }[] = [];
    const packRows: { rows: number; ms: number }[] = [];
    for (let i = 0; i < 3; i++) {
      packBlocks.push(await page.evaluate(([n, t]) => (globalThis as unknown as Floors).__floors.packTemplates(n, t, 'blocks'), [templates, now] as const));
      packRows.push(await page.evaluate(([n, t]) => (globalThis as unknown as Floors).__floors.packTemplates(n, t, 'rows'), [templates, now] as const));
    }
    const fewestRows = await page.evaluate((t) => (globalThis as unknown as Floors).__floors.fewestRowsRestore(t), now);
    const mid = (list: { rows: number; ms: number }[]) => ({ rows: list[0]!.rows, ms: median(list.map((k) => k.ms)) });
    return { fewestRows, packBlocks: mid(packBlocks), packRows: mid(packRows) };
  } finally {
    await browser.close();
  }
}
