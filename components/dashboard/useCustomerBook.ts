import { useEffect, useState } from 'react';
import Dexie, { type ObservabilitySet } from 'dexie';
import { getReadDatabase } from '@/lib/db/reader';
import type { Customer } from '@/lib/db/types';
import { BookSync } from '@/lib/customers/book';
import { customerBlockReader, customerBlocksPart } from '@/lib/db/customer-store';
import { errorMessage } from './format';

export type BookState =
  | { status: 'loading' }
  | { status: 'ready'; customers: Customer[] }
  | { status: 'error'; error: string };

/**
 * Every customer, read once, then kept current by re-reading only the blocks each write
 * touched, as Dexie announces them from any context (see lib/customers/book.ts).
 */
export function useCustomerBook(): BookState {
  const [state, setState] = useState<BookState>({ status: 'loading' });
  useEffect(() => {
    const db = getReadDatabase();
    const sync = new BookSync(
      customerBlockReader(db),
      customerBlocksPart(db.name),
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
