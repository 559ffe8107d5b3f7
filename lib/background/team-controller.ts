import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import { HandlebookDatabase } from '../db/database';
import { customerWriteTables, readAllCustomers, writeCustomers } from '../db/customer-store';
import { historyWriteTables, readAllInteractions, writeHistory } from '../db/history-store';
import { markTeamBook } from '../db/team-outbox';
import { readAllTemplates, writeTemplates } from '../db/template-store';
import { RequestRejectedError } from '../messages/errors';
import type { ReplyOf } from '../messages/protocol';
import { loadMembership, saveMembership, teamBookName, type TeamMembership } from '../team/membership';
import type { AuthFailureReason } from '../team/server-api';
import { redeemInvite, serverBase, TeamServerError, whoAmI } from '../team/server-client';
import { TeamSync } from '../team/team-sync';
import { announceRosterChange } from '../team/roster-signal';
import {
  liveReports,
  mergeReports,
  nextExpiry,
  parseTabReports,
  type PresenceMap,
  type PresenceReport,
  type TabReports,
  withoutTab,
  withReport,
} from '../team/presence';

/**
 * The worker's side of team mode: which book is shown (the team's or the personal one), the
 * team sync while a membership is active, joining, leaving and being removed. The worker may be
 * stopped at any time: boot() at every start reads the membership from storage and carries on.
 */

/** Keeps a worker that was stopped coming back to sync, even with no tab sending it messages. */
export const TEAM_ALARM = 'handlebook.team';

/** Customers copied per transaction when a person brings their own book into a team. */
const BRING_BATCH = 500;

export interface TeamControllerHooks {
  /** The book every handler uses from now on. */
  setBook(db: HandlebookDatabase): void;
  /** Tell the X tabs (handles, or everything). */
  changed(change: { handles?: string[]; all?: boolean; templates?: boolean }): void;
  /** The other members' presence changed (empty when team mode ends): tell the X tabs. */
  presence?(handles: PresenceMap): void;
}

/** storage.session key of the tabs' presence reports (they outlive a worker restart, not the browser). */
const PRESENCE_REPORTS_KEY = 'presence.tabs';

export type TeamStatus = ReplyOf<'team.status'>;

