import { expect } from 'vitest';
import { handleRowsOf, type HandleRow } from '@/lib/db/customer-handles';
import type { HandlebookDatabase } from '@/lib/db/database';
import type { Customer } from '@/lib/db/types';

const byHandle = (rows: HandleRow[]) => [...rows].sort((a, b) => (a.handle < b.handle ? -1 : 1));

/**
 * The stored rows of who has which handle are exactly those built from scratch from `customers`,
 * summary for summary: no handle left behind by a write, none missing, none stale.
 */
export async function expectHandlesOf(db: HandlebookDatabase, customers: readonly Customer[]): Promise<void> {
  expect(byHandle(await db.customerHandles.toArray())).toEqual(byHandle(handleRowsOf(customers)));
}
