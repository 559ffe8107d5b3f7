import * as Y from 'yjs';
import type { HandlebookDatabase, TeamDocRow } from '../db/database';

/**
 * The team's documents as this browser keeps them: each one's whole Yjs state, its state
 * vector, and whether it may hold changes the server has not acknowledged (`dirty`). Yjs's sync
 * sends the server whatever it lacks when a document is opened again, so a stored dirty
 * document is all it takes for a change made offline, or before a worker stop, to reach the team.
 */

/** The transaction origin of a document's stored state, loaded into memory. */
export const FROM_STORE = Symbol('handlebook team store');

/** A new in-memory document holding what was stored under `name` (empty when nothing was). */
export async function loadDoc(db: HandlebookDatabase, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const row = await db.teamDocs.get(name);
  if (row) Y.applyUpdate(doc, row.state, FROM_STORE);
  return doc;
}

/** The row that stores `doc` as it is now. */
export function docRow(name: string, doc: Y.Doc, dirty: 0 | 1): TeamDocRow {
  return { name, state: Y.encodeStateAsUpdate(doc), vector: Y.encodeStateVector(doc), dirty };
}

/** True when state vector `have` holds everything state vector `want` names. */
export function covers(have: Uint8Array | undefined, want: Uint8Array): boolean {
  const wanted = Y.decodeStateVector(want);
  if (wanted.size === 0) return true;
  if (!have) return false;
  const held = Y.decodeStateVector(have);
  for (const [client, clock] of wanted) if ((held.get(client) ?? 0) < clock) return false;
  return true;
}

/** How many stored documents may hold changes the server has not acknowledged. */
export function countDirty(db: HandlebookDatabase): Promise<number> {
  return db.teamDocs.where('dirty').equals(1).count();
}

/** The names of those documents. */
export async function dirtyNames(db: HandlebookDatabase): Promise<string[]> {
  return (await db.teamDocs.where('dirty').equals(1).primaryKeys()).map(String);
}
