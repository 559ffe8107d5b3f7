import type { HandlebookDatabase } from './database';
import {
  emptyCustomer,
  handleKey,
  mergeIntoIdRecord,
  userIdKey,
  withCurrentHandle,
  type AccountRef,
} from './identity';
import { newId } from './ids';
import { customerWriteTables, findCustomerByHandle, getCustomer, writeCustomers } from './customer-store';
import { historyWriteTables, readHistory, writeHistory } from './history-store';
import type { CaseStatus, Customer } from './types';

// Customer repository: what the person and the pages do to customers, each write in one
// transaction so a worker stopped mid-way leaves either the old or the new record. Storage is
// customer-store.ts's.

/** Finds the record for an account: by user id first (permanent), then by handle. */
export async function findCustomer(db: HandlebookDatabase, ref: AccountRef): Promise<Customer | undefined> {
  if (ref.userId) {
    const byId = await getCustomer(db, userIdKey(ref.userId));
    if (byId) return byId;
  }
  return findCustomerByHandle(db, ref.handle);
}

/**
 * Records what the page told us about an account: a newly revealed user id merges the
 * handle record into the id record; a known id under a new handle records the old handle.
 * Accounts we have no record of are not stored (we keep memory of customers, not of X).
 * Returns the keys that changed (including ones that disappeared by merging).
 */
export async function observeAccount(
  db: HandlebookDatabase,
  ref: AccountRef,
  seen: { displayName?: string; followers?: number },
  now: number,
): Promise<string[]> {
  return db.transaction('rw', [...customerWriteTables(db), ...historyWriteTables(db)], async () => {
    const changed: string[] = [];
    let byId = ref.userId ? await getCustomer(db, userIdKey(ref.userId)) : undefined;
    const byHandle = await findCustomerByHandle(db, ref.handle);

    if (ref.userId && byHandle && byHandle.key !== byId?.key && !byHandle.userId) {
      // First time we learn this handle's permanent id: fold the handle record in.
      const merged = mergeIntoIdRecord(byHandle, byId, ref.userId, now);
      await writeCustomers(db, { delete: [byHandle.key], put: [merged], mergedInto: { [byHandle.key]: merged.key } });
      const history = await readHistory(db, byHandle.key);
      await writeHistory(db, { remove: history, put: history.map((i) => ({ ...i, customerKey: merged.key })) });
      changed.push(byHandle.key, merged.key);
      byId = merged;
    }

    const record = byId ?? (ref.userId ? undefined : byHandle);
    if (!record) return changed;
    let next = withCurrentHandle(record, ref.handle, now);
    if (seen.displayName && seen.displayName !== next.displayName) {
      next = { ...next, displayName: seen.displayName, updatedAt: now };
    }
    if (seen.followers !== undefined && seen.followers !== next.followers) {
      next = { ...next, followers: seen.followers, updatedAt: now };
    }
    if (next !== record) {
      await writeCustomers(db, { put: [next] });
      changed.push(next.key);
    }
    return [...new Set(changed)];
  });
}

/** The record for an account, or a new one (stored by the caller's write) when there is none. */
async function findOrCreate(
  db: HandlebookDatabase,
  ref: AccountRef,
  displayName: string,
  now: number,
): Promise<Customer> {
  return (await findCustomer(db, ref)) ?? emptyCustomer(ref, displayName, now);
}

export async function addNote(
  db: HandlebookDatabase,
  ref: AccountRef,
  displayName: string,
  text: string,
  now: number,
): Promise<Customer> {
  return db.transaction('rw', customerWriteTables(db), async () => {
    const customer = await findOrCreate(db, ref, displayName, now);
    const note = { id: newId(), text, createdAt: now, updatedAt: now };
    const next = { ...customer, notes: [...customer.notes, note], updatedAt: now };
    await writeCustomers(db, { put: [next] });
    return next;
  });
}

export class MissingRecordError extends Error {
  constructor(what: string) {
    super(`${what} was not found (it may have been deleted in another tab)`);
    // Not "NotFoundError": Dexie turns errors of that name into its own DOMException wrapper.
    this.name = 'MissingRecordError';
  }
}

export async function updateNote(
  db: HandlebookDatabase,
  key: string,
  noteId: string,
  text: string,
  now: number,
): Promise<Customer> {
  return db.transaction('rw', customerWriteTables(db), async () => {
    const customer = await getCustomer(db, key);
    if (!customer) throw new MissingRecordError('This customer');
    if (!customer.notes.some((n) => n.id === noteId)) throw new MissingRecordError('This note');
    const notes = customer.notes.map((n) => (n.id === noteId ? { ...n, text, updatedAt: now } : n));
    const next = { ...customer, notes, updatedAt: now };
    await writeCustomers(db, { put: [next] });
    return next;
  });
}

export async function deleteNote(db: HandlebookDatabase, key: string, noteId: string, now: number): Promise<Customer> {
  return db.transaction('rw', customerWriteTables(db), async () => {
    const customer = await getCustomer(db, key);
    if (!customer) throw new MissingRecordError('This customer');
    const next = { ...customer, notes: customer.notes.filter((n) => n.id !== noteId), updatedAt: now };
    await writeCustomers(db, { put: [next] });
    return next;
  });
}

export interface CustomerPatch {
  displayName?: string;
  tags?: string[];
  status?: CaseStatus;
  fields?: Record<string, string>;
}

/** Edits the person's own fields on a customer, creating the record on first edit. */
export async function updateCustomer(
  db: HandlebookDatabase,
  ref: AccountRef,
  displayName: string,
  patch: CustomerPatch,
  now: number,
): Promise<Customer> {
  return db.transaction('rw', customerWriteTables(db), async () => {
    const customer = await findOrCreate(db, ref, displayName, now);
    const next: Customer = {
      ...customer,
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
      ...(patch.tags !== undefined ? { tags: [...new Set(patch.tags)] } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.fields !== undefined ? { fields: patch.fields } : {}),
      updatedAt: now,
    };
    // A case set to wait on us starts its clock now (unless a logged tweet already started
    // it); any other status stops it.
    if (patch.status !== undefined) {
      if (patch.status === 'open' || patch.status === 'waiting_us') next.waitingSince = customer.waitingSince ?? now;
      else delete next.waitingSince;
    }
    await writeCustomers(db, { put: [next] });
    return next;
  });
}

export async function getCustomerByKey(db: HandlebookDatabase, key: string): Promise<Customer | undefined> {
  return getCustomer(db, key);
}

export { handleKey };
