import type { HandlebookDatabase } from './database';
import type { Customer, Interaction, Template } from './types';

/**
 * In a team's book, every write the person makes is also recorded here, in the transaction of
 * the write itself, as what changed: each customer before and after, each interaction that came
 * or went. The team sync (lib/team/) carries these rows into the team's documents and deletes
 * them in one transaction, so a worker stopped between the two leaves the row to be carried
 * again, and nothing acknowledged to the person is ever only in memory.
 *
 * A customer's before/after (not the whole record) is what lets concurrent edits merge: a tag
 * the person removed is removed from the team's record, a tag someone else added meanwhile is
 * kept (lib/team/customer-doc.ts).
 *
 * The personal book never writes here: only databases marked as a team's (markTeamBook) do,
 * and writes that came from the team (origin 'team') are not sent back to it.
 */
export const TEAM_OUTBOX_TABLE = 'teamOutbox';

export interface CustomerEdit {
  key: string;
  before?: Customer;
  after?: Customer;
  /** Set when the record was folded into another (a handle record into its id record). */
  mergedInto?: string;
}

export interface HistoryEdit {
  came: Interaction[];
  gone: Interaction[];
}

/** A canned reply before and after one write (absent before: new; absent after: deleted). */
export interface TemplateEdit {
  id: string;
  before?: Template;
  after?: Template;
}

export interface OutboxRow {
  /** Auto-incremented: the order the writes were made in. */
  seq?: number;
  customers?: CustomerEdit[];
  history?: HistoryEdit;
  templates?: TemplateEdit[];
}

/** Who a write came from: the person (the default), or the team's documents. */
export type WriteOrigin = 'local' | 'team';

const teamBooks = new WeakSet<HandlebookDatabase>();

/** From now on, writes to `db` made by the person are recorded for the team. */
export function markTeamBook(db: HandlebookDatabase): void {
  teamBooks.add(db);
}

export function isTeamBook(db: HandlebookDatabase): boolean {
  return teamBooks.has(db);
}

/** Records customer edits; call inside the write's transaction (customerWriteTables holds the table). */
export async function recordCustomerEdits(db: HandlebookDatabase, edits: CustomerEdit[], origin: WriteOrigin | undefined): Promise<void> {
  if (origin === 'team' || !teamBooks.has(db)) return;
  const changed = edits.filter((e) => e.before !== e.after);
  if (changed.length) await db.teamOutbox.add({ customers: changed });
}

/** Records canned reply edits; call inside the write's transaction (templateWriteTables holds the table). */
export async function recordTemplateEdits(db: HandlebookDatabase, edits: TemplateEdit[], origin: WriteOrigin | undefined): Promise<void> {
  if (origin === 'team' || !teamBooks.has(db)) return;
  const changed = edits.filter((e) => e.before !== e.after);
  if (changed.length) await db.teamOutbox.add({ templates: changed });
}

/** Records history edits; call inside the write's transaction (historyWriteTables holds the table). */
export async function recordHistoryEdits(db: HandlebookDatabase, edit: HistoryEdit, origin: WriteOrigin | undefined): Promise<void> {
  if (origin === 'team' || !teamBooks.has(db)) return;
  if (edit.came.length || edit.gone.length) await db.teamOutbox.add({ history: edit });
}
