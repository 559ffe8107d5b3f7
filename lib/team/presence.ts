import type { Awareness } from 'y-protocols/awareness';

/**
 * Presence: who on the team is replying to (or looking at) which customer right now.
 *
 * - Each X tab tells the worker what it is doing (`presence.report`): the handle its open reply
 *   box answers, the handle whose card it shows. The worker keeps the latest report per tab
 *   (here: TabReports, in memory and in storage.session) and merges them into this member's
 *   activity.
 * - The worker publishes that activity as its Yjs awareness state on the team's index document
 *   (the only provider with awareness: team-sync.ts), and reads the other members' states from
 *   the same awareness into a map handle -> { replying: names, viewing: names } for its tabs.
 * - Only who, which customer, what and when travel: never the text being typed.
 *
 * Expiry, at every step:
 * - a tab's report lives TAB_REPORT_TTL_MS unless the tab sends it again (tabs re-send every
 *   ~5 s while it is non-empty), and goes at once when the tab reports empty or closes;
 * - a member's state is dropped STATE_TTL_MS after it was last received, by the receiver's own
 *   clock (awareness's `lastUpdated`): the `at` in the state is the sender's clock, which may be
 *   skewed. Yjs awareness renews a live state every 15 s and drops silent ones after 30 s; the
 *   server drops a connection's states when it closes (a stopped worker, a closed browser).
 *
 * Everything but AwarenessPresence is pure, for unit tests.
 */

/** What one tab is doing: lower- or mixed-case handles; null for nothing. */
export interface PresenceReport {
  replying: string | null;
  viewing: string | null;
}

/** A tab's latest report and when the worker received it (its own clock). */
export interface TabReport extends PresenceReport {
  at: number;
}

/** Tab id (as a string: storage keys are strings) -> its latest non-empty report. */
export type TabReports = Record<string, TabReport>;

/** One member's activity: lower-cased handles, sorted, without duplicates. */
export interface Activity {
  replying: string[];
  viewing: string[];
}

/** A member's awareness state, as published on the index document. */
export interface MemberPresence extends Activity {
  memberId: string;
  name: string;
  /** When the sender last changed it (its clock; informative only, see above). */
  at: number;
}

/** Handle (lower case) -> the names of other members replying to / viewing it, sorted. */
export type PresenceMap = Record<string, { replying: string[]; viewing: string[] }>;

/** A tab report not sent again for this long is dropped (tabs re-send every ~5 s). */
export const TAB_REPORT_TTL_MS = 15_000;
/** A member state not received (or renewed) for this long is ignored (= Yjs awareness's timeout). */
export const STATE_TTL_MS = 30_000;
/** At most this many handles per list in a state we publish or accept. */
export const MAX_HANDLES = 50;
const HANDLE = /^[a-z0-9_]{1,20}$/;
const MAX_NAME = 60;

export const NO_ACTIVITY: Activity = Object.freeze({ replying: [], viewing: [] }) as Activity;

function cleanHandle(handle: string | null | undefined): string | null {
  const lower = handle?.toLowerCase() ?? '';
  return HANDLE.test(lower) ? lower : null;
}

/** `reports` with `tabId`'s new report; an empty report removes the tab. A new object. */
export function withReport(reports: TabReports, tabId: number | string, report: PresenceReport, now: number): TabReports {
  const replying = cleanHandle(report.replying);
  const viewing = cleanHandle(report.viewing);
  const next = { ...reports };
  const key = String(tabId);
  if (replying === null && viewing === null) delete next[key];
  else next[key] = { replying, viewing, at: now };
  return next;
}

/** `reports` without `tabId` (the tab closed). */
export function withoutTab(reports: TabReports, tabId: number | string): TabReports {
  const key = String(tabId);
  if (!Object.hasOwn(reports, key)) return reports;
  const next = { ...reports };
  delete next[key];
  return next;
}

/** The reports still fresh at `now` (the same object when none expired). */
export function liveReports(reports: TabReports, now: number): TabReports {
  const stale = Object.keys(reports).filter((key) => !isFresh(reports[key]!, now));
  if (!stale.length) return reports;
  const next = { ...reports };
  for (const key of stale) delete next[key];
  return next;
}

function isFresh(report: TabReport, now: number): boolean {
  // A report "from the future" (clock moved back) counts as fresh until it expires from now.
  return now - report.at < TAB_REPORT_TTL_MS;
}

/** When the next fresh report expires, or undefined when there is none. */
export function nextExpiry(reports: TabReports, now: number): number | undefined {
  let next: number | undefined;
  for (const report of Object.values(reports)) {
    if (!isFresh(report, now)) continue;
    const at = Math.min(report.at, now) + TAB_REPORT_TTL_MS;
    if (next === undefined || at < next) next = at;
  }
  return next;
}

/** This member's activity: the union of every fresh tab's report. */
export function mergeReports(reports: TabReports, now: number): Activity {
  const replying = new Set<string>();
  const viewing = new Set<string>();
  for (const report of Object.values(reports)) {
    if (!isFresh(report, now)) continue;
    if (report.replying) replying.add(report.replying);
    if (report.viewing) viewing.add(report.viewing);
  }
  return { replying: [...replying].sort().slice(0, MAX_HANDLES), viewing: [...viewing].sort().slice(0, MAX_HANDLES) };
}

