import type { HandlebookDatabase } from '../db/database';
import { loadHealth, saveHealth } from './health-store';
import { showPageHealth } from './action-title';
import { deleteTemplates, duplicateTemplate, listTemplates, saveTemplate } from '../db/templates';
import { bulkUpdateCustomers, deleteCustomers, restoreCustomers } from '../db/bulk';
import { readKnownTags } from '../db/customer-store';
import {
  addNote,
  deleteNote,
  findCustomer,
  observeAccount,
  updateCustomer,
  updateNote,
} from '../db/customers';
import { lookupSummaries } from '../db/lookup';
import { excerptOf, listInteractions, logIncoming, logOutgoing, markHandled, repliesTo } from '../db/interactions';
import { readAnswers } from '../db/answered-tweets';
import type { ReplyOf, RequestOf, RequestType, TweetAnswer } from '../messages/protocol';
import type { Assignee, Customer } from '../db/types';
import { assignCustomer } from '../db/assignments';
import { RequestRejectedError } from '../messages/errors';
import { PACK_HANDLERS, validateTemplateDraft } from './packs-handlers';
import { ruleEffectFor } from './rule-effects';
import { SAMPLE_HANDLERS } from './sample-handlers';
import { checkSla, pastTargetCases } from './sla-watch';
import type { TeamController } from './team-controller';

/** What a write tells the tabs: which handles to refresh, or everything. */
export interface Change {
  handles?: string[];
  all?: boolean;
  templates?: boolean;
  settings?: boolean;
}

export interface HandlerContext {
  db: HandlebookDatabase;
  now: () => number;
  /** Called after a successful write; the router pushes it to every x.com tab. */
  changed: (change: Change) => void;
  version: string;
  /** The sending tab, for content-script messages. */
  tabId?: number;
  /** Team mode (absent where no team can be joined, as in most unit tests). */
  team?: TeamController;
  /** Resolves once the worker knows which book to use (team or personal); handlers wait for it. */
  ready?: Promise<unknown>;
}

type Handlers = { [T in RequestType]: (payload: RequestOf<T>, ctx: HandlerContext) => Promise<ReplyOf<T>> };

function customerChanged(ctx: HandlerContext, ...customers: Customer[]) {
  const handles = customers.flatMap((c) => [c.handleLower, ...c.handleHistory.map((h) => h.handle.toLowerCase())]);
  ctx.changed({ handles });
}

/** In team mode, the member name a new interaction is stamped with. */
function authorOf(ctx: HandlerContext): { author?: string } {
  const name = ctx.team?.me()?.name;
  return name ? { author: name } : {};
}

/**
 * The member a case goes to: 'me', a member id of the team's agents, or null (unassigned).
 * Outside a team, or for someone who is not (or no longer) an agent of it: a clear refusal.
 */
function assigneeOf(ctx: HandlerContext, to: string | null): Assignee | null {
  const roster = ctx.team?.roster();
  if (!roster?.me) throw new RequestRejectedError("Assigning cases needs a team: join one in the dashboard's Team tab.");
  if (to === null) return null;
  if (to === 'me') return roster.me;
  const member = roster.members.find((m) => m.member === to);
  if (!member) throw new RequestRejectedError('That member is not an agent of this team (removed, or a viewer): choose another.');
  return member;
}

