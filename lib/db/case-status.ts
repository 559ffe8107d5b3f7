import type { CaseStatus } from './types';

/** An open case: one that still needs someone (the badge names its owner, "Mine" lists it). */
export function isOpenCase(customer: { status: CaseStatus }): boolean {
  return customer.status === 'open' || customer.status === 'waiting_us' || customer.status === 'waiting_them';
}
