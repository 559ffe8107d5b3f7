import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionSession } from './extension';
import { blockExternalNetwork, routeReplicaX, type ReplicaXOptions } from './replica-x';
import type { Customer } from '@/lib/db/types';
import { adminClient } from '../../server/support/api';
import { send } from './seed';
import { waitFor } from '../../server/support/util';

/** What team.status answers (lib/messages/protocol.ts). */
export interface TeamStatus {
  state: 'none' | 'connecting' | 'connected' | 'offline' | 'removed';
  teamId?: string;
  memberId?: string;
  members?: { memberId: string; name: string; role: string; revokedAt: number | null }[];
  pending: number;
}

export interface TeamMember {
  name: string;
  session: ExtensionSession;
  /** An extension page to send messages from. */
  dashboard: Page;
  status(): Promise<TeamStatus>;
  close(): Promise<void>;
}

/**
 * A person in their own browser profile (real Chromium, the built extension, replica X pages,
 * no network but the team server at `serverUrl`), joined to a team with `invite`.
 */
export async function joinedMember(
  serverUrl: string,
  invite: string,
  name: string,
  options: {
    /** Runs before joining, from an extension page (to give the person a personal book first). */
    before?: (page: Page) => Promise<void>;
    /** Copy that personal book into the team's as the person joins (team.join's bringPersonal). */
    bringPersonal?: boolean;
    headless?: boolean;
    /** How the replica x.com pages are served (routeReplicaX). */
    replica?: ReplicaXOptions;
  } = {},
): Promise<TeamMember> {
  const server = new URL(serverUrl);
  const session = await launchWithExtension({ headless: options.headless ?? true });
  await blockExternalNetwork(session.context, { allow: (url) => url.host === server.host });
  await routeReplicaX(session.context, options.replica);
  // A page open while joining reloads itself onto the team's book (lib/team/page-book.ts): the
  // answer may or may not reach it first. Either way, wait for the reload, then use the page.
  const dashboard = await session.openExtensionPage('dashboard.html');
  await options.before?.(dashboard);
  await send(dashboard, 'team.join', { server: serverUrl, invite, name, ...(options.bringPersonal ? { bringPersonal: true } : {}) }).catch((error: Error) => {
    if (!/Execution context was destroyed/.test(error.message)) throw error;
  });
  // (No vitest here: the demo script uses this too.)
  await waitFor(
    'the dashboard to reload onto the team book',
    async () => (await dashboard.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type).catch(() => 'navigating')) === 'reload',
    { timeoutMs: 10_000 },
  );
  await dashboard.waitForLoadState('load');
  const member: TeamMember = {
    name,
    session,
    dashboard,
    status: () => send<TeamStatus>(dashboard, 'team.status', {}),
    close: () => session.close(),
  };
  await waitFor(`${name} to connect`, async () => (await member.status()).state === 'connected', { timeoutMs: 15_000, intervalMs: 100 });
  return member;
}

export async function expectState(member: TeamMember, state: TeamStatus['state'], timeout = 15_000): Promise<void> {
  await expect.poll(async () => (await member.status()).state, { timeout, interval: 100 }).toBe(state);
}

/** Waits until nothing this member wrote is waiting to be sent. */
export async function expectAllSent(member: TeamMember, timeout = 15_000): Promise<void> {
  await expect.poll(async () => (await member.status()).pending, { timeout, interval: 100 }).toBe(0);
}

/**
 * Runs `action`, which makes `page` reload itself (an extension page does when the book in use
 * changes: lib/team/page-book.ts), and resolves once the new document has loaded, so nothing
 * after it runs in the page that is going away.
 */
export async function reloadedBy(page: Page, action: () => Promise<unknown>, timeout = 10_000): Promise<void> {
  await page.evaluate(() => ((globalThis as { beforeReload?: boolean }).beforeReload = true));
  await action();
  await expect
    .poll(
      () => page.evaluate(() => !(globalThis as { beforeReload?: boolean }).beforeReload && document.readyState === 'complete').catch(() => false),
      { timeout, interval: 50 },
    )
    .toBe(true);
}

/**
 * A new team with one member per name, each joined in their own browser; with several servers
 * (instances of one team server), member n joins through server n (the last one for the rest).
 */
export async function newTeam(servers: readonly { url: string; adminToken: string }[], names: readonly string[]): Promise<TeamMember[]> {
  const first = servers[0]!;
  const admin = adminClient(first.url, first.adminToken);
  const team = await admin.createTeam('Northwind support');
  const members: TeamMember[] = [];
  for (const [n, name] of names.entries()) {
    const server = servers[Math.min(n, servers.length - 1)]!;
    members.push(await joinedMember(server.url, n === 0 ? team.invite : await admin.createInvite(team.teamId), name));
  }
  return members;
}

/** The customer record `member`'s Handlebook has for `handle` (null: none). */
export async function customerOf(member: TeamMember, handle: string): Promise<Customer | null> {
  return (await send<{ customer: Customer | null }>(member.dashboard, 'customers.get', { ref: { handle } })).customer;
}
