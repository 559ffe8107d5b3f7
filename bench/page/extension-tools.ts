// Bundled by esbuild (bench/bundle.ts) and evaluated in an extension page of the built
// extension, where it shares the extension origin's IndexedDB with the service worker and may
// send every message (the router treats extension pages as `extension`). It installs
// `globalThis.__bench`; run.ts calls it through page.evaluate, so the big data (600,000 rows,
// a ~200 MB backup string) is generated and kept inside the browser, never sent over CDP.

import './zod-jitless'; // must run before any zod schema is created
import { HandlebookDatabase } from '../../lib/db/database';
import { exportBackup } from '../../lib/backup/export';
import { restoreBackup } from '../../lib/backup/restore';
import { readBookCounts } from '../../lib/db/book-counts';
import { request } from '../../lib/messages/client';
import { DEFAULT_SETTINGS } from '../../lib/settings/schema';
import type { Customer, Interaction } from '../../lib/db/types';
import { backupText } from '../data';
import { importPack, preparePackImport, type PackImportTiming } from '../pack-import';

let db: HandlebookDatabase | undefined;
let backup: string | undefined;
let exported: string[] | undefined;

const tools = {
  /**
   * Builds the backup file of the whole generated data set (100,000 customers, 500,000
   * interactions) and keeps its text here. Not timed: it stands for the file the person picked.
   */
  prepareBackup(now: number): { bytes: number; ms: number } {
    const start = performance.now();
    backup = backupText(now);
    return { bytes: backup.length, ms: performance.now() - start };
  },

  async count(): Promise<{ customers: number; interactions: number }> {
    db ??= new HandlebookDatabase();
    return readBookCounts(db);
  },

  /**
   * Round trip of one `customers.lookup` per batch, sequentially, in ms each: the product's own
   * client (lib/messages/client.ts: the request port, the reply validated) as content scripts use it.
   */
  async lookups(batches: { handle: string; userId?: string }[][]): Promise<{ ms: number[]; found: number }> {
    const ms: number[] = [];
    let found = 0;
    for (const refs of batches) {
      const start = performance.now();
      const data = await request('customers.lookup', { refs });
      ms.push(performance.now() - start);
      found += Object.values(data.summaries).filter(Boolean).length;
    }
    return { ms, found };
  },

  /**
   * The service-level check the worker runs every minute and after writes (lib/background/sla-watch.ts:
   * every customer read, the cases past target counted), `times` times in a row: ms each, and the
   * count; and meanwhile a `customers.lookup` of `refs` after another, ms each: what a badge waits
   * while a check runs.
   */
  async slaChecks(times: number, refs: { handle: string }[]): Promise<{ ms: number[]; pastTarget: number; lookupMs: number[] }> {
    const ms: number[] = [];
    const lookupMs: number[] = [];
    let pastTarget = 0;
    for (let i = 0; i < times; i++) {
      const start = performance.now();
      let done = false;
      const check = request('sla.check', {}).then((r) => {
        done = true;
        ms.push(performance.now() - start);
        pastTarget = r.pastTarget;
      });
      while (!done) {
        const t = performance.now();
        await request('customers.lookup', { refs });
        lookupMs.push(performance.now() - t);
      }
      await check;
    }
    return { ms, pastTarget, lookupMs };
  },

  /** A 10,000-template pack imported into this origin's real IndexedDB (bench/pack-import.ts). */
  async importPack(now: number): Promise<PackImportTiming> {
    db ??= new HandlebookDatabase();
    const text = await preparePackImport(db, now);
    return importPack(db, text, now);
  },

  /**
   * Backup export, the dashboard's own code: lib/backup/export.ts exportBackup reads every table
   * in one read transaction, in slices, and writes each slice's text as it arrives.
   */
  async exportAll(): Promise<{ ms: number; bytes: number; customers: number; interactions: number }> {
    db ??= new HandlebookDatabase();
    const start = performance.now();
    const { parts, counts } = await exportBackup(db, DEFAULT_SETTINGS, new Date());
    const ms = performance.now() - start;
    exported = parts;
    const bytes = parts.reduce((n, p) => n + p.length, 0);
    return { ms, bytes, customers: counts.customers, interactions: counts.interactions };
  },

  /** The Blob the dashboard makes of the last export's text before the download. */
  exportBlob(): { ms: number; size: number } {
    if (!exported) throw new Error('exportAll first');
    const start = performance.now();
    const blob = new Blob(exported, { type: 'application/json' });
    const ms = performance.now() - start;
    exported = undefined;
    return { ms, size: blob.size };
  },

  /**
   * Backup restore: JSON.parse of the backup text, then the worker's own write,
   * lib/backup/restore.ts restoreBackup in `replace` mode (every table in ONE transaction). Run
   * on the empty database, it is also how the benchmark seeds it.
   */
  async restoreAll(): Promise<{ ms: number; parseMs: number; restored: number }> {
    if (!backup) throw new Error('prepareBackup first');
    db ??= new HandlebookDatabase();
    const start = performance.now();
    const parsed = JSON.parse(backup) as { customers: Customer[]; interactions: Interaction[] };
    const parseMs = performance.now() - start;
    const outcome = await restoreBackup(db, { customers: parsed.customers, interactions: parsed.interactions, templates: [], packs: [] }, 'replace');
    backup = undefined;
    return { ms: performance.now() - start, parseMs, restored: outcome.customers.written };
  },
};

(globalThis as unknown as { __bench: typeof tools }).__bench = tools;
export type ExtensionTools = typeof tools;
