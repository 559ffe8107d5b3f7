import type { Customer } from '@/lib/db/types';

/** Case-insensitive match on handle, name, note text, tags and custom field values. */
export function customerMatches(customer: Customer, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const q0 = q.startsWith('@') ? q.slice(1) : q;
  if (customer.handleLower.includes(q0)) return true;
  if (customer.displayName.toLowerCase().includes(q)) return true;
  if (customer.tags.some((t) => t.toLowerCase().includes(q))) return true;
  if (customer.notes.some((n) => n.text.toLowerCase().includes(q))) return true;
  return Object.values(customer.fields).some((v) => v.toLowerCase().includes(q));
}
