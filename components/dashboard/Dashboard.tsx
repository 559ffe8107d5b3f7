import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import type { Customer } from '@/lib/db/types';
import { CustomerCard } from '../CustomerCard';
import { customerActions } from '../customer-actions';
import { customerMatches } from '../customer-search';
import { STATUS_LABELS } from '@/lib/content/badge-label';

/** The full-tab dashboard: every customer, newest activity first, editable in place. */
export function Dashboard() {
  const db = getReadDatabase();
  const [query, setQuery] = useState('');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const customers = useLiveQuery(() => db.customers.orderBy('updatedAt').reverse().toArray(), [], undefined);
  const shown = (customers ?? []).filter((c) => customerMatches(c, query));
  const selected = customers?.find((c) => c.key === selectedKey) ?? null;

  return (
    <div className="hb-page hb-dashboard">
      <header className="hb-page-header">
        <h1>Handlebook</h1>
        <input
          type="search"
          aria-label="Search customers"
          placeholder="Search handle, name, notes, tags, fields"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="hb-muted" aria-live="polite">
          {customers === undefined ? 'Loading…' : `${shown.length} of ${customers.length} customers`}
        </span>
      </header>
      {error && (
        <p className="hb-error" role="alert">
          {error}
        </p>
      )}
      <main className="hb-dashboard-main">
        <CustomerList customers={shown} selectedKey={selectedKey} onSelect={setSelectedKey} />
        {selected && (
          <aside className="hb-panel hb-panel-static" aria-label={`Customer @${selected.handle}`}>
            <CustomerCard
              key={selected.key}
              customer={selected}
              handle={selected.handle}
              displayName={selected.displayName}
              interactions={[]}
              knownTags={[]}
              actions={customerActions(
                selected.userId ? { handle: selected.handle, userId: selected.userId } : { handle: selected.handle },
                selected.displayName,
              )}
              onError={setError}
            />
          </aside>
        )}
      </main>
    </div>
  );
}

function CustomerList({
  customers,
  selectedKey,
  onSelect,
}: {
  customers: Customer[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
}) {
  if (!customers.length) {
    return <p className="hb-empty">No customers yet. Write a note from a badge on x.com to add one.</p>;
  }
  return (
    <table className="hb-table">
      <thead>
        <tr>
          <th scope="col">Customer</th>
          <th scope="col">Tags</th>
          <th scope="col">Case</th>
          <th scope="col">Latest note</th>
        </tr>
      </thead>
      <tbody>
        {customers.map((c) => {
          const latest = c.notes.reduce<Customer['notes'][number] | undefined>(
            (a, n) => (!a || n.createdAt > a.createdAt ? n : a),
            undefined,
          );
          return (
            <tr key={c.key} aria-selected={c.key === selectedKey} data-customer={c.handleLower}>
              <td>
                <button type="button" className="hb-link-button" onClick={() => onSelect(c.key)}>
                  <span dir="auto">{c.displayName}</span> <span className="hb-muted">@{c.handle}</span>
                </button>
              </td>
              <td dir="auto">{c.tags.join(', ')}</td>
              <td>{STATUS_LABELS[c.status]}</td>
              <td className="hb-note-cell" dir="auto">
                {latest?.text ?? ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
