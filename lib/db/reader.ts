import { DATABASE_NAME, HandlebookDatabase } from './database';

let reader: HandlebookDatabase | undefined;
let readName = DATABASE_NAME;

/**
 * Extension pages read the database directly so Dexie's liveQuery keeps them current; every
 * write still goes through the background's messages (one writer, validated, broadcast).
 * Which database is the book (the personal one, or a team's) is chosen once, before the page
 * renders (lib/team/page-book.ts).
 */
export function getReadDatabase(): HandlebookDatabase {
  reader ??= new HandlebookDatabase(readName);
  return reader;
}

/** The book this page reads from now on; call before the first getReadDatabase(). */
export function setReadDatabaseName(name: string): void {
  if (reader && reader.name !== name) throw new Error('The page already reads another book');
  readName = name;
}
