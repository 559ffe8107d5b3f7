import { useId } from 'react';
import type { MemberWorkload } from '@/lib/customers/workload';
import { formatDuration } from '../card/format';
import { formatCount } from './format';

/** The overview's team table: open cases and this week's median first response per member. */
export function TeamWorkload({ rows, me }: { rows: MemberWorkload[]; me: string }) {
  const id = useId();
  return (
    <section className="hb-card-box" aria-labelledby={id} data-team-workload="">
      <h2 id={id} className="hb-box-title">
        Team <span className="hb-muted">· unresolved cases and first response, last 7 days</span>
      </h2>
      <table className="hb-mini-table" aria-labelledby={id}>
        <thead>
          <tr>
            <th scope="col">Owner</th>
            {/* Every case not resolved (waiting on them too): the overview's "Open cases" counts only those that need us. */}
            <th scope="col" className="hb-num">
              Unresolved
            </th>
            <th scope="col" className="hb-num">
              Waiting on us
            </th>
            <th scope="col" className="hb-num">
              First response
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.member ?? ''} data-member={r.member ?? 'unassigned'}>
              <td>{r.member === me ? `${r.name} (you)` : r.name}</td>
              <td className="hb-num">{formatCount(r.openCases)}</td>
              <td className="hb-num">{formatCount(r.waitingOnUs)}</td>
              <td className="hb-num" title={r.answered ? `median over ${r.answered} first responses` : undefined}>
                {r.member === null ? '' : r.medianFirstResponseMs === undefined ? '—' : formatDuration(r.medianFirstResponseMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
