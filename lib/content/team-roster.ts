import { request } from '../messages/client';
import type { TeamRoster } from '../messages/protocol';

type Listener = () => void;

const EMPTY: TeamRoster = Object.freeze({ me: null, members: [] }) as unknown as TeamRoster;

/**
 * Who this browser is in its team, and the agents a case can be assigned to (team.roster), as
 * the page last heard. Badges need `me` to tell "Ben's" case from one's own; the card lists the
 * members. Asked once when the page starts and again after a join, leave or restore (the
 * `changed` broadcast with `all`). Outside team mode `me` is null and nothing is assigned.
 */
export class TeamRosterStore {
  private roster: TeamRoster = EMPTY;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly fetch: () => Promise<TeamRoster>) {}

  get current(): TeamRoster {
    return this.roster;
  }

  /** This member's id, or null outside a team. */
  get me(): string | null {
    return this.roster.me?.member ?? null;
  }

  refresh(onError: (error: unknown) => void): void {
    this.fetch().then((next) => {
      if (JSON.stringify(next) === JSON.stringify(this.roster)) return;
      this.roster = next;
      for (const listener of this.listeners) listener();
    }, onError);
  }

  /** For React's useSyncExternalStore too. */
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** This page's roster (one content script per page, like pagePresence). */
export const pageRoster = new TeamRosterStore(() => request('team.roster', {}));
