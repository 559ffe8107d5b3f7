import type { HandlebookDatabase } from './database';
import type { Assignee, CaseStatus, Customer, Interaction } from './types';
import { withAssignee } from './assignments';
import { LIMITS } from '../messages/entities';
import { customerWriteTables, getCustomers, writeCustomers } from './customer-store';
import { historyWriteTables, readHistories, writeHistory } from './history-store';

const MAX_TAGS = LIMITS.tagsPerCustomer;

// Bulk operations from the dashboard: each one transaction, so a worker stopped half-way
// leaves nothing half-done. Extension pages only (the router enforces it).

const bookTables = (db: HandlebookDatabase) => [...customerWriteTables(db), ...historyWriteTables(db)];

/** Deletes customers and their history; returns what was removed so the page can undo. */
export async function deleteCustomers(
  db: HandlebookDatabase,
  keys: string[],
): Promise<{ customers: Customer[]; interactions: Interaction[] }> {
  return db.transaction('rw', bookTables(db), async () => {
    const customers = (await getCustomers(db, keys)).filter((c): c is Customer => c !== undefined);
    const interactions = [...(await readHistories(db, keys)).values()].flat();
    await writeHistory(db, { remove: interactions });
    await writeCustomers(db, { delete: keys });
    return { customers, interactions };
  });
}

/** Puts back what deleteCustomers removed (undo). */
export async function restoreCustomers(db: HandlebookDatabase, customers: Customer[], interactions: Interaction[]): Promise<number> {
  return db.transaction('rw', bookTables(db), async () => {
    await writeCustomers(db, { put: customers });
    await writeHistory(db, { put: interactions });
    return customers.length;
  });
}

export interface BulkChange {
  addTags?: string[];
  removeTags?: string[];
  status?: CaseStatus;
  /** Team mode: the new owner of every case (null: unassigned), and who assigned them. */
  assign?: { to: Assignee | null; by: string | undefined };
}

/** Applies one change to many customers; returns how many were found and changed. */
export async function bulkUpdateCustomers(db: HandlebookDatabase, keys: string[], change: BulkChange, now: number): Promise<number> {
  return db.transaction('rw', customerWriteTables(db), async () => {
    const remove = new Set(change.removeTags ?? []);
    const found = (await getCustomers(db, [...new Set(keys)])).filter((c): c is Customer => c !== undefined);
    const changed = found.map((customer) => {
      const c: Customer = { ...customer, tags: [...new Set([...customer.tags.filter((t) => !remove.has(t)), ...(change.addTags ?? [])])].slice(0, MAX_TAGS), updatedAt: now };
      if (change.status) {
        c.status = change.status;
        // Same rule as a single edit: waiting on us starts the clock, anything else stops it.
        if (change.status === 'open' || change.status === 'waiting_us') c.waitingSince ??= now;
        else delete c.waitingSince;
      }
      return change.assign ? withAssignee(c, change.assign.to, change.assign.by, now) : c;
    });
    await writeCustomers(db, { put: changed });
    return changed.length;
  });
}
