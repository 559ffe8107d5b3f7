import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { activityDaysOf, entriesOf, type ActivityDay } from '@/lib/db/activity-days';
import { answeredRowsOf, type AnsweredTweetRow } from '@/lib/db/answered-tweets';
import { readBookCounts } from '@/lib/db/book-counts';
import { bookBlockOf } from '@/lib/db/buckets';
import { customerBlock, findCustomerByHandle, readAllCustomers, readKnownTags, type CustomerBlock } from '@/lib/db/customer-store';
import { holdersOf } from '@/lib/db/customer-handles';
import { HandlebookDatabase } from '@/lib/db/database';
import { readAllInteractions, readHistory, type HistoryBlock } from '@/lib/db/history-store';
import { emptyCustomer } from '@/lib/db/identity';
import { listInteractions } from '@/lib/db/interactions';
import { lookupSummaries } from '@/lib/db/lookup';
import { LATEST_VERSION, SCHEMA_HISTORY } from '@/lib/db/schema-history';
import type { Customer, Interaction } from '@/lib/db/types';
import { expectHandlesOf } from './customer-handles-check';
import { readAllTemplates, readPackTemplates } from '@/lib/db/template-store';

// Opens a database written by every earlier schema version (fixtures in tests/fixtures/db,
// made by scripts/make-db-fixture.ts when that version shipped) with today's schema, and checks
// that every row survived the upgrade, that what derives from the book was built from it, and
// that every read the app makes answers.

interface Fixture {
  version: number;
  tables: Record<string, unknown[]>;
}

const FIXTURES = join(import.meta.dirname, '../../fixtures/db');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Fixture);

/** The fixture's customers and interactions: a row each until version 6, inside the blocks since. */
function bookOf(fixture: Fixture): { customers: Customer[]; interactions: Interaction[] } {
  const { tables } = fixture;
  if (tables.customerBlocks) {
    return {
      customers: (tables.customerBlocks as CustomerBlock[]).flatMap((b) => b.customers),
      interactions: ((tables.historyBlocks ?? []) as HistoryBlock[]).flatMap((b) => b.interactions),
    };
  }
  return { customers: tables.customers as Customer[], interactions: tables.interactions as Interaction[] };
}

const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);
// A day's entries in a fixed order (they are stored in write order).
const byEntryId = (days: ActivityDay[]) => byId(days).map((d) => ({ id: d.id, entries: entriesOf(d).sort((a, b) => a.at - b.at || (a.customerKey < b.customerKey ? -1 : 1)) }));

