import { REPEAT_THRESHOLD, REPEAT_WINDOW_MS } from '../db/interactions';
import { DAY_MS, type ActivityEntry } from '../db/activity-days';
import type { Customer } from '../db/types';
import { isWaitingOnUs } from './query';

// The dashboard's overview: what needs an answer, how fast we answer, who keeps coming back.
// Pure functions over arrays; the page reads the customers and the activity by day
// (lib/db/activity-days.ts) with liveQuery.

export { DAY_MS };
export const RESPONSE_WINDOW_MS = 7 * DAY_MS;
export { REPEAT_THRESHOLD, REPEAT_WINDOW_MS };

export interface OpenCase {
  customer: Customer;
  /** How long the case has waited on us; undefined when the case was opened by hand with no tweet logged. */
  waitingMs: number | undefined;
}

/**
 * Cases that need us (status open or waiting on us), the longest waiting first. Cases without
 * a waiting time (opened by hand) follow, least recently contacted first.
 */
export function openCases(customers: readonly Customer[], now: number): OpenCase[] {
  const open = customers.filter((c) => c.status === 'open' || c.status === 'waiting_us');
  open.sort((a, b) => {
    const x = isWaitingOnUs(a) ? a.waitingSince! : undefined;
    const y = isWaitingOnUs(b) ? b.waitingSince! : undefined;
    if (x !== undefined && y !== undefined) return x - y || compareKeys(a, b);
    if (x !== undefined) return -1;
    if (y !== undefined) return 1;
    return a.lastContact - b.lastContact || compareKeys(a, b);
  });
  return open.map((customer) => ({
    customer,
    waitingMs: isWaitingOnUs(customer) ? Math.max(0, now - customer.waitingSince!) : undefined,
  }));
}

function compareKeys(a: Customer, b: Customer): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Median of a list of numbers; undefined for an empty list. */
export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ResponseStats {
  /** Median first-response time; undefined when no case was answered in the window. */
  medianMs: number | undefined;
  /** How many answered cases the median covers. */
  cases: number;
}

/**
 * Median first-response time over replies that answered a waiting case (they carry
 * `responseMs`) sent within the window before `now` (the last 7 days by default).
 */
export function firstResponseStats(
  interactions: readonly ActivityEntry[],
  now: number,
  windowMs: number = RESPONSE_WINDOW_MS,
): ResponseStats {
  const since = now - windowMs;
  const times: number[] = [];
  for (const i of interactions) {
    if (i.responseMs !== undefined && i.at >= since && i.at <= now) times.push(i.responseMs);
  }
  return { medianMs: median(times), cases: times.length };
}

export interface RepeatCustomer {
  customerKey: string;
  /** Interactions in the window. */
  count: number;
  /** The most recent of them. */
  lastAt: number;
}

/**
 * Customers with `threshold` or more interactions (either direction) within the window before
 * `now` (3 in 30 days by default, as the badge counts), most interactions first.
 */
export function repeatCustomers(
  interactions: readonly ActivityEntry[],
  now: number,
  options: { windowMs?: number; threshold?: number } = {},
): RepeatCustomer[] {
  const since = now - (options.windowMs ?? REPEAT_WINDOW_MS);
  const threshold = options.threshold ?? REPEAT_THRESHOLD;
  const byCustomer = new Map<string, RepeatCustomer>();
  for (const i of interactions) {
    if (i.at <= since) continue;
    const entry = byCustomer.get(i.customerKey);
    if (entry) {
      entry.count++;
      if (i.at > entry.lastAt) entry.lastAt = i.at;
    } else byCustomer.set(i.customerKey, { customerKey: i.customerKey, count: 1, lastAt: i.at });
  }
  return [...byCustomer.values()]
    .filter((r) => r.count >= threshold)
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt || (a.customerKey < b.customerKey ? -1 : 1));
}
