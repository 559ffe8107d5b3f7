import { forwardRef, useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { readHistory } from '@/lib/db/history-store';
import type { Customer } from '@/lib/db/types';
import { exportFileName, historyToCsv } from '@/lib/customers/csv-export';
import { CustomerCard } from '../CustomerCard';
import { customerActions } from '../customer-actions';
import { downloadText } from '../download';
import { errorMessage, plural } from './format';
import type { Notify } from './Toast';
import type { TeamRoster } from '@/lib/messages/protocol';

export interface CustomerPanelProps {
  customer: Customer;
  knownTags: string[];
  onClose: () => void;
  onError: (message: string) => void;
  notify: Notify;
  roster: TeamRoster;
}

/**
 * The side panel: the full customer card (editable; every write is a message to the
 * background) with the customer's history, and a CSV export of that history.
 */
export const CustomerPanel = forwardRef<HTMLElement, CustomerPanelProps>(function CustomerPanel(
  { customer, knownTags, onClose, onError, notify, roster },
  ref,
) {
  const db = getReadDatabase();
  const key = customer.key;
  // Tagged with the key: while another customer's history loads, the hook still returns the last one.
  const loaded = useLiveQuery(
    async () => ({
      key,
      list: (await readHistory(db, key)).reverse(),
    }),
    [key],
  );
  const interactions = loaded?.key === key ? loaded.list : undefined;
  const { handle, userId, displayName } = customer;
  const actions = useMemo(
    () => customerActions(userId ? { handle, userId } : { handle }, displayName),
    [handle, userId, displayName],
  );

  const exportHistory = () => {
    try {
      const list = interactions ?? [];
      downloadText(exportFileName(`history-${handle}`), historyToCsv(list, handle));
      notify({ message: `Exported ${plural(list.length, 'interaction')} of @${handle}` });
    } catch (error) {
      onError(`Export failed: ${errorMessage(error)}`);
    }
  };

  return (
    <aside
      ref={ref}
      className="hb-panel hb-side"
      aria-label={`Customer @${handle}`}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="hb-side-bar">
        <button type="button" className="hb-btn" onClick={exportHistory} disabled={!interactions?.length}>
          Export history
        </button>
        <button type="button" className="hb-icon-btn" aria-label="Close customer" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </div>
      {interactions === undefined ? (
        <p className="hb-muted" role="status">
          Loading…
        </p>
      ) : (
        <CustomerCard
          key={key}
          customer={customer}
          handle={handle}
          displayName={displayName}
          interactions={interactions}
          knownTags={knownTags}
          actions={actions}
          onError={onError}
          roster={roster}
        />
      )}
    </aside>
  );
});
