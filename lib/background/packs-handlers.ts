import { RequestRejectedError } from '../messages/errors';
import { browser } from 'wxt/browser';
import type { HandlebookDatabase } from '../db/database';
import { newId } from '../db/ids';
import type { ReplyOf, RequestOf } from '../messages/protocol';
import {
  assertValidTemplateBody,
  importPackIntoDb,
  parseImport,
  removePackFromDb,
  resolveUpstreamChange,
  type ImportOutcome,
} from '../packs/import';
import {
  checkSubscriptionUrl,
  DEFAULT_REFRESH_MINUTES,
  refreshAllSubscriptions,
  refreshSubscription,
  REFRESH_ALARM,
  subscribeToPack,
  subscriptionPatterns,
  type RefreshResult,
  type SubscriptionDeps,
} from '../packs/subscriptions';
import type { HandlerContext } from './handlers';

// Handlers for team packs, subscriptions and upstream changes. handlers.ts spreads them into
// HANDLERS; the router has already checked the sender (extension pages only) and the schema.

/** What the browser provides, replaceable in tests. */
export interface PacksPlatform {
  fetch: SubscriptionDeps['fetch'];
  hasPermission: (pattern: string) => Promise<boolean>;
  removePermission: (pattern: string) => Promise<void>;
  alarms: {
    get: (name: string) => Promise<{ periodInMinutes?: number } | undefined>;
    create: (name: string, info: { delayInMinutes: number; periodInMinutes: number }) => Promise<void> | void;
    clear: (name: string) => Promise<boolean | void>;
  };
}

function browserPlatform(): PacksPlatform {
  return {
    fetch: (url, init) => fetch(url, init),
    hasPermission: async (pattern) => {
      try {
        return await browser.permissions.contains({ origins: [pattern] });
      } catch {
        return false;
      }
    },
    removePermission: async (pattern) => {
      try {
        await browser.permissions.remove({ origins: [pattern] });
      } catch {
        // Not granted, or required: nothing to release.
      }
    },
    alarms: {
      get: async (name) => (await browser.alarms.get(name)) ?? undefined,
      create: (name, info) => browser.alarms.create(name, info),
      clear: (name) => browser.alarms.clear(name),
    },
  };
}

let platform: PacksPlatform | undefined;

function getPlatform(): PacksPlatform {
  platform ??= browserPlatform();
  return platform;
}

/** For tests: replace what the browser provides. */
export function setPacksPlatform(next: PacksPlatform | undefined): void {
  platform = next;
}

function subscriptionDeps(ctx: HandlerContext): SubscriptionDeps {
  const p = getPlatform();
  return { fetch: p.fetch, now: ctx.now, newId, hasPermission: p.hasPermission };
}

/**
 * One alarm checks every subscription: created (every 6 hours) when there is at least one
 * subscription, cleared when there is none. Creating an alarm that exists would reset its
 * schedule, so an existing one with the right period is left alone.
 */
export async function syncRefreshAlarm(db: HandlebookDatabase): Promise<void> {
  const p = getPlatform();
  const subscribed = (await db.packs.toArray()).some((pack) => pack.subscriptionUrl !== undefined);
  const existing = await p.alarms.get(REFRESH_ALARM);
  if (!subscribed) {
    if (existing) await p.alarms.clear(REFRESH_ALARM);
    return;
  }
  if (existing?.periodInMinutes === DEFAULT_REFRESH_MINUTES) return;
  await p.alarms.create(REFRESH_ALARM, { delayInMinutes: DEFAULT_REFRESH_MINUTES, periodInMinutes: DEFAULT_REFRESH_MINUTES });
}

/** The alarm fired: check every subscription. Returns whether any templates changed. */
export async function onRefreshAlarm(ctx: HandlerContext): Promise<RefreshResult[]> {
  const results = await refreshAllSubscriptions(ctx.db, subscriptionDeps(ctx));
  if (results.some((r) => r.status === 'updated')) ctx.changed({ templates: true });
  return results;
}

function outcomeReply(o: ImportOutcome): ReplyOf<'packs.import'> {
  return { packId: o.packId, packName: o.pack.name, counts: o.counts, written: o.written, deleted: o.deleted, flagged: o.flagged };
}

/** Refuses a draft whose body the composer could not send; called from the templates.save handler. */
export function validateTemplateDraft(draft: RequestOf<'templates.save'>['draft']): void {
  assertValidTemplateBody(draft.body);
}

type PackRequest = 'packs.import' | 'packs.remove' | 'packs.subscribe' | 'packs.refresh' | 'templates.resolveUpstream';

export const PACK_HANDLERS: { [T in PackRequest]: (payload: RequestOf<T>, ctx: HandlerContext) => Promise<ReplyOf<T>> } = {
  'packs.import': async ({ kind, text, fileName, resolutions }, ctx) => {
    const parsed = parseImport(text, { kind, ...(fileName !== undefined ? { fileName } : {}) });
    if (!parsed.ok) {
      const first = parsed.errors[0];
      throw new RequestRejectedError(`Nothing was imported: ${first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'the file is not valid'}`);
    }
    const outcome = await importPackIntoDb(ctx.db, parsed.pack, { now: ctx.now(), newId, resolutions });
    ctx.changed({ templates: true });
    return outcomeReply(outcome);
  },

  'packs.remove': async ({ packId }, ctx) => {
    const removed = await removePackFromDb(ctx.db, packId);
    ctx.changed({ templates: true });
    await syncRefreshAlarm(ctx.db);
    // Release the site permission when no other subscription needs it.
    const url = removed.pack?.subscriptionUrl;
    if (url) {
      const checked = checkSubscriptionUrl(url);
      if (checked.ok && !(await subscriptionPatterns(ctx.db)).has(checked.pattern)) await getPlatform().removePermission(checked.pattern);
    }
    return { deleted: removed.deleted, detached: removed.detached };
  },

  'packs.subscribe': async ({ url }, ctx) => {
    const outcome = await subscribeToPack(ctx.db, url, subscriptionDeps(ctx));
    ctx.changed({ templates: true });
    await syncRefreshAlarm(ctx.db);
    return outcomeReply(outcome);
  },

  'packs.refresh': async ({ packId }, ctx) => {
    const deps = subscriptionDeps(ctx);
    const results = packId !== undefined ? [await refreshSubscription(ctx.db, packId, deps)] : await refreshAllSubscriptions(ctx.db, deps);
    if (results.some((r) => r.status === 'updated')) ctx.changed({ templates: true });
    await syncRefreshAlarm(ctx.db);
    return {
      results: results.map((r) => ({
        packId: r.packId,
        status: r.status,
        ...(r.message !== undefined ? { message: r.message } : {}),
        ...(r.outcome ? { counts: r.outcome.counts } : {}),
      })),
    };
  },

  'templates.resolveUpstream': async ({ id, choice }, ctx) => {
    const template = await resolveUpstreamChange(ctx.db, id, choice, ctx.now());
    ctx.changed({ templates: true });
    return { template };
  },
};
