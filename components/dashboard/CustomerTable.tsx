import { memo, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { STATUS_LABELS, shortDuration } from '@/lib/content/badge-label';
import type { CustomerRow, CustomerSort, SortKey } from '@/lib/customers/query';
import type { SelectionState } from '@/lib/customers/selection';
import { formatDate } from '../card/format';
import { excerpt, formatCount, relativeTime } from './format';

/** Every row is one fixed height (cells never wrap), so the virtualiser needs no measuring. */
export const ROW_HEIGHT = 52;
/** The sticky header's height; rows start below it inside the scroll box. */
const HEADER_HEIGHT = 40;
const COLUMNS = 8;

export interface CustomerTableProps {
  rows: readonly CustomerRow[];
  now: number;
  sort: CustomerSort;
  onSort: (key: SortKey) => void;
  selection: ReadonlySet<string>;
  selectionState: SelectionState;
  /** `range`: shift was held (select from the last clicked row to this one). */
  onToggle: (key: string, range: boolean) => void;
  onToggleAll: () => void;
  openKey: string | null;
  onOpen: (key: string) => void;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
}

/**
 * The customers table, virtualised: only the rows in view (plus a few) are in the DOM; two
 * spacer rows stand in for the rest so the scrollbar and column widths stay true.
 * Keyboard: Tab enters at the current row; arrows, Page Up/Down, Home/End move; Enter opens;
 * Space selects (Shift+Space selects a range).
 */
export function CustomerTable(props: CustomerTableProps) {
  const { rows, sort, onSort, selection, onToggle, onOpen } = props;
  const helpId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  // Stable callbacks: the virtualiser recomputes every row's position (O(rows)) whenever
  // getItemKey changes identity, which on every scroll frame cost ~60 ms at 100k rows.
  const getItemKey = useCallback((index: number) => rows[index]?.customer.key ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: useCallback(() => scrollRef.current, []),
    estimateSize: useCallback(() => ROW_HEIGHT, []),
    overscan: 10,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey,
  });

  // The list changed under the cursor (new search): keep the index in range.
  const active = rows.length ? Math.min(activeIndex, rows.length - 1) : 0;
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const paddingTop = first ? first.start - HEADER_HEIGHT : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  const activeRendered = items.some((item) => item.index === active);

  const focusRow = useCallback(
    (index: number) => {
      if (!rows.length) return;
      const target = Math.max(0, Math.min(rows.length - 1, index));
      setActiveIndex(target);
      pendingFocus.current = target;
      virtualizer.scrollToIndex(target, { align: 'auto' });
    },
    [rows.length, virtualizer],
  );

  // Focus the row once it is rendered (scrolling to it may take a frame).
  useEffect(() => {
    const target = pendingFocus.current;
    if (target === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${target}"]`);
    if (element) {
      pendingFocus.current = null;
      element.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const row = (event.target as HTMLElement).closest('tr[data-index]');
    if (!row || event.target !== row) return; // keys inside a checkbox or button keep their meaning
    const index = Number((row as HTMLElement).dataset.index);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(moves[event.key]!);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const key = rows[index]?.customer.key;
      if (key) onOpen(key);
    } else if (event.key === ' ') {
      event.preventDefault();
      const key = rows[index]?.customer.key;
      if (key) onToggle(key, event.shiftKey);
    }
  };

  const onRowClick = useCallback(
    (index: number, event: MouseEvent<HTMLTableRowElement>) => {
      const key = rows[index]?.customer.key;
      if (!key) return;
      setActiveIndex(index);
      // The checkbox's cell is a larger target for the checkbox (which handles its own clicks).
      if ((event.target as HTMLElement).closest('.hb-col-select')) onToggle(key, event.shiftKey);
      else onOpen(key);
    },
    [rows, onOpen, onToggle],
  );

  const header = (key: SortKey, label: string, className: string) => {
    const current = sort.key === key;
    return (
      <th
        scope="col"
        className={className}
        aria-sort={current ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
      >
        <button type="button" className="hb-sort" onClick={() => onSort(key)}>
          {label}
          <span className="hb-sort-arrow" aria-hidden="true">
            {current ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div
      ref={scrollRef}
      className="hb-table-scroll"
      // When the current row scrolled out of the DOM, the box itself takes Tab and hands focus on.
      tabIndex={activeRendered || !rows.length ? -1 : 0}
      aria-label={activeRendered || !rows.length ? undefined : 'Customers table'}
      onFocus={(event) => {
        if (event.target === event.currentTarget && rows.length && !activeRendered) focusRow(active);
      }}
    >
      <table className="hb-table" aria-rowcount={rows.length + 1} aria-describedby={helpId} aria-label="Customers">
        <colgroup>
          <col className="hb-col-select" />
          <col className="hb-col-customer" />
          <col className="hb-col-tags" />
          <col className="hb-col-status" />
          <col className="hb-col-count" />
          <col className="hb-col-date" />
          <col className="hb-col-waiting" />
          <col className="hb-col-note hb-c-note" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="hb-col-select">
              <input
                type="checkbox"
                aria-label={`Select all ${formatCount(rows.length)} matching customers`}
                checked={props.selectionState === 'all'}
                ref={(el) => {
                  if (el) el.indeterminate = props.selectionState === 'some';
                }}
                disabled={!rows.length}
                onChange={props.onToggleAll}
              />
            </th>
            {header('name', 'Customer', 'hb-col-customer')}
            <th scope="col">Tags</th>
            <th scope="col">Case</th>
            {header('interactionCount', 'Interactions', 'hb-num')}
            {header('lastContact', 'Last contact', '')}
            {header('waiting', 'Waiting', '')}
            <th scope="col" className="hb-c-note">
              Latest note
            </th>
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {paddingTop > 0 && (
            <tr className="hb-spacer" aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={COLUMNS} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <CustomerTableRow
                key={item.key}
                row={row}
                index={item.index}
                now={props.now}
                selected={selection.has(row.customer.key)}
                open={props.openKey === row.customer.key}
                active={item.index === active}
                onToggle={onToggle}
                onClick={onRowClick}
              />
            );
          })}
          {paddingBottom > 0 && (
            <tr className="hb-spacer" aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={COLUMNS} />
            </tr>
          )}
        </tbody>
      </table>
      {!rows.length && <div className="hb-table-empty">{props.empty}</div>}
      <p id={helpId} className="hb-sr-only">
        Arrow keys move between customers, Enter opens one, Space selects, Shift+Space selects a range.
      </p>
    </div>
  );
}

interface RowProps {
  row: CustomerRow;
  index: number;
  now: number;
  selected: boolean;
  open: boolean;
  active: boolean;
  onToggle: (key: string, range: boolean) => void;
  onClick: (index: number, event: MouseEvent<HTMLTableRowElement>) => void;
}

/** One customer. Every value is untrusted text, rendered as text, isolated for bidi, clipped. */
const CustomerTableRow = memo(function CustomerTableRow({ row, index, now, selected, open, active, onToggle, onClick }: RowProps) {
  const c = row.customer;
  const name = c.displayName.trim() || c.handle;
  const formerly = c.handleHistory.map((h) => `@${h.handle}`).join(', ');
  const note = row.latestNote ? excerpt(row.latestNote.text) : '';
  return (
    <tr
      data-index={index}
      data-customer={c.handleLower}
      data-key={c.key}
      aria-rowindex={index + 2}
      aria-current={open ? 'true' : undefined}
      className={`hb-trow${selected ? ' hb-trow-selected' : ''}${open ? ' hb-trow-open' : ''}`}
      tabIndex={active ? 0 : -1}
      onClick={(event) => onClick(index, event)}
    >
      <td className="hb-col-select">
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select @${c.handle}`}
          checked={selected}
          onClick={(event) => {
            event.stopPropagation();
            onToggle(c.key, event.shiftKey);
          }}
          // Checked state is controlled by onClick (it carries the shift key).
          onChange={() => undefined}
        />
      </td>
      <td className="hb-col-customer">
        <div className="hb-cust">
          <bdi className="hb-cust-name" dir="auto" title={name.slice(0, 300)}>
            {name}
          </bdi>
          <span className="hb-cust-handle">
            @{c.handle}
            {formerly && <span className="hb-muted"> · formerly {formerly}</span>}
          </span>
        </div>
      </td>
      <td>
        <div className="hb-chips" title={c.tags.join(', ').slice(0, 500)}>
          {c.tags.map((tag) => (
            <bdi key={tag} className="hb-chip" dir="auto">
              {tag}
            </bdi>
          ))}
        </div>
      </td>
      <td>
        <span className={`hb-status hb-status-${c.status}`}>{STATUS_LABELS[c.status]}</span>
      </td>
      <td className="hb-num">{formatCount(c.interactionCount)}</td>
      <td>
        {c.lastContact > 0 ? (
          <time dateTime={new Date(c.lastContact).toISOString()} title={formatDate(c.lastContact)}>
            {relativeTime(c.lastContact, now)}
          </time>
        ) : (
          <span className="hb-muted">never</span>
        )}
      </td>
      <td>
        {row.waitingSince !== undefined ? (
          <time className="hb-waiting-cell" dateTime={new Date(row.waitingSince).toISOString()} title={`Waiting on us since ${formatDate(row.waitingSince)}`}>
            {shortDuration(now - row.waitingSince)}
          </time>
        ) : (
          <span className="hb-muted">
            <span aria-hidden="true">—</span>
            <span className="hb-sr-only">not waiting</span>
          </span>
        )}
      </td>
      <td className="hb-col-note hb-c-note">
        <bdi dir="auto" title={note.slice(0, 300)}>
          {note}
        </bdi>
      </td>
    </tr>
  );
});
