import type { PresenceHandles } from '../messages/protocol';

/**
 * The content script's side of presence (lib/team/presence.ts has the worker's):
 *
 * - what the other team members are doing, per handle, as the worker last told this tab (the
 *   `presence` broadcast, or the answer to presence.get / presence.report). Features read it and
 *   hear which handles changed, so they touch only the tweets of those authors;
 * - what this tab is doing (the reply box it answers, the card it shows), reported to the worker
 *   when it changes and again every REPORT_EVERY_MS while it is not empty: that keeps the
 *   worker's copy from expiring, and brings presence back after the worker was stopped.
 *
 * One per page (`pagePresence`): the features, the panel and boot share it, as they share the
 * page. Outside team mode (`active` false) nothing is reported and the map stays empty.
 */

export interface HandlePresence {
  /** Names of other members replying to this handle, sorted. */
  replying: string[];
  /** Names of other members with this handle's card open, sorted. */
  viewing: string[];
}

export interface PresenceReportPayload {
  replying: string | null;
  viewing: string | null;
}

export interface PresenceAnswer {
  active: boolean;
  handles: PresenceHandles;
}

export interface PresenceTransport {
  report(report: PresenceReportPayload): Promise<PresenceAnswer>;
  get(): Promise<PresenceAnswer>;
  /** Errors go here (an invalidated extension context among them). */
  onError(error: unknown): void;
  signal: AbortSignal;
}

type Listener = (handles: Set<string>) => void;

/** How often a tab repeats a non-empty report, and asks again while others are present. */
export const REPORT_EVERY_MS = 5_000;
const EMPTY: HandlePresence = Object.freeze({ replying: [], viewing: [] }) as HandlePresence;

export class PagePresence {
  private entries = new Map<string, HandlePresence>();
  private readonly listeners = new Set<Listener>();
  private readonly versionListeners = new Set<() => void>();
  /** undefined until the worker answered once: reports are sent meanwhile. */
  private active: boolean | undefined;
  private transport: PresenceTransport | undefined;
  private mine: PresenceReportPayload = { replying: null, viewing: null };
  private sent: PresenceReportPayload = { replying: null, viewing: null };
  private sendQueued = false;
  private tick: ReturnType<typeof setInterval> | undefined;

  /** True when nobody else is present anywhere: features skip all presence work then. */
  get empty(): boolean {
    return this.entries.size === 0;
  }

  /** Others' presence on `handle` (an empty entry when none; the same object until it changes). */
  get(handle: string): HandlePresence {
    return this.entries.get(handle.toLowerCase()) ?? EMPTY;
  }

  /** Names of the other members replying to `handle`, sorted. */
  replyingTo(handle: string): string[] {
    return this.get(handle).replying;
  }

  /** Hears the handles (lower case) whose presence changed, until `signal` aborts. */
  subscribe(listener: Listener, signal: AbortSignal): void {
    this.listeners.add(listener);
    signal.addEventListener('abort', () => this.listeners.delete(listener));
  }

  /** For React's useSyncExternalStore: called on every change. */
  subscribeAll = (listener: () => void): (() => void) => {
    this.versionListeners.add(listener);
    return () => this.versionListeners.delete(listener);
  };

  /** The worker's map: replaces what we had, telling listeners which handles changed. */
  apply(handles: PresenceHandles): void {
    const next = new Map<string, HandlePresence>();
    const changed = new Set<string>();
    for (const [handle, entry] of Object.entries(handles)) {
      const lower = handle.toLowerCase();
      if (!entry.replying.length && !entry.viewing.length) continue;
      const before = this.entries.get(lower);
      if (before && sameList(before.replying, entry.replying) && sameList(before.viewing, entry.viewing)) next.set(lower, before);
      else {
        next.set(lower, { replying: [...entry.replying], viewing: [...entry.viewing] });
        changed.add(lower);
      }
    }
    for (const handle of this.entries.keys()) if (!next.has(handle)) changed.add(handle);
    this.entries = next;
    this.updateTick();
    if (!changed.size) return;
    for (const listener of this.listeners) listener(changed);
    for (const listener of this.versionListeners) listener();
  }

  /** A `presence` broadcast: only a worker in team mode sends one. */
  received(handles: PresenceHandles): void {
    this.answered({ active: true, handles });
  }

