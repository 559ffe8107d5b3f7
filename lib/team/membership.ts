import { browser } from 'wxt/browser';
import { DATABASE_NAME } from '../db/database';
import type { MemberRole } from './server-api';

/**
 * This browser's membership of a team, kept in storage.local (the worker forgets everything
 * when it stops). The token is the member's credential for the WebSocket and /teams/me; it is
 * never shown again after joining and leaves the browser only for the team's own server.
 *
 * While a membership is active, the book every part of Handlebook shows is the team's: a
 * database of its own (teamBookName), so the personal book stays as it was, untouched, and is
 * what Handlebook shows again after leaving.
 */
export interface TeamMembership {
  /** The server's HTTP base URL as joined, e.g. http://127.0.0.1:8787. */
  server: string;
  teamId: string;
  teamName: string;
  memberId: string;
  /** The member's name as the team sees it (notes and replies carry it). */
  name: string;
  role: MemberRole;
  token: string;
  joinedAt: number;
  /** Set when the server said this member was removed: the team's data is gone from here. */
  removed?: { at: number };
}

export const MEMBERSHIP_KEY = 'team.membership';

export async function loadMembership(): Promise<TeamMembership | undefined> {
  const stored = await browser.storage.local.get(MEMBERSHIP_KEY);
  return (stored[MEMBERSHIP_KEY] as TeamMembership | undefined) ?? undefined;
}

export async function saveMembership(membership: TeamMembership | undefined): Promise<void> {
  if (membership) await browser.storage.local.set({ [MEMBERSHIP_KEY]: membership });
  else await browser.storage.local.remove(MEMBERSHIP_KEY);
}

/** The database a team's book lives in. */
export function teamBookName(teamId: string): string {
  return `${DATABASE_NAME}-team-${teamId}`;
}

/** The database Handlebook shows: the team's while a membership is active, else the personal one. */
export function activeBookName(membership: TeamMembership | undefined): string {
  return membership && !membership.removed ? teamBookName(membership.teamId) : DATABASE_NAME;
}
