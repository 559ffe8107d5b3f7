// customers.lookup, the message every badge batch sends, timed as a round trip from an
// extension page (page -> service worker -> zod -> Dexie -> back). Playwright cannot run code in
// the content script's isolated world, and the router accepts extension pages too, so this
// measures the same handler, schemas and database work without the content script's own
// overhead (its reply validation is in the timeline figures).

import type { CDPSession, Page } from 'playwright-core';
import { CUSTOMERS, customerHandle, lookupBatches } from './data';
import type { ExtensionTools } from './page/extension-tools';
import { median, percentile, sleep } from './stats';

export const BATCH = 50;
// As long as the timed part: the page's client code (the port, zod on the reply) runs cold for
// the first hundred-odd batches (in a test after the timeline: batches 20-220 p95 6.5 ms, the
// next 200 4.8 ms), and a content script that shows badges all day runs it hot.
const WARMUP = 200;
const MEASURED = 200;
const COLD_SAMPLES = 5;

export interface LookupResult {
  batch: number;
  p50Ms: number;
  p95Ms: number;
  coldMs: number;
}

const tools = (page: Page) => ({
  lookups: (batches: { handle: string; userId?: string }[][]) =>
    page.evaluate((b) => (globalThis as unknown as { __bench: ExtensionTools }).__bench.lookups(b), batches),
});

/** Stops the extension's service worker as Chrome does when idle, and waits until it is down. */
async function stopWorker(cdp: CDPSession): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    const onUpdate = (e: { versions: { runningStatus: string; scriptURL: string }[] }) => {
      if (e.versions.some((v) => v.scriptURL.endsWith('/background.js') && v.runningStatus === 'stopped')) {
        cdp.off('ServiceWorker.workerVersionUpdated', onUpdate);
        resolve();
      }
    };
    cdp.on('ServiceWorker.workerVersionUpdated', onUpdate);
  });
  await cdp.send('ServiceWorker.stopAllWorkers');
  await Promise.race([stopped, sleep(5_000)]);
}

/** The batches a lookup figure is timed on: warm-up, measured, then one per cold sample. */
export const lookupBatchesNeeded = WARMUP + MEASURED + COLD_SAMPLES;

/** Warm lookups from `page` (an extension page with page/extension-tools.ts): WARMUP batches,
 *  then MEASURED timed, one after another. */
export async function timeWarmLookups(page: Page, batches: { handle: string; userId?: string }[][]): Promise<{ ms: number[]; found: number }> {
  const { lookups } = tools(page);
  await lookups(batches.slice(0, WARMUP));
  return lookups(batches.slice(WARMUP, WARMUP + MEASURED));
}

/** Cold lookups: each the first after the worker was stopped (restart, database open, first
 *  query; in team mode also the team sync's start), COLD_SAMPLES times. */
export async function timeColdLookups(page: Page, batches: { handle: string; userId?: string }[][]): Promise<number[]> {
  const { lookups } = tools(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  const cold: number[] = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    await stopWorker(cdp);
    await sleep(300);
    const first = await lookups([batches[WARMUP + MEASURED + i]!]);
    cold.push(first.ms[0]!);
  }
  await cdp.detach();
  return cold;
}

export async function benchLookup(page: Page, log: (line: string) => void): Promise<LookupResult> {
  const batches = lookupBatches(lookupBatchesNeeded, BATCH, 11);
  const { lookups } = tools(page);
  const { ms, found } = await timeWarmLookups(page, batches);
  // For the diagnosis: the same round trip when nobody in the batch is a customer (no rows to
  // read): what messaging, zod and the index lookups cost alone.
  const strangers = Array.from({ length: 50 }, (_, b) => Array.from({ length: BATCH }, (_, k) => ({ handle: `nobody_${b}_${k}` })));
  const strangerMs = (await lookups(strangers)).ms;
  // And with 50 customers each: with 1-2 interactions, or with 3+ (each also gets its 30-day
  // count, from the row's recent times: lib/db/lookup.ts).
  const customers = (residues: number[], seed: number) =>
    Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: BATCH }, (_, k) => ({ handle: customerHandle((((seed + b * 7919 + k * 104_729) % (CUSTOMERS / 5)) * 5) + residues[k % residues.length]!) })),
    );
  const fewMs = (await lookups(customers([0, 1], 1))).ms;
  const repeatMs = (await lookups(customers([2, 3, 4], 2))).ms;
  log(
    `  lookup warm, diagnosis: 50 strangers p50 ${median(strangerMs).toFixed(2)} ms; 50 customers with 1-2 interactions p50 ${median(fewMs).toFixed(2)} ms; ` +
      `50 customers with 3+ (30-day count from the row) p50 ${median(repeatMs).toFixed(2)} ms`,
  );
  log(`  lookup warm: ${MEASURED} batches of ${BATCH}, ${found} customers found, min ${Math.min(...ms).toFixed(2)} / p50 ${median(ms).toFixed(2)} / p95 ${percentile(ms, 95).toFixed(2)} / max ${Math.max(...ms).toFixed(2)} ms`);

  // Cold: the first lookup after the worker was stopped (restart, Dexie open, first query).
  const cold = await timeColdLookups(page, batches);
  log(`  lookup cold: ${cold.map((v) => v.toFixed(1)).join(', ')} ms (median reported)`);
  return { batch: BATCH, p50Ms: median(ms), p95Ms: percentile(ms, 95), coldMs: median(cold) };
}
