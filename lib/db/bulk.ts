import type { HandlebookDatabase } from './database';
import type { CaseStatus, Customer, Interaction } from './types';
import { LIMITS } from '../messages/entities';
import { historyOf } from './interactions';

const MAX_TAGS = LIMITS.tagsPerCustomer;

// Bulk operations from the dashboard: each one transaction, so a worker stopped half-way
// leaves nothing half-done. Extension pages only (the router enforces it).

/** Deletes customers and their history; returns what was removed so the page can undo. */
export async function deleteCustomers(
  db: HandlebookDatabase,
  keys: string[],
): Promise<{ customers: Customer[]; interactions: Interaction[] }> {
  return db.transaction('rw', db.customers, db.interactions, async () => {
    const customers = (await db.customers.bulkGet(keys)).filter((c): c is Customer => c !== undefined);
    const interactions = (await Promise.all(keys.map((key) => historyOf(db, key).toArray()))).flat();
    await db.interactions.bulkDelete(interactions.map((i) => i.id));
    await db.customers.bulkDelete(keys);
    return { customers, interactions };
  });
}

/** Puts back what deleteCustomers removed (undo). */
export async function restoreCustomers(db: HandlebookDatabase, customers: Customer[], interactions: Interaction[]): Promise<number> {
  return db.transaction('rw', db.customers, db.interactions, async () => {
    await db.customers.bulkPut(customers);
    await db.interactions.bulkPut(interactions);
    return customers.length;
  });
}

export interface BulkChange {
  addTags?: string[];
  removeTags?: string[];
  status?: CaseStatus;
}

export async function bulkUpdateCustomers(db: HandlebookDatabase, keys: string[], change: BulkChange, now: number): Promise<number> {
  return db.transaction('rw', db.customers, async () => {
    const remove = new Set(change.removeTags ?? []);
    return db.customers
      .where('key')
      .anyOf(keys)
      .modify((c) => {
        c.tags = [...new Set([...c.tags.filter((t) => !remove.has(t)), ...(change.addTags ?? [])])].slice(0, MAX_TAGS);
        if (change.status) {
          c.status = change.status;
          // Same rule as a single edit: waiting on us starts the clock, anything else stops it.
          if (change.status === 'open' || change.status === 'waiting_us') c.waitingSince ??= now;
          else delete c.waitingSince;
        }
        c.updatedAt = now;
      });
  });
}
