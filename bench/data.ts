// Deterministic generated data for the benchmark, shared by Node and the in-browser tools
// (bench/page/extension-tools.ts is bundled with this file). Plain functions, no randomness
// except the seeded generator, so every run measures the same rows.

import { RECENT_KEPT } from '../lib/db/summaries';
import { seededRandom } from '../tests/fixtures/x/data';
import type { CaseStatus, Customer, Interaction } from '../lib/db/types';

export const CUSTOMERS = 100_000;
/** Interactions per customer by `i % 5`: most have a few, some many; 25 per 5 = 500,000 in all. */
const HISTORY = [1, 2, 3, 5, 14] as const;
export const INTERACTIONS = CUSTOMERS * 5;

// The replica's seeded PRNG (mulberry32): bench data is the same on every run.
export { seededRandom };

const DAY = 24 * 60 * 60 * 1000;
const STATUSES: readonly CaseStatus[] = ['none', 'open', 'waiting_us', 'waiting_them', 'resolved'];
const TAGS: readonly (readonly string[])[] = [[], ['vip'], ['refund', 'billing'], [], ['wholesale'], ['late-delivery'], []];
const PHRASES = [
  'my order NW-{n} still has not arrived, can you check?',
  'thanks for sorting the refund so quickly ☕',
  'charged twice for NW-{n}, card ending 4411',
  'tracking https://northwind.example/track/{n} says delivered but nothing here',
  '注文 NW-{n} のキャンセルをお願いします 🙏',
  'can you change the delivery address for NW-{n}?',
];


export function customerHandle(i: number): string {
  return `cust_${i}`;
}

/** Every other customer is keyed by X's numeric id (the page showed it), the rest by handle. */
export function customerUserId(i: number): string | undefined {
  return i % 2 === 0 ? `16${String(i).padStart(17, '0')}` : undefined;
}

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, '0').slice(-width);
}

function phrase(i: number, j: number): string {
  return (PHRASES[(i + j) % PHRASES.length] ?? '').replace('{n}', String(10_000 + ((i * 7 + j) % 89_999)));
}

/** Customer `i` with its history, ending `now` (some interactions fall in the last 30 days). */
export function customerWithHistory(i: number, now: number): { customer: Customer; interactions: Interaction[] } {
  const userId = customerUserId(i);
  const handle = customerHandle(i);
  const key = userId ? `id:${userId}` : `h:${handle}`;
  const count = HISTORY[i % HISTORY.length] ?? 1;
  const interactions: Interaction[] = [];
  for (let j = 0; j < count; j++) {
    const direction = j % 2 === 0 ? 'in' : 'out';
    const tweetId = `18${String(i * 20 + j).padStart(17, '0')}`;
    const text = `@northwind_help ${phrase(i, j)}`;
    interactions.push({
      id: `${hex(i, 8)}-${hex(j, 4)}-4000-8000-${hex(i * 31 + j, 12)}`,
      customerKey: key,
      direction,
      tweetId,
      ...(direction === 'out' ? { inReplyToId: `18${String(i * 20 + j - 1).padStart(17, '0')}`, responseMs: 600_000 + (i % 50) * 60_000 } : {}),
      excerpt: text.slice(0, 80),
      text,
      at: now - (j * 9 + (i % 7)) * DAY - (i % 1000) * 1000,
      ...(direction === 'out' && j % 4 === 1 ? { templateId: `tpl-${j % 50}` } : {}),
      dedupeKey: `${direction}:${tweetId}`,
    });
  }
  const status = STATUSES[i % STATUSES.length] ?? 'none';
  const first = now - 400 * DAY + (i % 300) * DAY;
  const lastContact = Math.max(...interactions.map((x) => x.at));
  const customer: Customer = {
    key,
    ...(userId ? { userId } : {}),
    handle,
    handleLower: handle,
    handleHistory: i % 50 === 0 ? [{ handle: `old_${i}`, changedAt: first + DAY }] : [],
    displayName: `Customer ${i}`,
    tags: [...(TAGS[i % TAGS.length] ?? [])],
    status,
    notes: i % 10 === 0 ? [{ id: `note-${i}`, text: `Prefers DMs. Order history: NW-${10_000 + i}. Asked about wholesale pricing.`, createdAt: first, updatedAt: first }] : [],
    fields: i % 4 === 0 ? { order_id: `NW-${10_000 + i}`, email: `c${i}@example.com` } : {},
    followers: (i * 37) % 20_000,
    firstSeen: first,
    lastContact,
    interactionCount: count,
    // As the product writes it (lib/db/summaries.ts withRecent): the newest times, newest first.
    recentAt: interactions.map((x) => x.at).sort((a, b) => b - a).slice(0, RECENT_KEPT),
    ...(status === 'open' || status === 'waiting_us' ? { waitingSince: lastContact } : {}),
    createdAt: first,
    updatedAt: lastContact,
  };
  return { customer, interactions };
}

/** Customers [from, to) and their interactions, for one restore message. */
export function customerRows(from: number, to: number, now: number): { customers: Customer[]; interactions: Interaction[] } {
  const customers: Customer[] = [];
  const interactions: Interaction[] = [];
  for (let i = from; i < to; i++) {
    const rows = customerWithHistory(i, now);
    customers.push(rows.customer);
    for (const x of rows.interactions) interactions.push(x);
  }
  return { customers, interactions };
}

/**
 * The backup file of the whole generated book (100,000 customers, 500,000 interactions) as the
 * export writes it, ~220 MB of JSON. Built in chunks so 600,000 row objects never live at once
 * (less GC, steadier timings).
 */
export function backupText(now: number): string {
  const customers: string[] = [];
  const interactions: string[] = [];
  for (let i = 0; i < CUSTOMERS; i += 5_000) {
    const rows = customerRows(i, Math.min(CUSTOMERS, i + 5_000), now);
    customers.push(JSON.stringify(rows.customers).slice(1, -1));
    interactions.push(JSON.stringify(rows.interactions).slice(1, -1));
  }
  const head = JSON.stringify({ format: 'handlebook-backup', version: 1, exportedAt: new Date(now).toISOString() }).slice(0, -1);
  return `${head},"customers":[${customers.join(',')}],"interactions":[${interactions.join(',')}]}`;
}

/**
 * Lookup batches as badges send them: 50 authors, about half of them customers (some with the
 * numeric id the page revealed) among customers [0, customers), the rest strangers the database
 * does not know.
 */
export function lookupBatches(count: number, size: number, seed: number, customers = CUSTOMERS): { handle: string; userId?: string }[][] {
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: size }, () => {
      if (rnd() < 0.5) return { handle: `fan_${Math.floor(rnd() * 1_000_000)}` };
      const i = Math.floor(rnd() * customers);
      const userId = customerUserId(i);
      return userId && rnd() < 0.7 ? { handle: customerHandle(i), userId } : { handle: customerHandle(i) };
    }),
  );
}
