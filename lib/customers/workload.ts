import { isOpenCase } from '../db/case-status';
import type { ActivityEntry } from '../db/activity-days';
import type { Customer } from '../db/types';
import { median, RESPONSE_WINDOW_MS } from './overview';

// The team's workload for the dashboard's overview (team mode): per member, the open cases they
// own and how fast they answered this week. Pure, over what the overview already reads.

export interface MemberWorkload {
  /** The member's id; null for the row of open cases nobody owns. */
  member: string | null;
  name: string;
  /** Open cases (open, waiting on us, waiting on them) this member owns. */
  openCases: number;
  /** Of those, the ones waiting for our answer. */
  waitingOnUs: number;
  /** Median first-response time of this member's replies in the window; undefined: none. */
  medianFirstResponseMs: number | undefined;
  /** How many first responses the median covers. */
  answered: number;
}

/**
 * One row per member of `members` (in their order), then members who own open cases but are no
 * longer listed (removed), then "Unassigned". Replies are matched to members by name: that is
 * what an interaction records of its author.
 */
export function teamWorkload(
  customers: readonly Customer[],
  activity: readonly ActivityEntry[],
  members: readonly { member: string; name: string }[],
  now: number,
  windowMs: number = RESPONSE_WINDOW_MS,
): MemberWorkload[] {
  const rows = new Map<string | null, MemberWorkload>();
  const row = (member: string | null, name: string) => {
    let r = rows.get(member);
    if (!r) rows.set(member, (r = { member, name, openCases: 0, waitingOnUs: 0, medianFirstResponseMs: undefined, answered: 0 }));
    return r;
  };
  for (const m of members) row(m.member, m.name);
  for (const c of customers) {
    if (!isOpenCase(c)) continue;
    const r = c.assignee ? row(c.assignee.member, c.assignee.name) : undefined;
    if (!r) continue;
    r.openCases++;
    if (c.status === 'open' || c.status === 'waiting_us') r.waitingOnUs++;
  }
  const since = now - windowMs;
  const times = new Map<string, number[]>();
  for (const i of activity) {
    if (i.responseMs === undefined || !i.author || i.at < since || i.at > now) continue;
    const list = times.get(i.author);
    if (list) list.push(i.responseMs);
    else times.set(i.author, [i.responseMs]);
  }
  for (const r of rows.values()) {
    const list = times.get(r.name) ?? [];
    r.medianFirstResponseMs = median(list);
    r.answered = list.length;
  }
  const unassigned = row(null, 'Unassigned');
  for (const c of customers) {
    if (!isOpenCase(c) || c.assignee) continue;
    unassigned.openCases++;
    if (c.status === 'open' || c.status === 'waiting_us') unassigned.waitingOnUs++;
  }
  return [...rows.values()];
}
