import type { CaseStatus, Customer } from './types';

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
  /** Interactions in the last 30 days (computed only for customers with 3 or more in all). */
  recentInteractions: number;
}

export function summarize(customer: Customer, recentInteractions = 0): CustomerSummary {
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
    recentInteractions,
  };
}