export function sameActivity(a: Activity, b: Activity): boolean {
  return sameList(a.replying, b.replying) && sameList(a.viewing, b.viewing);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Parses tab reports read back from storage (anything malformed is dropped). */
export function parseTabReports(stored: unknown): TabReports {
  const out: TabReports = {};
  if (!stored || typeof stored !== 'object') return out;
  for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
    if (!/^\d+$/.test(key) || !value || typeof value !== 'object') continue;
    const { replying, viewing, at } = value as Record<string, unknown>;
    if (typeof at !== 'number' || !Number.isFinite(at)) continue;
    const r = cleanHandle(typeof replying === 'string' ? replying : null);
    const v = cleanHandle(typeof viewing === 'string' ? viewing : null);
    if (r !== null || v !== null) out[key] = { replying: r, viewing: v, at };
  }
  return out;
}

/**
 * A member's awareness state from the network, checked: another member's worker wrote it, so
 * it is data to validate (and Yjs's own initial state is `{}`). Null when it is not one of ours.
 */
export function readMemberState(state: unknown): MemberPresence | null {
  if (!state || typeof state !== 'object') return null;
  const { memberId, name, replying, viewing, at } = state as Record<string, unknown>;
  if (typeof memberId !== 'string' || !memberId || memberId.length > 100) return null;
  if (typeof name !== 'string' || !name.trim()) return null;
  const list = (value: unknown): string[] =>
    Array.isArray(value) ? [...new Set(value.slice(0, MAX_HANDLES).map((h) => cleanHandle(typeof h === 'string' ? h : null)).filter((h): h is string => h !== null))] : [];
  return {
    memberId,
    name: name.trim().slice(0, MAX_NAME),
    replying: list(replying),
    viewing: list(viewing),
    at: typeof at === 'number' ? at : 0,
  };
}

/** One awareness entry: its state and when this client last received it (its own clock). */
export interface ReceivedState {
  state: unknown;
  receivedAt: number;
}

/**
 * The other members' presence per handle: states of `ownMemberId` (this member, in any of its
 * browsers or an earlier worker of this one) and states received more than STATE_TTL_MS ago are
 * left out; a member counted once per handle however many clients it has; names sorted.
 */
export function presenceMap(entries: Iterable<ReceivedState>, ownMemberId: string, now: number): PresenceMap {
  const replying = new Map<string, Map<string, string>>();
  const viewing = new Map<string, Map<string, string>>();
  const add = (into: Map<string, Map<string, string>>, handle: string, member: MemberPresence) => {
    const members = into.get(handle) ?? into.set(handle, new Map()).get(handle)!;
    members.set(member.memberId, member.name);
  };
  for (const { state, receivedAt } of entries) {
    if (now - receivedAt > STATE_TTL_MS) continue;
    const member = readMemberState(state);
    if (!member || member.memberId === ownMemberId) continue;
    for (const handle of member.replying) add(replying, handle, member);
    for (const handle of member.viewing) add(viewing, handle, member);
  }
  const map: PresenceMap = {};
  const names = (members: Map<string, string> | undefined) => (members ? [...members.values()].sort() : []);
  for (const handle of [...new Set([...replying.keys(), ...viewing.keys()])].sort()) {
    map[handle] = { replying: names(replying.get(handle)), viewing: names(viewing.get(handle)) };
  }
  return map;
}

export function samePresenceMap(a: PresenceMap, b: PresenceMap): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && sameList(a[k]!.replying, b[k]!.replying) && sameList(a[k]!.viewing, b[k]!.viewing));
}

/**
 * This member's presence on one Yjs awareness (the index document's): publishes its activity
 * as the local state and tells listeners when the other members' map changes.
 */
export class AwarenessPresence {
  private current: PresenceMap = {};
  private published: Activity | undefined;
  private readonly listeners = new Set<(map: PresenceMap) => void>();
  private readonly onChange = () => this.recompute();

  constructor(
    private readonly awareness: Awareness,
    private readonly member: { memberId: string; name: string },
    private readonly now: () => number = Date.now,
  ) {
    awareness.on('change', this.onChange);
    this.recompute();
  }

  /**
   * Publishes this member's activity; nothing is sent when it did not change (Yjs renews the
   * state every 15 s by itself, which keeps it alive for the others).
   */
  set(activity: Activity): void {
    if (this.published && sameActivity(this.published, activity)) return;
    this.published = { replying: [...activity.replying], viewing: [...activity.viewing] };
    const state: MemberPresence = { memberId: this.member.memberId, name: this.member.name, ...this.published, at: this.now() };
    this.awareness.setLocalState(state);
  }

  map(): PresenceMap {
    return this.current;
  }

  /** Calls `listener` with the new map whenever it changes; returns the unsubscribe. */
  subscribe(listener: (map: PresenceMap) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.awareness.off('change', this.onChange);
    this.listeners.clear();
  }

  private recompute(): void {
    const entries: ReceivedState[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      entries.push({ state, receivedAt: this.awareness.meta.get(clientId)?.lastUpdated ?? 0 });
    }
    const next = presenceMap(entries, this.member.memberId, this.now());
    if (samePresenceMap(next, this.current)) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }
}
