import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { directoryRows } from '@/lib/db/handle-directory';
import { lookupSummaries } from '@/lib/db/lookup';
import { refreshKnownAccounts } from '@/lib/db/known-accounts';
import { LATEST_VERSION, SCHEMA_HISTORY } from '@/lib/db/schema-history';
import type { Customer } from '@/lib/db/types';
import { readAllTemplates, readPackTemplates } from '@/lib/db/template-store';

// Opens a database written by every earlier schema version (fixtures in tests/fixtures/db,
// made by scripts/make-db-fixture.ts when that version shipped) with today's schema, and checks
// that every row survived the upgrade and every index answers.

const FIXTURES = join(import.meta.dirname, '../../fixtures/db');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as { version: number; tables: Record<string, unknown[]> });

let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** A Dexie that knows only the schema history up to `version`: the app as it was then. */
function databaseAsOf(name: string, version: number): Dexie {
  const db = new Dexie(name);
  for (const entry of SCHEMA_HISTORY.filter((e) => e.version <= version)) {
    const v = db.version(entry.version).stores(entry.stores);
    if (entry.upgrade) v.upgrade(entry.upgrade);
  }
  opened.push(db);
  return db;
}

describe('schema migrations', () => {
  it('has a fixture for every shipped schema version', () => {
    expect(fixtures.map((f) => f.version).sort()).toEqual(SCHEMA_HISTORY.map((e) => e.version));
  });

  for (const fixture of fixtures) {
    it(`upgrades a version ${fixture.version} database to version ${LATEST_VERSION} with every row intact`, async () => {
      const name = `migration-${n++}`;
      const old = databaseAsOf(name, fixture.version);
      await old.open();
      for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkAdd(rows);
      old.close();

      const db = new HandlebookDatabase(name);
      opened.push(db);
      await db.open();
      expect(db.verno).toBe(LATEST_VERSION);
      // The handle directory is derived: built from the customers, whatever the fixture held.
      const customers = fixture.tables.customers as Customer[];
      expect(await db.handles.toArray()).toEqual(directoryRows(customers).sort((a, b) => (a.handle < b.handle ? -1 : 1)));
      const found = await lookupSummaries(db, customers.map((c) => ({ handle: c.handle })));
      for (const c of customers) expect(found[c.handleLower]).toMatchObject({ key: c.key, displayName: c.displayName });
      // And through the filter of known accounts built from the upgraded database.
      await refreshKnownAccounts(db.backendDB());
      const again = await lookupSummaries(db, [...customers.map((c) => ({ handle: c.handle })), { handle: 'nobody_here' }]);
      for (const c of customers) expect(again[c.handleLower]).toMatchObject({ key: c.key });
      expect(again['nobody_here']).toBeNull();
      for (const [table, rows] of Object.entries(fixture.tables)) {
        if (table === 'handles' || table === 'directoryState') continue;
        // Rows written by an older version come back with at least their old fields. Templates
        // were a row each until version 4; they now come back from their blocks.
        const now = table === 'templates' ? await readAllTemplates(db) : await db.table(table).toArray();
        expect(now).toHaveLength(rows.length);
        for (const row of rows) expect(now).toContainEqual(expect.objectContaining(row as object));
      }
      // Every index the app queries still answers.
      const customer = fixture.tables.customers![0] as { handleLower: string };
      expect(await db.customers.where('handleLower').equals(customer.handleLower).count()).toBe(1);
      expect(await db.customers.where('tags').equals('VIP').count()).toBe(1);
      expect(await db.customers.orderBy('updatedAt').count()).toBe(fixture.tables.customers!.length);
      const interaction = fixture.tables.interactions![0] as { customerKey: string; dedupeKey: string };
      expect(await db.interactions.where('[customerKey+at]').between([interaction.customerKey, -Infinity], [interaction.customerKey, Infinity]).count()).toBeGreaterThan(0);
      expect(await db.interactions.where('dedupeKey').equals(interaction.dedupeKey).count()).toBe(1);
      expect(await readPackTemplates(db, 'team-voice').then((t) => t.length)).toBe(1);
    });
  }

  it('finishes an upgrade that another open connection (an old tab) would block, without losing data', async () => {
    const name = `blocked-${n++}`;
    const oldTab = databaseAsOf(name, LATEST_VERSION);
    await oldTab.open();
    await oldTab.table('customers').add({ key: 'h:kept', handle: 'kept', handleLower: 'kept', tags: [], notes: [], status: 'none' });

    // A newer release adds an index while the old connection is still open.
    const newer = new Dexie(name);
    opened.push(newer);
    for (const entry of SCHEMA_HISTORY) newer.version(entry.version).stores(entry.stores);
    const customers = SCHEMA_HISTORY.findLast((e) => e.stores.customers)!.stores.customers;
    newer.version(LATEST_VERSION + 1).stores({ customers: `${customers}, displayName` });
    await newer.open(); // Dexie closes the old connection on "versionchange" instead of blocking
    expect(newer.verno).toBe(LATEST_VERSION + 1);
    expect(oldTab.isOpen()).toBe(false);
    expect(await newer.table('customers').get('h:kept')).toMatchObject({ handle: 'kept' });
  });
});
