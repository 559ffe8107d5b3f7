import type { Transaction } from 'dexie';
import { directoryRows, fromSchema6Block, type Schema6DirectoryBlock } from './handle-directory';
import { templateBlocksOf } from './template-store';
import { answeredRowsOf } from './answered-tweets';
import type { Customer, Interaction, Template } from './types';
import { BOOK_STORES, replaceBook } from './whole-book';

/**
 * Every schema version Handlebook ever shipped, oldest first. Entries are never edited or
 * removed once released: Dexie needs the whole history to upgrade a database created by any
 * earlier release. A new version is a new entry (with an `upgrade` when existing rows need
 * rewriting), plus a fixture in tests/fixtures/db/ written by that version for the migration
 * tests.
 */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_HISTORY: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // Indexes match the queries: lookups by id or handle, tag filters (multi-entry),
      // dashboard sorts by last contact / count / waiting time.
      customers: 'key, userId, handleLower, *tags, status, lastContact, interactionCount, waitingSince, updatedAt',
      // Timeline per customer newest first; dedupeKey is unique so a re-rendered reply is
      // logged once.
      interactions: 'id, customerKey, [customerKey+at], at, &dedupeKey, templateId',
      templates: 'id, shortcut, folder, *tags, updatedAt, usageCount, source.packId',
      packs: 'id, subscriptionUrl',
      settings: 'key',
    },
  },
  {
    // Only the indexes some query uses: every index is written on every put, and the unused
    // ones made big writes (a 10,000-reply pack, a 600,000-row restore) up to twice as slow
    // (bench/README.md). Dashboard sorts and filters run over the in-memory customer book.
    version: 2,
    stores: {
      customers: 'key, handleLower, *tags, updatedAt',
      // A customer's history and the merge of a handle record go through [customerKey+at].
      interactions: 'id, [customerKey+at], at, &dedupeKey',
      templates: 'id, source.packId',
      packs: 'id, subscriptionUrl',
      settings: 'key',
    },
  },
  {
    // The handle directory (handle-directory.ts): the badges' lookup by handle reads one row by
    // its primary key instead of the handleLower index, half the cost in Chromium. Built here
    // from the customers; kept by a middleware from then on (until version 6 put it in blocks).
    // Only the new table: Dexie keeps every table a version does not name as it was.
    version: 3,
    stores: { handles: 'handle' },
    upgrade: async (tx) => {
      const customers: Customer[] = [];
      await tx.table('customers').each((c: Customer) => {
        customers.push(c);
      });
      await tx.table('handles').bulkPut(directoryRows(customers));
    },
  },
  {
    // Canned replies in blocks of up to 100 (template-store.ts) instead of a row each: Chromium
    // charges per row written, and a 10,000-reply pack import spent ~720 of its ~1,100 ms
    // writing 10,000 rows. The one-row-per-template table goes.
    version: 4,
    stores: { templateBlocks: 'id, *ids', templates: null },
    upgrade: async (tx) => {
      const templates: Template[] = await tx.table('templates').toArray();
      await tx.table('templateBlocks').bulkAdd(templateBlocksOf(templates));
    },
  },
  {
    // The handle directory's state (handle-directory.ts): its stamp, a new value with every
    // customer write, and the last filter of known accounts built from it (known-accounts.ts),
    // which the stamp tells current or not. No rows to move: until the first write there is no
    // stamp, and a filter built then says so.
    version: 5,
    stores: { directoryState: 'id' },
  },
  {
    // The book in blocks (customer-store.ts, history-store.ts, handle-directory.ts): customers,
    // their interactions and the handle directory were a row each, 700,000 rows at 100,000
    // customers, and Chromium charges ~50 µs for every row written: a restore took ~100 s. In
    // blocks it is ~25,000 rows. The activity by day (activity-days.ts) replaces the interactions'
    // `at` index for the overview; the counts (book-counts.ts) replace counting rows. The old
    // tables go, and the directory's stamp changes, so the filter of known accounts is rebuilt.
    version: 6,
    stores: {
      customerBlocks: 'id, writtenAt, *tags',
      historyBlocks: 'id',
      directoryBlocks: 'id',
      activityDays: 'id',
      bookState: 'id',
      customers: null,
      interactions: null,
      handles: null,
    },
    upgrade: async (tx) => {
      const customers: Customer[] = await tx.table('customers').toArray();
      const interactions: Interaction[] = await tx.table('interactions').toArray();
      // Version 6's stores only: the answered tweets come with version 9 (built by its upgrade).
      await replaceBook(tx, customers, interactions, BOOK_STORES.filter((name) => name !== 'answeredTweets'));
    },
  },
  {
    // The handle directory's blocks as one string each, the holders as positional arrays
    // (handle-directory.ts): the badges' lookup reads a block for every author, and a block is a
    // third smaller and one string (30 reads in the worker: p50 1.1-1.2 -> 1.0-1.1 ms;
    // bench/README.md). Takes ~2 s at 100,000 customers.
    // Same stores; the blocks are rewritten. A database coming from version 5 or older already
    // has its directory in the new form (version 6's upgrade builds it with today's code), so
    // only blocks in the old form are converted.
    version: 7,
    stores: {},
    upgrade: async (tx) => {
      const table = tx.table('directoryBlocks');
      const old = ((await table.toArray()) as (Schema6DirectoryBlock | { entries: string })[]).filter((b): b is Schema6DirectoryBlock => 'handles' in b);
      await table.bulkPut(old.map(fromSchema6Block));
    },
  },
  {
    // Team mode (lib/team/): the writes waiting to be carried into the team's documents
    // (team-outbox.ts), and each team document's Yjs state as this browser last stored it
    // (lib/team/doc-store.ts). Both stay empty in the personal book.
    version: 8,
    stores: { teamOutbox: '++seq', teamDocs: 'name, dirty' },
  },
  {
    // Who answered which tweet (answered-tweets.ts), for the triage markers on X's mentions and
    // searches: a row per answered tweet, built here from the history.
    version: 9,
    stores: { answeredTweets: 'statusId' },
    upgrade: async (tx) => {
      const interactions: Interaction[] = [];
      await tx.table('historyBlocks').each((block: { interactions: Interaction[] }) => {
        interactions.push(...block.interactions);
      });
      const rows = answeredRowsOf(interactions);
      if (rows.length) await tx.table('answeredTweets').bulkPut(rows);
    },
  },
];

export const LATEST_VERSION = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1]!.version;
