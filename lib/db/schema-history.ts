import type { Transaction } from 'dexie';
import { handleRowsOf } from './customer-handles';
import { templateBlocksOf } from './template-store';
import { answeredRowsOf } from './answered-tweets';
import type { Customer, Interaction, Template } from './types';
import { BOOK_STORES, replaceBook } from './whole-book';

/**
 * Every schema version Handlebook ever shipped, oldest first. Entries are never removed once
 * released: Dexie needs the whole history to upgrade a database created by any earlier release.
 * The one edit allowed: an `upgrade` whose output a later version drops unread goes (versions 3
 * and 7 built the handle directory, which version 10 drops). A new version is a new entry (with
 * an `upgrade` when existing rows need rewriting), plus a fixture in tests/fixtures/db/ written
 * by that version for the migration tests.
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
    // The handle directory: the badges' lookup by handle read one row by its primary key instead
    // of the handleLower index, half the cost in Chromium. Its upgrade built it from the
    // customers; version 10 dropped the directory, and the upgrade with it.
    // Only the new table: Dexie keeps every table a version does not name as it was.
    version: 3,
    stores: { handles: 'handle' },
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
    // The handle directory's state: its stamp, a new value with every customer write, and the
    // last filter of known accounts (a Bloom filter of every handle) built from it. Dropped by
    // version 10.
    version: 5,
    stores: { directoryState: 'id' },
  },
  {
    // The book in blocks (customer-store.ts, history-store.ts, and a handle directory): customers,
    // their interactions and the handle directory were a row each, 700,000 rows at 100,000
    // customers, and Chromium charges ~50 µs for every row written: a restore took ~100 s. In
    // blocks it is ~25,000 rows. The activity by day (activity-days.ts) replaces the interactions'
    // `at` index for the overview; the counts (book-counts.ts) replace counting rows. The old
    // tables go. (The directory's blocks its upgrade no longer builds: version 10 drops them.)
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
      // Version 6's stores only: the answered tweets come with version 9, who has which handle
      // with version 10 (each built by its upgrade).
      await replaceBook(tx, customers, interactions, BOOK_STORES.filter((name) => name !== 'answeredTweets' && name !== 'customerHandles'));
    },
  },
  {
    // The handle directory's blocks as one string each, the holders as positional arrays: the
    // badges' lookup read a block for every author, and a block was a third smaller and one
    // string. Its upgrade rewrote the blocks; version 10 dropped the directory, and the upgrade
    // with it.
    version: 7,
    stores: {},
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
  {
    // Who has which handle as a row per handle (customer-handles.ts), plain data, instead of the
    // handle directory's 8,192 blocks of text (versions 3 and 7) and the worker's filter of known
    // accounts (version 5): they saved the badges' lookup about a millisecond a batch and cost
    // their own encoding, a stamp and a filter to keep current (bench/README.md).
    version: 10,
    stores: { customerHandles: 'handle', directoryBlocks: null, directoryState: null },
    upgrade: async (tx) => {
      const customers: Customer[] = [];
      await tx.table('customerBlocks').each((block: { customers: Customer[] }) => {
        customers.push(...block.customers);
      });
      const rows = handleRowsOf(customers);
      if (rows.length) await tx.table('customerHandles').bulkPut(rows);
    },
  },
];

export const LATEST_VERSION = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1]!.version;
