import Dexie, { type EntityTable } from 'dexie';
import type { Customer, Interaction, Pack, SettingRow } from './types';
import { handleDirectoryMiddleware, type HandleRow } from './handle-directory';
import { SCHEMA_HISTORY } from './schema-history';
import type { TemplateBlock } from './template-store';

export const DATABASE_NAME = 'handlebook';

/**
 * The one database, in the extension's origin. Only the background service worker writes it;
 * extension pages may read it (Dexie liveQuery) but send every write through the background.
 * Its versions come from SCHEMA_HISTORY (schema-history.ts), kept whole forever.
 */
export class HandlebookDatabase extends Dexie {
  customers!: EntityTable<Customer, 'key'>;
  interactions!: EntityTable<Interaction, 'id'>;
  /** Canned replies, in blocks: read and written only through template-store.ts. */
  templateBlocks!: EntityTable<TemplateBlock, 'id'>;
  packs!: EntityTable<Pack, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;
  /** Derived from customers by a middleware (handle-directory.ts); read, never written, elsewhere. */
  handles!: EntityTable<HandleRow, 'handle'>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    for (const { version, stores, upgrade } of SCHEMA_HISTORY) {
      const v = this.version(version).stores(stores);
      if (upgrade) v.upgrade(upgrade);
    }
    this.use(handleDirectoryMiddleware);
  }
}

let shared: HandlebookDatabase | undefined;

/** The background's single connection, opened lazily (the worker may restart at any time). */
export function getDatabase(): HandlebookDatabase {
  shared ??= new HandlebookDatabase();
  return shared;
}
