import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { browser } from 'wxt/browser';
import { getReadDatabase } from '@/lib/db/reader';
import { readAllCustomers } from '@/lib/db/customer-store';
import { customerMatches } from '../customer-search';
import { PageStatus } from './PageStatus';
import { SampleLine } from './SampleLine';
import { WhatsNew } from './WhatsNew';
import { TriagePanel } from './TriagePanel';

/** Toolbar popup: quick search over customers and a way into the dashboard. */
export function Popup() {
  const db = getReadDatabase();
  const [query, setQuery] = useState('');
  // The most recently changed first.
  const customers = useLiveQuery(async () => (await readAllCustomers(db)).sort((a, b) => b.updatedAt - a.updatedAt), [], undefined);
  const matches = (customers ?? []).filter((c) => customerMatches(c, query)).slice(0, 8);
  return (
    <div className="hb-page hb-popup">
      <h1>Handlebook</h1>
      <WhatsNew />
      <PageStatus />
      <SampleLine />
      <TriagePanel />
      <input
        type="search"
        autoFocus
        aria-label="Search customers"
        placeholder="Search customers"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul className="hb-popup-list">
        {matches.map((c) => (
          <li key={c.key}>
            <strong dir="auto">{c.displayName}</strong> <span className="hb-muted">@{c.handle}</span>
            {c.notes.length > 0 && <div className="hb-muted hb-clip" dir="auto">{c.notes[c.notes.length - 1]!.text}</div>}
          </li>
        ))}
      </ul>
      <p className="hb-muted">{customers === undefined ? 'Loading…' : `${customers.length} customers stored in this browser`}</p>
      <button
        type="button"
        className="hb-primary"
        onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') })}
      >
        Open dashboard
      </button>
      <button type="button" className="hb-link-button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') })}>
        How Handlebook works
      </button>
    </div>
  );
}