let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  // Every connection closed before any delete, so no delete waits on one still open.
  const dbs = opened.splice(0);
  for (const db of dbs) db.close();
  for (const name of new Set(dbs.map((db) => db.name))) await Dexie.delete(name);
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
    expect(fixtures.map((f) => f.version).sort((a, b) => a - b)).toEqual(SCHEMA_HISTORY.map((e) => e.version));
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
      expect(db.backendDB().objectStoreNames.contains('directoryBlocks')).toBe(false);
      expect(db.backendDB().objectStoreNames.contains('directoryState')).toBe(false);

      // Customers and interactions come back with at least their old fields.
      const { customers, interactions } = bookOf(fixture);
      const storedCustomers = await readAllCustomers(db);
      expect(storedCustomers).toHaveLength(customers.length);
      for (const c of customers) expect(storedCustomers).toContainEqual(expect.objectContaining(c));
      const storedInteractions = await readAllInteractions(db);
      expect(storedInteractions).toHaveLength(interactions.length);
      for (const i of interactions) expect(storedInteractions).toContainEqual(expect.objectContaining(i));

      // What derives from the book was built from it, whatever the fixture held.
      await expectHandlesOf(db, customers);
      expect(byEntryId(await db.activityDays.toArray())).toEqual(byEntryId(activityDaysOf(interactions)));
      const byStatus = (rows: AnsweredTweetRow[]) => [...rows].sort((a, b) => a.statusId.localeCompare(b.statusId));
      expect(byStatus(await db.answeredTweets.toArray())).toEqual(byStatus(answeredRowsOf(interactions)));
      expect(await readBookCounts(db)).toEqual({ customers: customers.length, interactions: interactions.length });

      const found = await lookupSummaries(db, [...customers.map((c) => ({ handle: c.handle })), { handle: 'nobody_here' }]);
      for (const c of customers) expect(found[c.handleLower]).toMatchObject({ key: c.key, displayName: c.displayName });
      expect(found['nobody_here']).toBeNull();

      for (const [table, rows] of Object.entries(fixture.tables)) {
        // The book's old tables were checked above; the handle directory and its state are gone.
        if (['customers', 'interactions', 'handles', 'directoryBlocks', 'directoryState'].includes(table)) continue;
        // Templates were a row each until version 4; they now come back from their blocks.
        const now = table === 'templates' ? await readAllTemplates(db) : await db.table(table).toArray();
        expect(now).toHaveLength(rows.length);
        for (const row of rows) expect(now).toContainEqual(expect.objectContaining(row as object));
      }

      // Every read the app makes still answers.
      const customer = customers[0]!;
      expect((await holdersOf(db, customer.handleLower)).map((h) => h.key)).toEqual([customer.key]);
      expect(await findCustomerByHandle(db, customer.handle.toUpperCase())).toMatchObject({ key: customer.key });
      expect(await readKnownTags(db)).toContain('VIP');
      expect(await db.customerBlocks.where('tags').equals('VIP').count()).toBe(1);
      expect(await db.customerBlocks.where('writtenAt').aboveOrEqual(0).count()).toBe(await db.customerBlocks.count());
      const interaction = interactions[0]!;
      const history = await readHistory(db, interaction.customerKey);
      expect(history.length).toBeGreaterThan(0);
      expect(history.map((i) => i.id)).toContain(interaction.id);
      // A logged tweet or reply is there once: de-duplication reads the customer's own history.
      expect(history.filter((i) => i.dedupeKey === interaction.dedupeKey)).toHaveLength(1);
      const timeline = await listInteractions(db, interaction.customerKey);
      expect(timeline.map((i) => i.id)).toEqual([...history].reverse().map((i) => i.id));
      expect(timeline).toHaveLength(interactions.filter((i) => i.customerKey === interaction.customerKey).length);
      expect(await readPackTemplates(db, 'team-voice').then((t) => t.length)).toBe(1);
    });
  }

  it('finishes an upgrade that another open connection (an old tab) would block, without losing data', async () => {
    const name = `blocked-${n++}`;
    const oldTab = databaseAsOf(name, LATEST_VERSION);
    await oldTab.open();
    const kept = emptyCustomer({ handle: 'kept' }, 'Kept', 1);
    await oldTab.table('customerBlocks').add(customerBlock(bookBlockOf(kept.key), [kept], 1_000));

    // A newer release adds an index while the old connection is still open.
    const newer = new Dexie(name);
    opened.push(newer);
    for (const entry of SCHEMA_HISTORY) newer.version(entry.version).stores(entry.stores);
    const customerBlocks = SCHEMA_HISTORY.findLast((e) => e.stores.customerBlocks)!.stores.customerBlocks;
    newer.version(LATEST_VERSION + 1).stores({ customerBlocks: `${customerBlocks}, [writtenAt+id]` });
    await newer.open(); // Dexie closes the old connection on "versionchange" instead of blocking
    expect(newer.verno).toBe(LATEST_VERSION + 1);
    expect(oldTab.isOpen()).toBe(false);
    const block = (await newer.table('customerBlocks').get(bookBlockOf(kept.key))) as CustomerBlock | undefined;
    expect(block?.customers).toEqual([kept]);
    expect(await newer.table('customerBlocks').where('[writtenAt+id]').between([1_000, Dexie.minKey], [1_000, Dexie.maxKey]).count()).toBe(1);
  });
});
