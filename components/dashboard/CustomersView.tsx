import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CaseStatus, Customer, Interaction } from '@/lib/db/types';
import { STATUS_LABELS } from '@/lib/content/badge-label';
import { request } from '@/lib/messages/client';
import { customersToCsv, exportFileName } from '@/lib/customers/csv-export';
import {
  DEFAULT_SORT,
  filterRows,
  isFiltered,
  narrows,
  nextSort,
  sortRows,
  type CustomerFilter,
  type CustomerRow,
  type CustomerSort,
  type SortKey,
  type StatusFilter,
  type OwnerFilter,
} from '@/lib/customers/query';
import { chunk, pruneSelection, selectionState, selectRange, toggleAll, toggleKey } from '@/lib/customers/selection';
import { BulkBar } from './BulkBar';
import { CustomerTable } from './CustomerTable';
import { downloadText } from '../download';
import { useDebounced } from './hooks';
import { errorMessage, formatCount, plural } from './format';
import type { Notify } from './Toast';
import type { TeamRoster } from '@/lib/messages/protocol';

/** Keys per bulk message: well under the protocol's limit, small enough to stay responsive. */
const BULK_CHUNK = 10_000;
/** Customers per restore message (with their interactions). */
const RESTORE_CHUNK = 2_000;
export const SEARCH_DEBOUNCE_MS = 150;

export interface CustomersViewProps {
  /** Undefined while the first load runs. */
  rows: readonly CustomerRow[] | undefined;
  byKey: ReadonlyMap<string, Customer>;
  knownTags: readonly string[];
  now: number;
  openKey: string | null;
  onOpen: (key: string) => void;
  /** Team mode: who "Mine" is and whose cases can be filtered and assigned. */
  roster: TeamRoster;
  onError: (message: string) => void;
  notify: Notify;
}

