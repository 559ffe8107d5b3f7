import { mergeRecent } from './summaries';
import type { Customer } from './types';

// How an X account maps to one customer record. X's numeric user id never changes; handles
// do. So a record is keyed by id once the page showed it, by lower-cased handle until then.

export interface AccountRef {
  handle: string;
  userId?: string;
}

const HANDLE_PATTERN = /^[A-Za-z0-9_]{1,20}$/;
const USER_ID_PATTERN = /^[0-9]{1,20}$/;

export function isValidHandle(handle: string): boolean {
  return HANDLE_PATTERN.test(handle);
}

export function isValidUserId(userId: string): boolean {
  return USER_ID_PATTERN.test(userId);
}

export function handleKey(handle: string): string {
  return `h:${handle.toLowerCase()}`;
}

export function userIdKey(userId: string): string {
  return `id:${userId}`;
}

/** The key a brand-new record for this account gets. */
export function keyForAccount(ref: AccountRef): string {
  return ref.userId ? userIdKey(ref.userId) : handleKey(ref.handle);
}

export function emptyCustomer(ref: AccountRef, displayName: string, now: number): Customer {
  return {
    key: keyForAccount(ref),
    ...(ref.userId ? { userId: ref.userId } : {}),
    handle: ref.handle,
    handleLower: ref.handle.toLowerCase(),
    handleHistory: [],
    displayName,
    tags: [],
    status: 'none',
    notes: [],
    fields: {},
    firstSeen: now,
    lastContact: 0,
    interactionCount: 0,
    recentAt: [],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The record an id-keyed customer becomes when it shows up under `handle`: a new handle is
 * recorded in the history ("formerly @old"), case-only changes are not a change.
 */
export function withCurrentHandle(customer: Customer, handle: string, now: number): Customer {
  if (customer.handleLower === handle.toLowerCase()) {
    return customer.handle === handle ? customer : { ...customer, handle, updatedAt: now };
  }
  return {
    ...customer,
    handle,
    handleLower: handle.toLowerCase(),
    // "Formerly" never lists the current handle (an account can take an old handle back).
    handleHistory: [
      ...customer.handleHistory.filter((h) => h.handle.toLowerCase() !== handle.toLowerCase()),
      { handle: customer.handle, changedAt: now },
    ],
    updatedAt: now,
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * Folds a handle-keyed record into the id-keyed one (or makes it id-keyed) when the page
 * first reveals the user id for that handle. Nothing the person wrote is dropped: notes,
 * tags, fields and counts are combined; the id record's own values win on conflict.
 */
export function mergeIntoIdRecord(
  byHandle: Customer,
  byId: Customer | undefined,
  userId: string,
  now: number,
): Customer {
  if (!byId) {
    return { ...byHandle, key: userIdKey(userId), userId, updatedAt: now };
  }
  const notes = [...byId.notes, ...byHandle.notes.filter((n) => !byId.notes.some((m) => m.id === n.id))];
  notes.sort((a, b) => a.createdAt - b.createdAt);
  const waiting = [byId.waitingSince, byHandle.waitingSince].filter((v): v is number => v !== undefined);
  const recentAt = mergeRecent(byId, byHandle);
  const { recentAt: _replaced, ...base } = byId;
  return {
    ...base,
    tags: unique([...byId.tags, ...byHandle.tags]),
    notes,
    fields: { ...byHandle.fields, ...byId.fields },
    status: byId.status !== 'none' ? byId.status : byHandle.status,
    firstSeen: Math.min(byId.firstSeen, byHandle.firstSeen),
    lastContact: Math.max(byId.lastContact, byHandle.lastContact),
    interactionCount: byId.interactionCount + byHandle.interactionCount,
    ...(recentAt ? { recentAt } : {}),
    ...(waiting.length ? { waitingSince: Math.min(...waiting) } : {}),
    displayName: byId.displayName || byHandle.displayName,
    createdAt: Math.min(byId.createdAt, byHandle.createdAt),
    updatedAt: now,
  };
}
