import type { AccountRef } from '@/lib/db/identity';
import type { Customer } from '@/lib/db/types';
import type { CustomerPatch } from '@/lib/db/customers';
import { request } from '@/lib/messages/client';

/** Everything a customer card can change, each a message to the background. */
export interface CustomerActions {
  addNote(text: string): Promise<Customer>;
  updateNote(key: string, noteId: string, text: string): Promise<Customer>;
  deleteNote(key: string, noteId: string): Promise<Customer>;
  update(patch: CustomerPatch): Promise<Customer>;
  /** Team mode: give the case to a member ('me', a member id) or to nobody (null). */
  assign(to: string | null): Promise<Customer>;
}

export function customerActions(ref: AccountRef, displayName: string): CustomerActions {
  return {
    addNote: async (text) => (await request('notes.add', { ref, displayName, text })).customer,
    updateNote: async (key, noteId, text) => (await request('notes.update', { key, noteId, text })).customer,
    deleteNote: async (key, noteId) => (await request('notes.delete', { key, noteId })).customer,
    update: async (patch) => (await request('customers.update', { ref, displayName, patch })).customer,
    assign: async (to) => (await request('customers.assign', { ref, displayName, to })).customer,
  };
}
