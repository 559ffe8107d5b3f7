import { useId, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { readActivitySince } from '@/lib/db/activity-days';
import type { Customer } from '@/lib/db/types';
import { STATUS_LABELS, shortDuration } from '@/lib/content/badge-label';
import {
  firstResponseStats,
  openCases,
  repeatCustomers,
  REPEAT_THRESHOLD,
  REPEAT_WINDOW_MS,
  type OpenCase,
  type RepeatCustomer,
} from '@/lib/customers/overview';
import { formatDate, formatDuration } from '../card/format';
import { teamWorkload } from '@/lib/customers/workload';
import type { TeamRoster } from '@/lib/messages/protocol';
import { TeamWorkload } from './TeamWorkload';
import { SlaStats } from './SlaStats';
import { Stat } from './Stat';
import { errorMessage, formatCount, plural, relativeTime } from './format';

const HOUR_MS = 60 * 60 * 1000;
const PAGE = 50;

export interface OverviewProps {
  /** Undefined while loading. */
  customers: readonly Customer[] | undefined;
  byKey: ReadonlyMap<string, Customer>;
  now: number;
  onOpen: (key: string) => void;
  /** Team mode: the per-member table appears when `roster.me` is set. */
  roster: TeamRoster;
}

/** What needs an answer, how fast we answer, who keeps coming back. */
export function Overview({ customers, byKey, now, onOpen, roster }: OverviewProps) {
  const db = getReadDatabase();
  // Read the last 30 days (+1 h) of interactions; re-read hourly, filter precisely in memory.
  const hour = Math.floor(now / HOUR_MS);
  const recent = useLiveQuery(
    () =>
      readActivitySince(db, hour * HOUR_MS - REPEAT_WINDOW_MS - HOUR_MS)
        .then((list) => ({ ok: true as const, list }))
        .catch((error: unknown) => ({ ok: false as const, error: errorMessage(error) })),
    [hour],
  );
  const cases = useMemo(() => (customers ? openCases(customers, now) : undefined), [customers, now]);
  const stats = useMemo(() => (recent?.ok ? firstResponseStats(recent.list, now) : undefined), [recent, now]);
  // Interactions of a customer deleted meanwhile have no record: they do not count.
  const repeats = useMemo(
    () => (recent?.ok ? repeatCustomers(recent.list, now).filter((r) => byKey.has(r.customerKey)) : undefined),
    [recent, now, byKey],
  );
  const waiting = cases?.filter((c) => c.waitingMs !== undefined) ?? [];
  const workload = useMemo(
    () => (roster.me && customers && recent?.ok ? teamWorkload(customers, recent.list, roster.members, now) : undefined),
    [roster, customers, recent, now],
  );

  return (
    <div className="hb-overview">
      {recent && !recent.ok && (
        <p className="hb-error" role="alert">
          Could not read the interaction history: {recent.error}
        </p>
      )}
      <div className="hb-stats">
        <Stat
          title="Open cases"
          value={cases ? formatCount(cases.length) : '…'}
          detail={
            cases
              ? waiting.length
                ? `${formatCount(waiting.length)} waiting on us, oldest ${shortDuration(waiting[0]!.waitingMs!)}`
                : 'Nobody is waiting on us'
              : 'Loading…'
          }
        />
        <Stat
          title="First response, last 7 days"
          value={stats ? (stats.medianMs === undefined ? '—' : formatDuration(stats.medianMs)) : '…'}
          detail={
            stats
              ? stats.cases
                ? `median over ${plural(stats.cases, 'case')}`
                : 'No case answered this week'
              : 'Loading…'
          }
        />
        <Stat
          title="Repeat customers"
          value={repeats ? formatCount(repeats.length) : '…'}
          detail={`${REPEAT_THRESHOLD}+ interactions in the last 30 days`}
        />
        <SlaStats customers={customers} recent={recent?.ok ? recent.list : undefined} now={now} />
      </div>
      {workload && roster.me && <TeamWorkload rows={workload} me={roster.me.member} />}
      <div className="hb-overview-lists">
        <OpenCasesList cases={cases} now={now} onOpen={onOpen} />
        <RepeatList repeats={repeats} byKey={byKey} now={now} onOpen={onOpen} />
      </div>
    </div>
  );
}

function CustomerButton({ customer, onOpen }: { customer: Customer; onOpen: (key: string) => void }) {
  const name = customer.displayName.trim() || customer.handle;
  return (
    <button type="button" className="hb-cust hb-cust-button" onClick={() => onOpen(customer.key)}>
      <bdi className="hb-cust-name" dir="auto">
        {name}
      </bdi>
      <span className="hb-cust-handle">@{customer.handle}</span>
    </button>
  );
}

function OpenCasesList({ cases, now, onOpen }: { cases: OpenCase[] | undefined; now: number; onOpen: (key: string) => void }) {
  const id = useId();
  const [limit, setLimit] = useState(PAGE);
  return (
    <section className="hb-card-box" aria-labelledby={id}>
      <h2 id={id} className="hb-box-title">
        Open cases <span className="hb-muted">· oldest waiting first</span>
      </h2>
      {!cases ? (
        <p className="hb-muted">Loading…</p>
      ) : !cases.length ? (
        <p className="hb-empty">No open cases. Everyone has an answer.</p>
      ) : (
        <>
          <table className="hb-mini-table" aria-labelledby={id}>
            <colgroup>
              <col />
              <col className="hb-mini-status" />
              <col className="hb-mini-short" />
              <col className="hb-mini-date" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Case</th>
                <th scope="col">Waiting</th>
                <th scope="col">Last contact</th>
              </tr>
            </thead>
            <tbody>
              {cases.slice(0, limit).map(({ customer, waitingMs }) => (
                <tr key={customer.key} data-key={customer.key}>
                  <td>
                    <CustomerButton customer={customer} onOpen={onOpen} />
                  </td>
                  <td>
                    <span className={`hb-status hb-status-${customer.status}`}>{STATUS_LABELS[customer.status]}</span>
                  </td>
                  <td className="hb-waiting-cell">
                    {waitingMs !== undefined ? (
                      <span title={`Waiting on us since ${formatDate(now - waitingMs)}`}>{shortDuration(waitingMs)}</span>
                    ) : (
                      <span className="hb-muted">—</span>
                    )}
                  </td>
                  <td>
                    {customer.lastContact > 0 ? (
                      <time dateTime={new Date(customer.lastContact).toISOString()} title={formatDate(customer.lastContact)}>
                        {relativeTime(customer.lastContact, now)}
                      </time>
                    ) : (
                      <span className="hb-muted">never</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cases.length > limit && (
            <button type="button" className="hb-btn hb-btn-quiet" onClick={() => setLimit((l) => l + PAGE)}>
              Show more ({formatCount(cases.length - limit)} more)
            </button>
          )}
        </>
      )}
    </section>
  );
}

function RepeatList({
  repeats,
  byKey,
  now,
  onOpen,
}: {
  repeats: RepeatCustomer[] | undefined;
  byKey: ReadonlyMap<string, Customer>;
  now: number;
  onOpen: (key: string) => void;
}) {
  const id = useId();
  const [limit, setLimit] = useState(PAGE);
  const known = repeats ?? [];
  return (
    <section className="hb-card-box" aria-labelledby={id}>
      <h2 id={id} className="hb-box-title">
        Repeat customers <span className="hb-muted">· last 30 days</span>
      </h2>
      {!repeats ? (
        <p className="hb-muted">Loading…</p>
      ) : !known.length ? (
        <p className="hb-empty">No repeat customers in the last 30 days.</p>
      ) : (
        <>
          <table className="hb-mini-table" aria-labelledby={id}>
            <colgroup>
              <col />
              <col className="hb-mini-count" />
              <col className="hb-mini-date" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col" className="hb-num">
                  Interactions
                </th>
                <th scope="col">Latest</th>
              </tr>
            </thead>
            <tbody>
              {known.slice(0, limit).map((r) => (
                <tr key={r.customerKey} data-key={r.customerKey}>
                  <td>
                    <CustomerButton customer={byKey.get(r.customerKey)!} onOpen={onOpen} />
                  </td>
                  <td className="hb-num">{formatCount(r.count)}</td>
                  <td>
                    <time dateTime={new Date(r.lastAt).toISOString()} title={formatDate(r.lastAt)}>
                      {relativeTime(r.lastAt, now)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {known.length > limit && (
            <button type="button" className="hb-btn hb-btn-quiet" onClick={() => setLimit((l) => l + PAGE)}>
              Show more ({formatCount(known.length - limit)} more)
            </button>
          )}
        </>
      )}
    </section>
  );
}