/** One function per message type. Each validates nothing itself: the router already did. */
export const HANDLERS: Handlers = {
  ping: async (_payload, ctx) => ({ version: ctx.version }),

  'customers.lookup': async ({ refs }, ctx) => ({ summaries: await lookupSummaries(ctx.db, refs, ctx.now()) }),

  'customers.get': async ({ ref }, ctx) => ({ customer: (await findCustomer(ctx.db, ref)) ?? null }),

  'customers.observe': async ({ ref, displayName, followers }, ctx) => {
    const changed = await observeAccount(
      ctx.db,
      ref,
      { ...(displayName !== undefined ? { displayName } : {}), ...(followers !== undefined ? { followers } : {}) },
      ctx.now(),
    );
    if (changed.length) ctx.changed({ handles: [ref.handle.toLowerCase()] });
    return { changed };
  },

  'customers.update': async ({ ref, displayName, patch }, ctx) => {
    const customer = await updateCustomer(ctx.db, ref, displayName, patch, ctx.now());
    customerChanged(ctx, customer);
    return { customer };
  },

  'notes.add': async ({ ref, displayName, text }, ctx) => {
    const customer = await addNote(ctx.db, ref, displayName, text, ctx.now());
    customerChanged(ctx, customer);
    return { customer };
  },

  'notes.update': async ({ key, noteId, text }, ctx) => {
    const customer = await updateNote(ctx.db, key, noteId, text, ctx.now());
    customerChanged(ctx, customer);
    return { customer };
  },

  'notes.delete': async ({ key, noteId }, ctx) => {
    const customer = await deleteNote(ctx.db, key, noteId, ctx.now());
    customerChanged(ctx, customer);
    return { customer };
  },

  'customers.assign': async ({ ref, displayName, to }, ctx) => {
    const customer = await assignCustomer(ctx.db, ref, displayName, assigneeOf(ctx, to), ctx.team?.me()?.name, ctx.now());
    customerChanged(ctx, customer);
    return { customer };
  },

  'team.roster': async (_payload, ctx) => ctx.team?.roster() ?? { me: null, members: [] },

  'interactions.logOutgoing': async ({ ref, displayName, inReplyToId, inReplyToText, text, templateId, claim }, ctx) => {
    const me = ctx.team?.me();
    const result = await logOutgoing(
      ctx.db,
      {
        ref,
        displayName,
        inReplyToText,
        text,
        ...(inReplyToId !== undefined ? { inReplyToId } : {}),
        ...(templateId !== undefined ? { templateId } : {}),
        ...authorOf(ctx),
        ...(claim && me ? { claim: me } : {}),
      },
      ctx.now(),
    );
    if (!result.duplicate) {
      customerChanged(ctx, result.customer);
      if (templateId) ctx.changed({ templates: true });
    }
    return result;
  },

  'interactions.logIncoming': async ({ ref, displayName, tweetId, text, tweetedAt, openCase }, ctx) => {
    const rules = await ruleEffectFor(text);
    const result = await logIncoming(
      ctx.db,
      { ref, displayName, tweetId, text, openCase, ...(tweetedAt !== undefined ? { tweetedAt } : {}), ...authorOf(ctx), ...(rules ? { rules } : {}) },
      ctx.now(),
    );
    customerChanged(ctx, result.customer);
    return result;
  },

  'interactions.repliesTo': async ({ ref, inReplyToId }, ctx) => {
    const me = ctx.team?.me()?.name;
    const replies = await repliesTo(ctx.db, ref, inReplyToId);
    return {
      replies: replies.map((i) => ({
        id: i.id,
        ...(i.author ? { author: i.author } : {}),
        // Unstamped replies were logged here before the team (or outside one): this browser's.
        mine: !i.author || i.author === me,
        at: i.at,
        text: excerptOf(i.text),
        ...(i.handled ? { handled: true } : {}),
      })),
    };
  },

  'triage.lookup': async ({ statusIds }, ctx) => {
    const found = await readAnswers(ctx.db, statusIds);
    const answered: Record<string, TweetAnswer> = {};
    for (const [statusId, answers] of found) {
      const last = answers[answers.length - 1]!;
      answered[statusId] = { at: last.at, ...(last.by ? { by: last.by } : {}), handled: !!last.handled, count: answers.length };
    }
    return { answered };
  },

  'interactions.markHandled': async ({ ref, displayName, tweetId, text }, ctx) => {
    const me = ctx.team?.me();
    const result = await markHandled(ctx.db, { ref, displayName, tweetId, tweetText: text, ...authorOf(ctx), ...(me ? { claim: me } : {}) }, ctx.now());
    if (!result.duplicate) customerChanged(ctx, result.customer);
    return result;
  },

  'interactions.list': async ({ customerKey, limit }, ctx) => ({
    interactions: await listInteractions(ctx.db, customerKey, limit),
  }),

  'health.report': async ({ url, anchors, disabledFeatures }, ctx) => {
    if (ctx.tabId !== undefined) {
      await saveHealth(ctx.tabId, { url, anchors, disabledFeatures, at: ctx.now() });
      await showPageHealth(ctx.tabId, { anchors });
    }
    return {};
  },

  'health.get': async ({ tabId }) => ({ report: await loadHealth(tabId) }),

  'templates.list': async (_payload, ctx) => ({ templates: await listTemplates(ctx.db) }),

  'templates.save': async ({ draft }, ctx) => {
    // Unknown variables or an unclosed {{ would be blocked at send time: refuse to store them.
    validateTemplateDraft(draft);
    const template = await saveTemplate(ctx.db, draft, ctx.now());
    ctx.changed({ templates: true });
    return { template };
  },

  'templates.duplicate': async ({ id }, ctx) => {
    const template = await duplicateTemplate(ctx.db, id, ctx.now());
    ctx.changed({ templates: true });
    return { template };
  },

  'templates.delete': async ({ ids }, ctx) => {
    const templates = await deleteTemplates(ctx.db, ids);
    ctx.changed({ templates: true });
    return { deleted: templates.length, templates };
  },

  'tags.list': async (_payload, ctx) => ({
    // Multi-entry index: its unique keys are every tag in use, sorted.
    tags: await readKnownTags(ctx.db),
  }),

  'customers.delete': async ({ keys }, ctx) => {
    const removed = await deleteCustomers(ctx.db, keys);
    ctx.changed({ all: true });
    return { deleted: removed.customers.length, ...removed };
  },

  'customers.restore': async ({ customers, interactions }, ctx) => {
    const restored = await restoreCustomers(ctx.db, customers, interactions);
    ctx.changed({ all: true });
    return { restored };
  },

  'customers.bulkUpdate': async ({ keys, addTags, removeTags, status, assignTo }, ctx) => {
    const assign = assignTo === undefined ? {} : { assign: { to: assigneeOf(ctx, assignTo), by: ctx.team?.me()?.name } };
    const updated = await bulkUpdateCustomers(
      ctx.db,
      keys,
      { ...(addTags ? { addTags } : {}), ...(removeTags ? { removeTags } : {}), ...(status ? { status } : {}), ...assign },
      ctx.now(),
    );
    ctx.changed({ all: true });
    return { updated };
  },

  'team.join': async ({ server, invite, name, bringPersonal }, ctx) =>
    teamOf(ctx).join({ server, invite, name, bringPersonal: bringPersonal ?? false }),

  'team.status': async (_payload, ctx) => (ctx.team ? ctx.team.status() : { state: 'none', pending: 0 }),

  'team.leave': async (_payload, ctx) => teamOf(ctx).leave(),

  // Presence: only tabs report (an extension page has no reply box); outside team mode
  // nothing is kept and `active` is false.
  'presence.report': async ({ replying, viewing }, ctx) => {
    if (!ctx.team) return { active: false, handles: {} };
    return ctx.tabId === undefined ? ctx.team.presenceNow() : ctx.team.reportPresence(ctx.tabId, { replying, viewing });
  },

  'presence.get': async (_payload, ctx) => (ctx.team ? ctx.team.presenceNow() : { active: false, handles: {} }),

  'sla.pastTarget': async (_payload, ctx) => pastTargetCases(ctx.db, ctx.now()),

  'sla.check': async (_payload, ctx) => ({ pastTarget: await checkSla(ctx.db, ctx.now()) }),

  ...PACK_HANDLERS,
  ...SAMPLE_HANDLERS,
};

function teamOf(ctx: HandlerContext): TeamController {
  if (!ctx.team) throw new RequestRejectedError('Team mode is not available here.');
  return ctx.team;
}
