import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTeamRoster } from '../use-team-roster';
import { getReadDatabase } from '@/lib/db/reader';
import { readKnownTags } from '@/lib/db/customer-store';
import type { Customer } from '@/lib/db/types';
import { RowCache, type CustomerRow } from '@/lib/customers/query';
import { CustomerPanel } from './CustomerPanel';
import { CustomersView } from './CustomersView';
import { Overview } from './Overview';
import { Toast, type Notify, type ToastMessage } from './Toast';
import { useNow } from './hooks';
import { useCustomerBook } from './useCustomerBook';
import { TemplatesSection } from '../templates/TemplatesSection';
import { PacksSection } from '../packs/PacksSection';
import { BackupSection } from '../backup/BackupSection';
import { SettingsSection } from '../settings/SettingsSection';
import { TriageSection } from '../settings/TriageSection';
import { TeamSection } from '../team/TeamSection';

const TABS = [
  { id: 'customers', label: 'Customers' },
  { id: 'overview', label: 'Overview' },
  { id: 'triage', label: 'Watch & rules' },
  { id: 'templates', label: 'Canned replies' },
  { id: 'packs', label: 'Team packs' },
  { id: 'team', label: 'Team' },
  { id: 'backup', label: 'Backup' },
  { id: 'settings', label: 'Settings' },
] as const;

/** The replies-and-data sections, each self-contained. */
const SECTIONS = {
  triage: TriageSection,
  templates: TemplatesSection,
  packs: PacksSection,
  team: TeamSection,
  backup: BackupSection,
  settings: SettingsSection,
} as const;
type TabId = (typeof TABS)[number]['id'];

const EMPTY_ROWS: CustomerRow[] = [];

function tabFromHash(): TabId {
  const hash = location.hash.replace(/^#/, '');
  return TABS.find((t) => t.id === hash)?.id ?? 'customers';
}

/**
 * The full-tab dashboard. Reads the database directly; every change is a message to the
 * background. Customers are read once, then only the ones each write touched
 * (useCustomerBook), and kept as rows with precomputed search text (lib/customers/query.ts),
 * shared by both tabs and the side panel. Smaller reads use liveQuery.
 */
export function Dashboard() {
  const db = getReadDatabase();
  const tick = useNow();
  const [tab, setTab] = useState<TabId>(tabFromHash);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<(ToastMessage & { id: number }) | null>(null);
  const toastId = useRef(0);
  const panelRef = useRef<HTMLElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  const book = useCustomerBook();
  const roster = useTeamRoster();
  const knownTags = useLiveQuery(
    () =>
      readKnownTags(db).catch(() => [] as string[]),
    [],
    [] as string[],
  );
  const customers = book.status === 'ready' ? book.customers : undefined;
  // Relative times count from the latest load too, not only from the minute tick.
  const now = useMemo(() => Date.now(), [tick, customers]);
  const cache = useRef(new RowCache());
  const rows = useMemo(() => (customers ? cache.current.build(customers) : undefined), [customers]);
  const byKey = useMemo(() => new Map<string, Customer>((customers ?? []).map((c) => [c.key, c])), [customers]);
  const openCustomer = openKey ? byKey.get(openKey) : undefined;

  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const selectTab = (id: TabId, focus = false) => {
    setTab(id);
    history.replaceState(null, '', `#${id}`);
    if (focus) tabRefs.current[id]?.focus();
  };
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const moves: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = TABS[(moves[e.key]! + TABS.length) % TABS.length]!;
    selectTab(next.id, true);
  };

  const notify: Notify = useCallback((t) => setToast({ ...t, id: ++toastId.current }), []);
  const dismissToast = useCallback(() => setToast(null), []);
  const onError = useCallback((message: string) => setError(message), []);

  const open = useCallback((key: string) => {
    const active = document.activeElement;
    // Remember where to return on close (not when switching from one customer to another).
    if (active instanceof HTMLElement && !panelRef.current?.contains(active)) returnFocus.current = active;
    setOpenKey(key);
  }, []);
  const close = useCallback(() => {
    setOpenKey(null);
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target?.isConnected) target.focus();
  }, []);

  // Move focus into the panel when it opens or shows another customer, so it is announced.
  const panelShown = openCustomer !== undefined;
  useEffect(() => {
    if (openKey && panelShown) panelRef.current?.focus({ preventScroll: true });
  }, [openKey, panelShown]);

  return (
    <div className="hb-dash">
      <header className="hb-dash-header">
        <h1 className="hb-brand">Handlebook</h1>
        <div className="hb-tabs" role="tablist" aria-label="Dashboard sections" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`hb-tab-${t.id}`}
              aria-controls={`hb-panel-${t.id}`}
              aria-selected={tab === t.id}
              tabIndex={tab === t.id ? 0 : -1}
              className="hb-tab"
              onClick={() => selectTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
      </header>
      {error && (
        <div className="hb-error hb-banner" role="alert">
          <span>{error}</span>
          <button type="button" className="hb-icon-btn" aria-label="Dismiss error" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}
      {book.status === 'error' && (
        <div className="hb-error hb-banner" role="alert">
          Could not read the customers: {book.error}. Reload the page to try again.
        </div>
      )}
      <div className="hb-dash-body">
        <main className="hb-dash-main">
          <section
            id="hb-panel-customers"
            role="tabpanel"
            aria-labelledby="hb-tab-customers"
            className="hb-tabpanel hb-tabpanel-customers"
            hidden={tab !== 'customers'}
          >
            <CustomersView
              rows={book.status === 'error' ? EMPTY_ROWS : rows}
              byKey={byKey}
              knownTags={knownTags}
              now={now}
              openKey={openKey}
              onOpen={open}
              onError={onError}
              notify={notify}
              roster={roster}
            />
          </section>
          {tab === 'overview' && (
            <section id="hb-panel-overview" role="tabpanel" aria-labelledby="hb-tab-overview" className="hb-tabpanel hb-tabpanel-overview">
              <Overview customers={customers} byKey={byKey} now={now} onOpen={open} roster={roster} />
            </section>
          )}
          {(Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]).map((id) => {
            if (tab !== id) return null;
            const Section = SECTIONS[id];
            return (
              <section key={id} id={`hb-panel-${id}`} role="tabpanel" aria-labelledby={`hb-tab-${id}`} className={`hb-tabpanel hb-tabpanel-${id}`}>
                <Section />
              </section>
            );
          })}
        </main>
        {openCustomer && (
          <CustomerPanel
            ref={panelRef}
            customer={openCustomer}
            knownTags={knownTags}
            onClose={close}
            onError={onError}
            notify={notify}
            roster={roster}
          />
        )}
      </div>
      <Toast toast={toast} onDone={dismissToast} onError={onError} />
    </div>
  );
}