/** The customers tab: search and filters, the table, selection with bulk actions, export. */
export function CustomersView(props: CustomersViewProps) {
  const { rows, byKey, notify, onError } = props;
  const ids = { search: useId(), tag: useId(), status: useId(), owner: useId(), count: useId() };
  const searchRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const [status, setStatus] = useState<StatusFilter>('all');
  // 'any', 'unassigned' or a member id ("Mine" is this member's id).
  const [ownerChoice, setOwnerChoice] = useState('any');
  const owner: OwnerFilter = ownerChoice === 'any' || ownerChoice === 'unassigned' ? ownerChoice : { member: ownerChoice };
  const [sort, setSort] = useState<CustomerSort>(DEFAULT_SORT);
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const [busy, setBusy] = useState(false);
  const debouncedText = useDebounced(text, SEARCH_DEBOUNCE_MS);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filter: CustomerFilter = useMemo(() => ({ text: debouncedText, tag, status, owner }), [debouncedText, tag, status, ownerChoice]);

  // Sort once per data load and sort choice; typing only filters the sorted list.
  const sorted = useMemo(() => (rows ? sortRows(rows, sort) : []), [rows, sort]);
  // A search that only narrows the last one (typing on) filters the last result, not everything.
  const lastFilter = useRef<{ sorted: CustomerRow[]; filter: CustomerFilter; result: CustomerRow[] } | null>(null);
  const shown = useMemo(() => {
    const previous = lastFilter.current;
    const base = previous && previous.sorted === sorted && narrows(previous.filter, filter) ? previous.result : sorted;
    const result = filterRows(base, filter);
    lastFilter.current = { sorted, filter, result };
    return result;
  }, [sorted, filter]);
  const shownKeys = useMemo(() => shown.map((r) => r.customer.key), [shown]);
  const state = useMemo(() => selectionState(selection, shownKeys), [selection, shownKeys]);
  const hiddenSelected = useMemo(() => {
    if (!selection.size) return 0;
    const visible = new Set(shownKeys);
    let hidden = 0;
    for (const key of selection) if (!visible.has(key)) hidden++;
    return hidden;
  }, [selection, shownKeys]);
  const selectedTags = useMemo(() => {
    const tags = new Set<string>();
    for (const key of selection) for (const t of byKey.get(key)?.tags ?? []) tags.add(t);
    return [...tags].sort();
  }, [selection, byKey]);

  // Customers deleted elsewhere (another tab, undo of a merge) leave the selection.
  useEffect(() => {
    if (rows) setSelection((s) => pruneSelection(s, (key) => byKey.has(key)));
  }, [rows, byKey]);

  // "/" jumps to the search box, as on many sites.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const onToggle = useCallback(
    (key: string, range: boolean) => {
      // Read the anchor now: React may run the updater later, after it moved.
      const from = anchor.current;
      setSelection((s) => (range ? selectRange(s, shownKeys, from, key) : toggleKey(s, key)));
      anchor.current = key;
    },
    [shownKeys],
  );
  const onToggleAll = useCallback(() => setSelection((s) => toggleAll(s, shownKeys)), [shownKeys]);
  const onSort = useCallback((key: SortKey) => setSort((s) => nextSort(s, key)), []);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      onError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const selectedKeys = () => [...selection];

  const bulkUpdate = (change: { addTags?: string[]; removeTags?: string[]; status?: CaseStatus; assignTo?: string | null }, done: (n: number) => string) =>
    run(async () => {
      let updated = 0;
      for (const keys of chunk(selectedKeys(), BULK_CHUNK)) updated += (await request('customers.bulkUpdate', { keys, ...change })).updated;
      notify({ message: done(updated) });
    });

  const deleteSelected = () =>
    run(async () => {
      const customers: Customer[] = [];
      const interactions: Interaction[] = [];
      for (const keys of chunk(selectedKeys(), BULK_CHUNK)) {
        const removed = await request('customers.delete', { keys });
        customers.push(...removed.customers);
        interactions.push(...removed.interactions);
      }
      setSelection(new Set());
      anchor.current = null;
      notify({
        message: `Deleted ${plural(customers.length, 'customer')}`,
        // The snapshot lives only here, in memory, for as long as the toast offers undo.
        undo: async () => {
          const byCustomer = new Map<string, Interaction[]>();
          for (const i of interactions) {
            const list = byCustomer.get(i.customerKey);
            if (list) list.push(i);
            else byCustomer.set(i.customerKey, [i]);
          }
          let restored = 0;
          for (const part of chunk(customers, RESTORE_CHUNK)) {
            const theirs = part.flatMap((c) => byCustomer.get(c.key) ?? []);
            restored += (await request('customers.restore', { customers: part, interactions: theirs })).restored;
          }
          notify({ message: `Restored ${plural(restored, 'customer')}` });
        },
      });
    });

  const exportCsv = () => {
    try {
      const source = selection.size ? sorted.filter((r) => selection.has(r.customer.key)) : shown;
      const customers = source.map((r) => r.customer);
      downloadText(exportFileName('customers'), customersToCsv(customers));
      notify({ message: `Exported ${plural(customers.length, 'customer')} to CSV` });
    } catch (error) {
      onError(`Export failed: ${errorMessage(error)}`);
    }
  };

  const filtered = isFiltered(filter) || text.trim() !== '';
  const clearFilters = () => {
    setText('');
    setTag(null);
    setStatus('all');
    setOwnerChoice('any');
    searchRef.current?.focus();
  };
  const total = rows?.length ?? 0;
  const tagOptions = tag !== null && !props.knownTags.includes(tag) ? [...props.knownTags, tag] : props.knownTags;

  return (
    <>
      <div className="hb-toolbar">
        <div className="hb-toolbar-find" role="search" aria-label="Find customers">
          <label htmlFor={ids.search} className="hb-sr-only">
            Search customers
          </label>
          <input
            ref={searchRef}
            id={ids.search}
            type="search"
            className="hb-input hb-search"
            placeholder="Search handle, name, notes, tags, fields"
            title="Search (press / to come here)"
            aria-keyshortcuts="/"
            value={text}
            dir="auto"
            autoComplete="off"
            aria-describedby={ids.count}
            onChange={(e) => setText(e.target.value)}
          />
          <label htmlFor={ids.tag} className="hb-filter-label">
            Tag
          </label>
          <select id={ids.tag} className="hb-input" value={tag ?? ''} onChange={(e) => setTag(e.target.value === '' ? null : e.target.value)}>
            <option value="">All tags</option>
            {tagOptions.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <label htmlFor={ids.status} className="hb-filter-label">
            Case
          </label>
          <select id={ids.status} className="hb-input" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="all">All cases</option>
            {(Object.keys(STATUS_LABELS) as CaseStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          {props.roster.me && (
            <>
              <label htmlFor={ids.owner} className="hb-filter-label">
                Owner
              </label>
              <select id={ids.owner} className="hb-input" value={ownerChoice} onChange={(e) => setOwnerChoice(e.target.value)} title="Open cases by owner">
                <option value="any">Anyone</option>
                <option value={props.roster.me.member}>Mine</option>
                <option value="unassigned">Unassigned</option>
                {props.roster.members
                  .filter((m) => m.member !== props.roster.me!.member)
                  .map((m) => (
                    <option key={m.member} value={m.member}>
                      {m.name}
                    </option>
                  ))}
              </select>
            </>
          )}
          {filtered && (
            <button type="button" className="hb-btn hb-btn-quiet" onClick={clearFilters}>
              Clear filters
            </button>
          )}
        </div>
        <div className="hb-toolbar-end">
          <p id={ids.count} className="hb-count" role="status">
            {rows === undefined
              ? 'Loading customers…'
              : isFiltered(filter)
                ? `${formatCount(shown.length)} of ${plural(total, 'customer')}`
                : plural(total, 'customer')}
          </p>
          <button type="button" className="hb-btn" onClick={exportCsv} disabled={!rows || (!selection.size && !shown.length)}>
            {selection.size ? `Export ${formatCount(selection.size)} selected` : `Export ${formatCount(shown.length)} to CSV`}
          </button>
        </div>
      </div>
      {selection.size > 0 && (
        <BulkBar
          selected={selection.size}
          hidden={hiddenSelected}
          matching={shown.length}
          busy={busy}
          knownTags={props.knownTags}
          selectedTags={selectedTags}
          onSelectAll={() => setSelection((s) => new Set([...s, ...shownKeys]))}
          onClear={() => setSelection(new Set())}
          onAddTag={(t) => void bulkUpdate({ addTags: [t] }, (n) => `Added tag “${t}” to ${plural(n, 'customer')}`)}
          onRemoveTag={(t) => void bulkUpdate({ removeTags: [t] }, (n) => `Removed tag “${t}” from ${plural(n, 'customer')}`)}
          onSetStatus={(s) => void bulkUpdate({ status: s }, (n) => `Set ${plural(n, 'customer')} to “${STATUS_LABELS[s]}”`)}
          roster={props.roster}
          onAssign={(to) =>
            void bulkUpdate({ assignTo: to }, (n) => {
              const name = props.roster.members.find((m) => m.member === to)?.name;
              return to ? `Assigned ${plural(n, 'case')} to ${name ?? 'the member'}` : `Unassigned ${plural(n, 'case')}`;
            })
          }
          onDelete={() => void deleteSelected()}
        />
      )}
      {rows === undefined ? (
        <div className="hb-table-scroll hb-loading" aria-busy="true">
          <p className="hb-empty">Loading customers…</p>
        </div>
      ) : (
        <CustomerTable
          rows={shown}
          now={props.now}
          sort={sort}
          onSort={onSort}
          selection={selection}
          selectionState={state}
          onToggle={onToggle}
          onToggleAll={onToggleAll}
          openKey={props.openKey}
          onOpen={props.onOpen}
          empty={
            total === 0 ? (
              <div className="hb-empty">
                <p>
                  <strong>No customers yet.</strong>
                </p>
                <p>On x.com, click the “+ note” badge beside an author’s name to write a first note; they appear here.</p>
              </div>
            ) : (
              <div className="hb-empty">
                <p>No customers match these filters.</p>
                <button type="button" className="hb-btn" onClick={clearFilters}>
                  Clear filters
                </button>
              </div>
            )
          }
        />
      )}
    </>
  );
}