  // ---- Reporting what this tab does ----------------------------------------------------------

  /** Starts talking to the worker (boot): asks for the map, then reports as things change. */
  connect(transport: PresenceTransport): void {
    this.transport = transport;
    transport.signal.addEventListener('abort', () => {
      clearInterval(this.tick);
      this.tick = undefined;
      this.transport = undefined;
    });
    this.refresh();
    if (!isEmpty(this.mine)) this.queueSend();
  }

  /** Asks the worker again (e.g. after joining or leaving a team, or its restart). */
  refresh(): void {
    const transport = this.transport;
    if (!transport) return;
    transport.get().then((answer) => this.answered(answer), transport.onError);
  }

  /** The handle the open reply box answers (focused, or holding text), or null. */
  setReplying(handle: string | null): void {
    this.setMine({ ...this.mine, replying: handle?.toLowerCase() ?? null });
  }

  /** The handle whose customer card this tab shows, or null. */
  setViewing(handle: string | null): void {
    this.setMine({ ...this.mine, viewing: handle?.toLowerCase() ?? null });
  }

  /** What this tab reports now. */
  get reported(): PresenceReportPayload {
    return this.mine;
  }

  /** The page goes away: say so now (tabs.onRemoved and expiry are the worker's backstops). */
  leave(): void {
    this.mine = { replying: null, viewing: null };
    if (!isEmpty(this.sent)) this.send();
  }

  private setMine(next: PresenceReportPayload): void {
    if (next.replying === this.mine.replying && next.viewing === this.mine.viewing) return;
    this.mine = next;
    this.updateTick();
    this.queueSend();
  }

  /** Several changes in one task (the card switching customers) make one message. */
  private queueSend(): void {
    if (this.sendQueued) return;
    this.sendQueued = true;
    queueMicrotask(() => {
      this.sendQueued = false;
      if (this.mine.replying === this.sent.replying && this.mine.viewing === this.sent.viewing) return;
      this.send();
    });
  }

  private send(): void {
    const transport = this.transport;
    if (!transport || this.active === false) return;
    const report = this.mine;
    this.sent = report;
    transport.report(report).then((answer) => this.answered(answer), transport.onError);
  }

  private answered(answer: PresenceAnswer): void {
    const wasActive = this.active;
    this.active = answer.active;
    this.apply(answer.handles);
    // Became active (joined a team) with something to say: say it.
    if (answer.active && wasActive === false && !isEmpty(this.mine)) this.send();
    if (!answer.active) this.sent = { replying: null, viewing: null };
    this.updateTick();
  }

  /**
   * While this tab reports something or others are present: every REPORT_EVERY_MS, report
   * again (which also answers with the map), or just ask for the map. The map is asked for
   * because a stopped worker broadcasts nothing: this bounds how long a stale mark can stay.
   */
  private updateTick(): void {
    const needed = !!this.transport && this.active !== false && (!isEmpty(this.mine) || this.entries.size > 0);
    if (needed && this.tick === undefined) {
      this.tick = setInterval(() => {
        if (!isEmpty(this.mine)) this.send();
        else if (!isEmpty(this.sent)) this.send();
        else this.refresh();
      }, REPORT_EVERY_MS);
    } else if (!needed && this.tick !== undefined) {
      clearInterval(this.tick);
      this.tick = undefined;
    }
  }
}

function isEmpty(report: PresenceReportPayload): boolean {
  return report.replying === null && report.viewing === null;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** "Ana", "Ana and Ben", "Ana, Ben and Cai". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "Ana is replying", "Ana and Ben are replying" ('' for nobody). */
export function replyingWords(names: readonly string[], suffix = ''): string {
  if (!names.length) return '';
  return `${joinNames(names)} ${names.length === 1 ? 'is' : 'are'} replying${suffix}`;
}

/** "Ana has this card open", "Ana and Ben have this card open". */
export function viewingWords(names: readonly string[]): string {
  if (!names.length) return '';
  return `${joinNames(names)} ${names.length === 1 ? 'has' : 'have'} this card open`;
}

/** The value of data-replying-by: names joined with ", " (a contract tests read). */
export function replyingBy(names: readonly string[]): string {
  return names.join(', ');
}

/** This page's presence (one content script per page). */
export const pagePresence = new PagePresence();
