import { useEffect, useState } from 'react';
import Dexie, { type ObservabilitySet } from 'dexie';
import { getReadDatabase } from '@/lib/db/reader';
import type { Customer } from '@/lib/db/types';
import { BookSync, customersPart } from '@/lib/customers/book';
import { errorMessage } from './format';

export type BookState =
  | { status: 'loading' }
  | { status: 'ready'; customers: Customer[] }
  | { status: 'error'; error: string };

/**
 * Every customer, read once, then kept current by re-reading only the customers each write
 * touched, as Dexie announces them from any context (see lib/customers/book.ts).
 */
export function useCustomerBook(): BookState {
  const [state, setState] = useState<BookState>({ status: 'loading' });
  useEffect(() => {
    const db = getReadDatabase();
    const sync = new BookSync(
      {
        readAll: () => db.customers.toArray(),
        readKeys: (keys) => db.customers.bulkGet(keys),
        readSince: (updatedAt) => db.customers.where('updatedAt').aboveOrEqual(updatedAt).toArray(),
        count: () => db.customers.count(),
        allKeys: () => db.customers.toCollection().primaryKeys(),
      },
      customersPart(db.name),
      (customers) => setState({ status: 'ready', customers }),
      (error) => setState({ status: 'error', error: errorMessage(error) }),
    );
    const listener = (parts: ObservabilitySet) => sync.onMutated(parts);
    // Subscribe before the first read, so nothing written meanwhile is missed.
    Dexie.on('storagemutated', listener);
    sync.start();
    return () => {
      sync.stop();
      Dexie.on('storagemutated').unsubscribe(listener);
    };
  }, []);
  return state;
}
