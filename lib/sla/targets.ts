import type { ActivityEntry } from '../db/activity-days';
import type { CaseStatus, Customer } from '../db/types';
import type { SlaTargets } from '../settings/schema';

// Service-level targets: how long a case may stay in a status. Everything here is computed from
// stored times (when the customer started waiting, the last contact) and the clock passed in,
// never from how long a timer has been running: the worker may be stopped at any moment and
// the browser closed for a night, and the answer after a restart is the same as without one.

export const MINUTE_MS = 60_000;
export const WEEK_MS = 7 * 24 * 60 * MINUTE_MS;

/** The target for a status in ms, or undefined when the status has none. */
export function targetMsOf(targets: SlaTargets, status: CaseStatus): number | undefined {
  const minutes = status === 'open' || status === 'waiting_us' || status === 'waiting_them' ? targets[status] : undefined;
  return minutes === undefined ? undefined : minutes * MINUTE_MS;
}

/**
 * Since when a case has been in its status, as far as the book knows: a case that needs us
 * waits from the customer's logged tweet (waitingSince; none when opened by hand without one),
 * a case waiting on the customer from the last contact (our reply).
 */
export function clockStartOf(customer: Customer): number | undefined {
  if (customer.status === 'open' || customer.status === 'waiting_us') return customer.waitingSince;
  if (customer.status === 'waiting_them') return customer.lastContact > 0 ? customer.lastContact : undefined;
  return undefined;
}

export interface CaseClock {
  customer: Customer;
  /** When the clock started. */
  since: number;
  targetMs: number;
  /** since + targetMs: when the case passes (or passed) its target. */
  dueAt: number;
}

/** Every case that has a target and a start, in no particular order. */
export function caseClocks(customers: readonly Customer[], targets: SlaTargets): CaseClock[] {
  const out: CaseClock[] = [];
  for (const customer of customers) {
    const targetMs = targetMsOf(targets, customer.status);
    if (targetMs === undefined) continue;
    const since = clockStartOf(customer);
    if (since === undefined) continue;
    out.push({ customer, since, targetMs, dueAt: since + targetMs });
  }
  return out;
}

/** The cases past their target at `now` (due at or before it), the longest waiting first. */
export function pastTarget(customers: readonly Customer[], targets: SlaTargets, now: number): CaseClock[] {
  return caseClocks(customers, targets)
    .filter((c) => c.dueAt <= now)
    .sort((a, b) => a.since - b.since || (a.customer.key < b.customer.key ? -1 : a.customer.key > b.customer.key ? 1 : 0));
}

/**
 * The cases that passed their target after `checkedAt` and by `now`: what a notification has to
 * announce when the last check was at `checkedAt` (however long ago: a night with the browser
 * closed gives the cases that passed during it, once).
 */
export function crossedSince(customers: readonly Customer[], targets: SlaTargets, checkedAt: number, now: number): CaseClock[] {
  return pastTarget(customers, targets, now).filter((c) => c.dueAt > checkedAt);
}

/** When the next case will pass its target after `now`, or undefined when none is on its way. */
export function nextDue(customers: readonly Customer[], targets: SlaTargets, now: number): number | undefined {
  let next: number | undefined;
  for (const c of caseClocks(customers, targets)) if (c.dueAt > now && (next === undefined || c.dueAt < next)) next = c.dueAt;
  return next;
}

export interface WithinTarget {
  /** Cases answered in the window (replies that ended a wait). */
  answered: number;
  /** Of them, answered within the target. */
  within: number;
  /** within / answered; undefined when nothing was answered or there is no target. */
  share: number | undefined;
}

/**
 * The share of the cases answered in the window before `now` (this week: the last 7 days) that
 * were answered within the target for a case waiting on us. A reply that ended a wait carries its
 * response time (responseMs, from the customer's tweet).
 */
export function answeredWithinTarget(entries: readonly ActivityEntry[], targets: SlaTargets, now: number, windowMs = WEEK_MS): WithinTarget {
  const targetMs = targetMsOf(targets, 'waiting_us');
  let answered = 0;
  let within = 0;
  for (const e of entries) {
    if (e.responseMs === undefined || e.at <= now - windowMs || e.at > now) continue;
    answered++;
    if (targetMs !== undefined && e.responseMs <= targetMs) within++;
  }
  return { answered, within, share: answered && targetMs !== undefined ? within / answered : undefined };
}