export class TeamController {
  private membership: TeamMembership | undefined;
  private sync: TeamSync | undefined;
  private checkingRefusal = false;
  readonly personal: HandlebookDatabase;
  /** Each X tab's latest presence report (lib/team/presence.ts), also in storage.session. */
  private presenceReports: TabReports = {};
  private presenceExpiry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    personal: HandlebookDatabase,
    private readonly hooks: TeamControllerHooks,
  ) {
    this.personal = personal;
  }

  /** Reads the membership and, when one is active, opens the team's book and starts syncing. */
  async boot(): Promise<void> {
    this.membership = await loadMembership();
    if (this.membership && !this.membership.removed) {
      // What the tabs reported to the worker before it was stopped (their next report refreshes it).
      // storage.session may be missing (older Firefox): the tabs' next reports bring it back then.
      const stored: Record<string, unknown> = (await browser.storage.session?.get(PRESENCE_REPORTS_KEY).catch(() => undefined)) ?? {};
      this.presenceReports = liveReports(parseTabReports(stored[PRESENCE_REPORTS_KEY]), Date.now());
      // The book is in use from here on; the sync starts meanwhile (it reconnects, and fetches
      // what changed), so the requests waiting for boot (the badges' lookups) do not wait for
      // the server: a cold lookup in team mode took ~155 ms when they did, ~70 without a team.
      const { started } = this.openSync(this.membership);
      void started.catch((error) => console.error('[Handlebook] team sync could not start', error));
    }
  }

  // ---- Presence: the tabs report, the team sync publishes (lib/team/presence.ts) ----------------

  /**
   * A tab's report of what it is doing. Outside team mode it is dropped and `active` is false
   * (the tab then stops reporting). Answers with the other members' presence.
   */
  reportPresence(tabId: number, report: PresenceReport): { active: boolean; handles: PresenceMap } {
    if (!this.sync) return { active: false, handles: {} };
    this.setPresenceReports(withReport(this.presenceReports, tabId, report, Date.now()));
    return this.presenceNow();
  }

  /** A tab closed: its report goes at once. */
  tabClosed(tabId: number): void {
    if (!this.sync) return;
    const next = withoutTab(this.presenceReports, tabId);
    if (next !== this.presenceReports) this.setPresenceReports(next);
  }

  /** The other members' presence, and whether this browser is in a team at all. */
  presenceNow(): { active: boolean; handles: PresenceMap } {
    return this.sync ? { active: true, handles: this.sync.presence() } : { active: false, handles: {} };
  }

  private setPresenceReports(reports: TabReports): void {
    const now = Date.now();
    this.presenceReports = liveReports(reports, now);
    void browser.storage.session?.set({ [PRESENCE_REPORTS_KEY]: this.presenceReports }).catch(() => undefined);
    this.sync?.setPresence(mergeReports(this.presenceReports, now));
    // A tab that stopped reporting (crashed, navigated off X) expires without any event.
    clearTimeout(this.presenceExpiry);
    const expiry = nextExpiry(this.presenceReports, now);
    if (expiry !== undefined) this.presenceExpiry = setTimeout(() => this.setPresenceReports(this.presenceReports), expiry - now + 50);
  }

  /** This browser's member (id and name) while its book is a team's, else undefined. */
  me(): { member: string; name: string } | undefined {
    const m = this.membership;
    return m && !m.removed ? { member: m.memberId, name: m.name } : undefined;
  }

  /** This member and the team's agents (not viewers, not removed), by name: who a case can go to. */
  roster(): { me: { member: string; name: string } | null; members: { member: string; name: string }[] } {
    const me = this.me() ?? null;
    if (!me) return { me: null, members: [] };
    const members = (this.sync?.members() ?? [])
      .filter((m) => m.role === 'agent' && m.revokedAt === null)
      .map((m) => ({ member: m.memberId, name: m.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (!members.some((m) => m.member === me.member)) members.unshift(me);
    return { me, members };
  }

  /** The team's name while this browser's book is a team's, else undefined. */
  teamName(): string | undefined {
    const m = this.membership;
    return m && !m.removed ? m.teamName : undefined;
  }

  /** The team's name while this browser is one of its viewers (read-only), else undefined. */
  readOnlyTeam(): string | undefined {
    const m = this.membership;
    return m && !m.removed && m.role === 'viewer' ? m.teamName : undefined;
  }

  /** After every write: carry it to the team (a no-op without a team). */
  written(): void {
    this.sync?.scheduleFlush();
  }

  async join(input: { server: string; invite: string; name: string; bringPersonal: boolean }): Promise<TeamStatus> {
    if (this.membership && !this.membership.removed) {
      throw new RequestRejectedError(`This browser is already in the team "${this.membership.teamName}". Leave it first.`);
    }
    let joined;
    try {
      joined = await redeemInvite(input.server, { invite: input.invite.trim(), name: input.name });
    } catch (error) {
      if (error instanceof TeamServerError) throw new RequestRejectedError(error.message);
      throw error;
    }
    const membership: TeamMembership = {
      server: serverBase(input.server),
      teamId: joined.teamId,
      teamName: joined.teamName,
      memberId: joined.memberId,
      name: input.name.trim(),
      role: joined.role,
      token: joined.token,
      joinedAt: Date.now(),
    };
    this.membership = membership;
    await saveMembership(membership);
    const { book, started } = this.openSync(membership);
    await started;
    if (input.bringPersonal) await this.bringPersonalBook(book);
    await browser.alarms.create(TEAM_ALARM, { periodInMinutes: 1 });
    this.hooks.changed({ all: true });
    return this.status();
  }

  /** Leaves the team: its data goes from this browser, the personal book comes back. */
  async leave(): Promise<TeamStatus> {
    const membership = this.membership;
    await this.dropTeamBook();
    this.membership = undefined;
    await saveMembership(undefined);
    await browser.alarms.clear(TEAM_ALARM);
    if (membership) this.hooks.changed({ all: true });
    return this.status();
  }

  async status(): Promise<TeamStatus> {
    const m = this.membership;
    if (!m) return { state: 'none', pending: 0 };
    const base = { teamId: m.teamId, teamName: m.teamName, memberId: m.memberId, name: m.name, role: m.role, server: m.server };
    if (m.removed || !this.sync) return { state: 'removed', ...base, pending: 0, ...(m.removed ? { removedAt: m.removed.at } : {}) };
    const sync = this.sync;
    return {
      state: sync.connection,
      ...base,
      members: sync.members().map(({ memberId, name, role, joinedAt, revokedAt }) => ({ memberId, name, role, joinedAt, revokedAt })),
      pending: await sync.pending(),
      ...(sync.offlineSince !== undefined ? { offlineSince: sync.offlineSince } : {}),
    };
  }

  /** Waits until every write made so far is carried into the team's documents (tests, leaving). */
  async settled(): Promise<void> {
    await this.sync?.settled();
  }

  /** Makes the team's book the one in use and starts its sync (`started`: once it has). */
  private openSync(membership: TeamMembership): { book: HandlebookDatabase; started: Promise<void> } {
    const book = new HandlebookDatabase(teamBookName(membership.teamId));
    markTeamBook(book);
    this.hooks.setBook(book);
    const sync = new TeamSync(book, membership, {
      changed: (change) => this.hooks.changed(change),
      refused: (reason) => void this.onRefused(reason),
      membersChanged: () => void announceRosterChange().catch(() => undefined),
    });
    this.sync = sync;
    sync.onPresence((handles) => this.hooks.presence?.(handles));
    sync.setPresence(mergeReports(this.presenceReports, Date.now()));
    return { book, started: sync.start() };
  }

  /**
   * The server refused this member's token. Revoked (or unknown, after the server lost its
   * data): ask /teams/me to be sure it is not a passing fault, then remove the team's data.
   */
  private async onRefused(reason: AuthFailureReason): Promise<void> {
    const membership = this.membership;
    if (!membership || membership.removed || this.checkingRefusal || reason === 'wrong-team') return;
    this.checkingRefusal = true;
    try {
      await whoAmI(membership.server, membership.token);
      // Still a member: a refusal in passing (the provider retries).
    } catch (error) {
      if (error instanceof TeamServerError && (error.code === 'revoked' || error.code === 'unknown-token')) {
        await this.dropTeamBook();
        this.membership = { ...membership, removed: { at: Date.now() } };
        await saveMembership(this.membership);
        await browser.alarms.clear(TEAM_ALARM);
        this.hooks.changed({ all: true });
      }
    } finally {
      this.checkingRefusal = false;
    }
  }

  /** Stops syncing and deletes the team's book from this browser; the personal book is shown again. */
  private async dropTeamBook(): Promise<void> {
    const sync = this.sync;
    this.sync = undefined;
    this.hooks.setBook(this.personal);
    if (!sync) return;
    // Presence ends with the team: nothing more is published, and the tabs forget the others.
    clearTimeout(this.presenceExpiry);
    this.presenceReports = {};
    void browser.storage.session.remove(PRESENCE_REPORTS_KEY).catch(() => undefined);
    this.hooks.presence?.({});
    sync.stop();
    sync.db.close();
    await Dexie.delete(sync.db.name);
  }

  /** Copies the personal book and canned replies into the team's (each then syncs like any write). */
  private async bringPersonalBook(book: HandlebookDatabase): Promise<void> {
    await writeTemplates(book, { put: await readAllTemplates(this.personal), delete: [] });
    const customers = await readAllCustomers(this.personal);
    const interactions = await readAllInteractions(this.personal);
    const byCustomer = new Map<string, typeof interactions>();
    for (const i of interactions) (byCustomer.get(i.customerKey) ?? byCustomer.set(i.customerKey, []).get(i.customerKey)!).push(i);
    for (let start = 0; start < customers.length; start += BRING_BATCH) {
      const batch = customers.slice(start, start + BRING_BATCH);
      await book.transaction('rw', [...new Set([...customerWriteTables(book), ...historyWriteTables(book)])], async () => {
        await writeCustomers(book, { put: batch });
        await writeHistory(book, { put: batch.flatMap((c) => byCustomer.get(c.key) ?? []) });
      });
    }
    this.written();
  }
}
