import type { HandlebookDatabase } from './database';
import { findCustomer } from './customers';
import { customerWriteTables, getCustomers, writeCustomers } from './customer-store';
import { emptyCustomer, type AccountRef } from './identity';
import { newId } from './ids';
import { isOpenCase } from './case-status';
import type { Assignee, Customer } from './types';

// Case assignment (team mode): who owns a customer's case. Each change is also kept in the
// record's `assignments`, which the card's timeline shows.

/**
 * The record with its case given to `to` (null: unassigned) by `by`. Unchanged (the same
 * object) when it already is. A case is something to own: assigning a customer whose case is
 * not open opens it, so the owner and the team see it among the open cases.
 */
export function withAssignee(customer: Customer, to: Assignee | null, by: string | undefined, now: number): Customer {
  if ((customer.assignee?.member ?? null) === (to?.member ?? null)) return customer;
  const { assignee: _was, ...rest } = customer;
  const next: Customer = {
    ...rest,
    ...(to ? { assignee: { member: to.member, name: to.name } } : {}),
    assignments: [...(customer.assignments ?? []), { id: newId(), to: to && { member: to.member, name: to.name }, ...(by ? { by } : {}), at: now }],
    updatedAt: now,
  };
  if (to && !isOpenCase(customer)) {
    next.status = 'open';
    // Same rule as a status set by hand: an open case waits on us from now.
    next.waitingSince = customer.waitingSince ?? now;
  }
  return next;
}

/** Assigns one account's case, creating its record on first use (the "take it" shortcut on a tweet). */
export async function assignCustomer(
  db: HandlebookDatabase,
  ref: AccountRef,
  displayName: string,
  to: Assignee | null,
  by: string | undefined,
  now: number,
): Promise<Customer> {
  return db.transaction('rw', customerWriteTables(db), async () => {
    const customer = (await findCustomer(db, ref)) ?? emptyCustomer(ref, displayName, now);
    const next = withAssignee(customer, to, by, now);
    if (next !== customer) await writeCustomers(db, { put: [next] });
    return next;
  });
}

/** Assigns many cases at once (the dashboard's bulk bar); returns how many changed. */
export async function assignCustomers(db: HandlebookDatabase, keys: string[], to: Assignee | null, by: string | undefined, now: number): Promise<number> {
  return db.transaction('rw', customerWriteTables(db), async () => {
    const found = (await getCustomers(db, [...new Set(keys)])).filter((c): c is Customer => c !== undefined);
    const changed = found.map((c) => withAssignee(c, to, by, now)).filter((c, i) => c !== found[i]);
    if (changed.length) await writeCustomers(db, { put: changed });
    return changed.length;
  });
}
