import { HandlebookDatabase } from './database';

let reader: HandlebookDatabase | undefined;

/**
 * Extension pages read the database directly so Dexie's liveQuery keeps them current; every
 * write still goes through the background's messages (one writer, validated, broadcast).
 */
export function getReadDatabase(): HandlebookDatabase {
  reader ??= new HandlebookDatabase();
  return reader;
}
