import type { Customer, Interaction } from '@/lib/db/types';

/** A customer with sensible defaults; `handle` decides the key. */
export function customer(handle: string, over: Partial<Customer> = {}): Customer {
  return {
    key: `h:${handle.toLowerCase()}`,
    handle,
    handleLower: handle.toLowerCase(),
    handleHistory: [],
    displayName: handle,
    tags: [],
    status: 'none',
    notes: [],
    fields: {},
    firstSeen: 1_000,
    lastContact: 0,
    interactionCount: 0,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...over,
  };
}

let next = 0;
export function interaction(customerKey: string, at: number, over: Partial<Interaction> = {}): Interaction {
  const id = `i${next++}`;
  return { id, customerKey, direction: 'in', excerpt: '', text: '', at, dedupeKey: id, ...over };
}

export function note(text: string, createdAt: number) {
  return { id: `n${createdAt}-${text.length}`, text, createdAt, updatedAt: createdAt };
}

/** n synthetic customers with notes, tags, fields and spread-out dates (deterministic). */
export function manyCustomers(n: number): Customer[] {
  const tags = ['vip', 'refund', 'beta', 'press', 'churn-risk', 'partner'];
  const statuses = ['none', 'open', 'waiting_us', 'waiting_them', 'resolved'] as const;
  const out: Customer[] = new Array(n);
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < n; i++) {
    const handle = `user_${i.toString(36)}`;
    const status = statuses[i % statuses.length]!;
    out[i] = customer(handle, {
      displayName: `Customer ${i} ${i % 7 === 0 ? 'Müller' : 'Smith'}`,
      tags: tags.filter((_, t) => (i + t) % 4 === 0),
      status,
      notes: [note(`Order #${100000 + i} shipped late; promised a voucher. Ticket ${i}`, 1_000 + i), note('Prefers DMs in the morning', 2_000 + i)],
      fields: { order_id: `ORD-${i}`, email: `user${i}@example.com` },
      lastContact: i % 10 === 0 ? 0 : Math.floor(rand() * 1e12),
      interactionCount: Math.floor(rand() * 50),
      ...(status === 'open' || status === 'waiting_us' ? { waitingSince: Math.floor(rand() * 1e12) } : {}),
      updatedAt: 5_000 + i,
    });
  }
  return out;
}
