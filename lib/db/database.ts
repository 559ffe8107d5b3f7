import Dexie, { type EntityTable } from 'dexie';
import type { ActivityDay } from './activity-days';
import type { AnsweredTweetRow } from './answered-tweets';
import type { BookCountsRow } from './book-counts';
import type { CustomerBlock } from './customer-store';
import type { HandleRow } from './customer-handles';
import type { HistoryBlock } from './history-store';
import type { Pack, SettingRow } from './types';
import { SCHEMA_HISTORY } from './schema-history';
import type { TemplateBlock } from './template-store';
import type { OutboxRow } from './team-outbox';

export const DATABASE_NAME = 'handlebook';

/**
 * The one database, in the extension's origin. Only the background service worker writes it;
 * extension pages may read it (Dexie liveQuery) but send every write through the background.
 * Its versions come from SCHEMA_HISTORY (schema-history.ts), kept whole forever.
 *
 * The book (customers, their history, and what derives from them) and the canned replies are
 * stored in blocks, each read and written only through its module: Chromium's IndexedDB charges
 * for every row written, whatever its size (bench/README.md).
 */
export class HandlebookDatabase extends Dexie {
  /** Customers: customer-store.ts. */
  customerBlocks!: EntityTable<CustomerBlock, 'id'>;
  /** Who has which handle, derived from the customers by customer-store.ts: customer-handles.ts. */
  customerHandles!: EntityTable<HandleRow, 'handle'>;
  /** Interactions: history-store.ts. */
  historyBlocks!: EntityTable<HistoryBlock, 'id'>;
  /** Derived from the history by history-store.ts: activity-days.ts. */
  activityDays!: EntityTable<ActivityDay, 'id'>;
  /** Derived from the history by history-store.ts: who answered which tweet (answered-tweets.ts). */
  answeredTweets!: EntityTable<AnsweredTweetRow, 'statusId'>;
  /** The book's counts: book-counts.ts. */
  bookState!: EntityTable<BookCountsRow, 'id'>;
  /** Canned replies: template-store.ts. */
  templateBlocks!: EntityTable<TemplateBlock, 'id'>;
  packs!: EntityTable<Pack, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;
  /** Team mode: writes waiting to reach the team's documents (team-outbox.ts). */
  teamOutbox!: EntityTable<OutboxRow, 'seq'>;
  /** Team mode: each team document's stored Yjs state (lib/team/doc-store.ts). */
  teamDocs!: EntityTable<TeamDocRow, 'name'>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    for (const { version, stores, upgrade } of SCHEMA_HISTORY) {
      const v = this.version(version).stores(stores);
      if (upgrade) v.upgrade(upgrade);
    }
  }
}

/** A team document as this browser stored it (lib/team/doc-store.ts owns the shape). */
export interface TeamDocRow {
  name: string;
  /** Yjs update holding the whole document. */
  state: Uint8Array;
  /** Its state vector, to tell whether the team's copy holds something this one lacks. */
  vector: Uint8Array;
  /** 1 while it may hold changes the server has not acknowledged. */
  dirty: 0 | 1;
}

let shared: HandlebookDatabase | undefined;

/** The background's single connection, opened lazily (the worker may restart at any time). */
export function getDatabase(): HandlebookDatabase {
  shared ??= new HandlebookDatabase();
  return shared;
}
