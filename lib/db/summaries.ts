import type { Assignee, CaseStatus, Customer } from './types';

/** How many interaction times a customer record keeps (Customer.recentAt). */
export const RECENT_KEPT = 10;

/**
 * `recentAt` after one more interaction at `at`: undefined stays undefined while earlier
 * interactions exist (their times are unknown, so the list could not be complete).
 */
export function withRecent(customer: Pick<Customer, 'recentAt' | 'interactionCount'>, at: number): number[] | undefined {
  if (!customer.recentAt && customer.interactionCount > 0) return undefined;
  return [...(customer.recentAt ?? []), at].sort((a, b) => b - a).slice(0, RECENT_KEPT);
}

/** Both records' recent times (a merge), or undefined when either list is not complete. */
export function mergeRecent(a: Pick<Customer, 'recentAt' | 'interactionCount'>, b: Pick<Customer, 'recentAt' | 'interactionCount'>): number[] | undefined {
  const known = (c: typeof a) => c.recentAt ?? (c.interactionCount === 0 ? [] : undefined);
  const [x, y] = [known(a), known(b)];
  return x && y ? [...x, ...y].sort((p, q) => q - p).slice(0, RECENT_KEPT) : undefined;
}

/** What a badge needs to know about a customer: small, so a batch of 50 is cheap to send. */
export interface CustomerSummary {
  key: string;
  handle: string;
  userId?: string;
  displayName: string;
  tags: string[];
  status: CaseStatus;
  noteCount: number;
  interactionCount: number;
  lastContact: number;
  waitingSince?: number;
  /** Who owns the case (team mode): the badge names them when it is someone else. */
  assignee?: Assignee;
  /** Interactions in the last 30 days (computed only for customers with 3 or more in all; at most
   *  RECENT_KEPT when read from the customer record). */
  recentInteractions: number;
}

/**
 * The customer fields a summary is made of. `recentAt` stays raw: the 30-day count depends on
 * when the lookup runs.
 */
export interface SummaryBasis extends Omit<CustomerSummary, 'recentInteractions'> {
  recentAt?: number[];
}

export function summaryBasis(customer: Customer): SummaryBasis {
  return {
    key: customer.key,
    handle: customer.handle,
    ...(customer.userId ? { userId: customer.userId } : {}),
    displayName: customer.displayName,
    tags: customer.tags,
    status: customer.status,
    noteCount: customer.notes.length,
    interactionCount: customer.interactionCount,
    lastContact: customer.lastContact,
    ...(customer.waitingSince !== undefined ? { waitingSince: customer.waitingSince } : {}),
    ...(customer.recentAt ? { recentAt: customer.recentAt } : {}),
    ...(customer.assignee ? { assignee: { member: customer.assignee.member, name: customer.assignee.name } } : {}),
  };
}

export function summaryOf(basis: SummaryBasis, recentInteractions = 0): CustomerSummary {
  const { recentAt: _kept, ...summary } = basis;
  return { ...summary, recentInteractions };
}

export function summarize(customer: Customer, recentInteractions = 0): CustomerSummary {
  return summaryOf(summaryBasis(customer), recentInteractions);
}
