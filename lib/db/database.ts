import Dexie, { type EntityTable } from 'dexie';
import type { Customer, Interaction, Pack, SettingRow, Template } from './types';

export const DATABASE_NAME = 'handlebook';

/**
 * The one database, in the extension's origin. Only the background service worker writes it;
 * extension pages may read it (Dexie liveQuery) but send every write through the background.
 *
 * Every shipped `version(n)` stays here forever: Dexie needs the whole history to upgrade a
 * database created by any earlier release. Add a new version below; never edit an old one.
 */
export class HandlebookDatabase extends Dexie {
  customers!: EntityTable<Customer, 'key'>;
  interactions!: EntityTable<Interaction, 'id'>;
  templates!: EntityTable<Template, 'id'>;
  packs!: EntityTable<Pack, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      // Indexes match the queries: lookups by id or handle, tag filters (multi-entry),
      // dashboard sorts by last contact / count / waiting time.
      customers:
        'key, userId, handleLower, *tags, status, lastContact, interactionCount, waitingSince, updatedAt',
      // Timeline per customer newest first; dedupeKey is unique so a re-rendered reply is
      // logged once.
      interactions: 'id, customerKey, [customerKey+at], at, &dedupeKey, templateId',
      templates: 'id, shortcut, folder, *tags, updatedAt, usageCount, source.packId',
      packs: 'id, subscriptionUrl',
      settings: 'key',
    });
  }
}

let shared: HandlebookDatabase | undefined;

/** The background's single connection, opened lazily (the worker may restart at any time). */
export function getDatabase(): HandlebookDatabase {
  shared ??= new HandlebookDatabase();
  return shared;
}
