import * as z from 'zod/mini';
import {
  accountRefSchema,
  caseStatusSchema,
  customerKeySchema,
  customerSchema,
  customerSummarySchema,
  displayNameSchema,
  interactionSchema,
  statusIdSchema,
  templateDraftSchema,
  templateSchema,
  fieldsSchema,
  handleSchema,
  LIMITS,
  noteTextSchema,
  tagSchema,
} from './entities';

// Every message between content scripts / extension pages and the background, one entry each:
// the request's schema, the reply's schema, and who may send it. The background validates
// both the request and the sender against this table before it touches the database.

/**
 * `content`: x.com / twitter.com content scripts and extension pages.
 * `extension`: extension pages only (bulk or destructive operations).
 */
export type Access = 'content' | 'extension';

function define<Req extends z.ZodMiniType, Rep extends z.ZodMiniType>(access: Access, request: Req, reply: Rep) {
  return { access, request, reply };
}

const empty = z.object({});

/** What a tab's content script last found of X's page (see lib/x/health.ts). */
export const pageHealthSchema = z.object({
  url: z.string(),
  anchors: z.record(z.string(), z.nullable(z.boolean())),
  disabledFeatures: z.array(z.string()),
  at: z.number(),
});
export type PageHealth = z.infer<typeof pageHealthSchema>;

/** How an import compared with the local library (lib/packs/merge.ts ImportPlan counts). */
const importCountsSchema = z.object({
  new: z.number(),
  unchanged: z.number(),
  changed: z.number(),
  conflict: z.number(),
  removedUpstream: z.number(),
});

/** What an import or a subscription wrote. */
const packOutcomeSchema = z.object({
  packId: z.string(),
  packName: z.string(),
  counts: importCountsSchema,
  written: z.number(),
  deleted: z.number(),
  flagged: z.number(),
});

/** A team member as team.status lists them (the server's members document). */
const teamMemberSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  role: z.enum(['agent', 'viewer']),
  joinedAt: z.number(),
  revokedAt: z.nullable(z.number()),
});

/** team.status: where this browser stands with its team. */
const teamStatusSchema = z.object({
  state: z.enum(['none', 'connecting', 'connected', 'offline', 'removed']),
  teamId: z.optional(z.string()),
  teamName: z.optional(z.string()),
  memberId: z.optional(z.string()),
  name: z.optional(z.string()),
  role: z.optional(z.enum(['agent', 'viewer'])),
  server: z.optional(z.string()),
  members: z.optional(z.array(teamMemberSchema)),
  /** Writes made here that the server has not acknowledged yet. */
  pending: z.number(),
  offlineSince: z.optional(z.number()),
  removedAt: z.optional(z.number()),
});
export type TeamStatusReply = z.infer<typeof teamStatusSchema>;

/**
 * Presence (lib/team/presence.ts): lower-cased handle -> the names of the other team members
 * replying to it / with its card open, sorted. Empty outside team mode.
 */
export const presenceHandlesSchema = z.record(
  z.string().check(z.maxLength(20)),
  z.object({ replying: z.array(z.string()), viewing: z.array(z.string()) }),
);
export type PresenceHandles = z.infer<typeof presenceHandlesSchema>;

const memberIdSchema = z.string().check(z.minLength(1), z.maxLength(100));
const memberRefSchema = z.object({ member: z.string(), name: z.string() });

/** team.roster: empty (me null) outside team mode. */
const teamRosterSchema = z.object({ me: z.nullable(memberRefSchema), members: z.array(memberRefSchema) });
export type TeamRoster = z.infer<typeof teamRosterSchema>;

/** How a tweet was answered (triage.lookup): the latest answer, and how many there were. */
export const tweetAnswerSchema = z.object({
  at: z.number(),
  /** Team mode: the member who answered. */
  by: z.optional(z.string()),
  /** Marked handled without a reply. */
  handled: z.boolean(),
  count: z.number(),
});
export type TweetAnswer = z.infer<typeof tweetAnswerSchema>;

/** One reply already sent to a tweet (interactions.repliesTo). */
export const earlierReplySchema = z.object({
  id: z.string(),
  /** The member who sent it; absent outside team mode (then it is this browser's own). */
  author: z.optional(z.string()),
  /** Sent from this browser (or, in a team, by this member). */
  mine: z.boolean(),
  at: z.number(),
  /** The reply's first words. */
  text: z.string(),
  /** Marked handled without a reply (no text). */
  handled: z.optional(z.boolean()),
});
export type EarlierReply = z.infer<typeof earlierReplySchema>;

/** What presence.report and presence.get answer: `active` is false outside team mode. */
const presenceReplySchema = z.object({ active: z.boolean(), handles: presenceHandlesSchema });

/** A case past its service-level target, with the tweet to answer when one was logged. */
const pastTargetCaseSchema = z.object({
  key: z.string(),
  handle: z.string(),
  displayName: z.string(),
  status: caseStatusSchema,
  /** When the case started waiting (its clock). */
  since: z.number(),
  targetMs: z.number(),
  dueAt: z.number(),
  /** The customer's latest logged tweet. */
  tweetId: z.optional(z.string()),
});
export type PastTargetCase = z.infer<typeof pastTargetCaseSchema>;

export const PROTOCOL = {
  ping: define('content', empty, z.object({ version: z.string() })),

  'customers.lookup': define(
    'content',
    z.object({ refs: z.array(accountRefSchema).check(z.maxLength(LIMITS.lookupBatch)) }),
    z.object({ summaries: z.record(z.string(), z.nullable(customerSummarySchema)) }),
  ),
  'customers.get': define(
    'content',
    z.object({ ref: accountRefSchema }),
    z.object({ customer: z.nullable(customerSchema) }),
  ),
  'customers.observe': define(
    'content',
    z.object({
      ref: accountRefSchema,
      displayName: z.optional(displayNameSchema),
      followers: z.optional(z.number().check(z.nonnegative())),
    }),
    z.object({ changed: z.array(z.string()) }),
  ),
  'customers.update': define(
    'content',
    z.object({
      ref: accountRefSchema,
      displayName: displayNameSchema,
      patch: z.object({
        displayName: z.optional(displayNameSchema),
        tags: z.optional(z.array(tagSchema).check(z.maxLength(LIMITS.tagsPerCustomer))),
        status: z.optional(caseStatusSchema),
        fields: z.optional(fieldsSchema),
      }),
    }),
    z.object({ customer: customerSchema }),
  ),
  'notes.add': define(
    'content',
    z.object({ ref: accountRefSchema, displayName: displayNameSchema, text: noteTextSchema }),
    z.object({ customer: customerSchema }),
  ),
  'notes.update': define(
    'content',
    z.object({ key: customerKeySchema, noteId: z.string().check(z.maxLength(64)), text: noteTextSchema }),
    z.object({ customer: customerSchema }),
  ),
  'notes.delete': define(
    'content',
    z.object({ key: customerKeySchema, noteId: z.string().check(z.maxLength(64)) }),
    z.object({ customer: customerSchema }),
  ),
  'interactions.logOutgoing': define(
    'content',
    z.object({
      ref: accountRefSchema,
      displayName: displayNameSchema,
      inReplyToId: z.optional(statusIdSchema),
      inReplyToText: z.string().check(z.maxLength(LIMITS.tweetChars)),
      text: z.string().check(z.minLength(1), z.maxLength(LIMITS.tweetChars)),
      templateId: z.optional(z.string().check(z.maxLength(100))),
      /** Team mode: take the case if it is open and nobody owns it (the person's setting). */
      claim: z.optional(z.boolean()),
    }),
    z.object({ customer: customerSchema, interaction: interactionSchema, duplicate: z.boolean() }),
  ),
  'interactions.logIncoming': define(
    'content',
    z.object({
      ref: accountRefSchema,
      displayName: displayNameSchema,
      tweetId: statusIdSchema,
      text: z.string().check(z.maxLength(LIMITS.tweetChars)),
      tweetedAt: z.optional(z.number()),
      openCase: z.boolean(),
    }),
    z.object({ customer: customerSchema, interaction: interactionSchema, duplicate: z.boolean() }),
  ),
  /** Triage markers: which of these tweets the desk answered (replied to, or marked handled), by whom, when. */
  'triage.lookup': define(
    'content',
    z.object({ statusIds: z.array(statusIdSchema).check(z.maxLength(LIMITS.lookupBatch)) }),
    z.object({ answered: z.record(z.string(), tweetAnswerSchema) }),
  ),
  /** Triage: this tweet needs no reply; recorded as an answer (so it counts as answered). */
  'interactions.markHandled': define(
    'content',
    z.object({ ref: accountRefSchema, displayName: displayNameSchema, tweetId: statusIdSchema, text: z.string().check(z.maxLength(LIMITS.tweetChars)) }),
    z.object({ customer: customerSchema, interaction: interactionSchema, duplicate: z.boolean() }),
  ),
  /** Our earlier replies to one tweet (the collision guard): who sent each, when, its start. */
  'interactions.repliesTo': define(
    'content',
    z.object({ ref: accountRefSchema, inReplyToId: statusIdSchema }),
    z.object({ replies: z.array(earlierReplySchema) }),
  ),
  'interactions.list': define(
    'content',
    z.object({ customerKey: customerKeySchema, limit: z.optional(z.number().check(z.int(), z.positive(), z.maximum(1000))) }),
    z.object({ interactions: z.array(interactionSchema) }),
  ),
  'health.report': define(
    'content',
    z.object({
      url: z.string().check(z.maxLength(2048)),
      anchors: z.record(z.enum(['tweet', 'author', 'composer', 'sendButton']), z.nullable(z.boolean())),
      disabledFeatures: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(50)),
    }),
    z.object({}),
  ),
  'health.get': define(
    'extension',
    z.object({ tabId: z.number().check(z.int()) }),
    z.object({ report: z.nullable(pageHealthSchema) }),
  ),
  'templates.list': define('content', empty, z.object({ templates: z.array(templateSchema) })),
  'templates.save': define('extension', z.object({ draft: templateDraftSchema }), z.object({ template: templateSchema })),
  'templates.duplicate': define('extension', z.object({ id: z.string() }), z.object({ template: templateSchema })),
  'templates.delete': define(
    'extension',
    z.object({ ids: z.array(z.string()).check(z.maxLength(10_000)) }),
    z.object({ deleted: z.number(), templates: z.array(templateSchema) }),
  ),
  'tags.list': define('content', empty, z.object({ tags: z.array(z.string()) })),
  'customers.delete': define(
    'extension',
    z.object({ keys: z.array(customerKeySchema).check(z.maxLength(100_000)) }),
    // What was deleted, so the page can offer undo (customers.restore).
    z.object({ deleted: z.number(), customers: z.array(customerSchema), interactions: z.array(interactionSchema) }),
  ),
  'customers.restore': define(
    'extension',
    z.object({
      customers: z.array(customerSchema).check(z.maxLength(100_000)),
      interactions: z.array(interactionSchema).check(z.maxLength(1_000_000)),
    }),
    z.object({ restored: z.number() }),
  ),
  // Team packs (lib/background/packs-handlers.ts). Imports carry the file's text: the
  // background parses and checks it again and writes it in one transaction.
  'packs.import': define(
    'extension',
    z.object({
      kind: z.enum(['pack', 'zendesk', 'csv']),
      text: z.string().check(z.maxLength(21 * 1024 * 1024)),
      fileName: z.optional(z.string().check(z.maxLength(255))),
      resolutions: z.record(z.string().check(z.maxLength(100)), z.enum(['keep-mine', 'take-theirs', 'keep-both'])),
    }),
    packOutcomeSchema,
  ),
  'packs.remove': define(
    'extension',
    z.object({ packId: z.string().check(z.minLength(1), z.maxLength(100)) }),
    z.object({ deleted: z.number(), detached: z.number() }),
  ),
  'packs.subscribe': define('extension', z.object({ url: z.string().check(z.maxLength(2048)) }), packOutcomeSchema),
  'packs.refresh': define(
    'extension',
    z.object({ packId: z.optional(z.string().check(z.maxLength(100))) }),
    z.object({
      results: z.array(
        z.object({
          packId: z.string(),
          status: z.enum(['updated', 'not-modified', 'failed']),
          message: z.optional(z.string()),
          counts: z.optional(importCountsSchema),
        }),
      ),
    }),
  ),
  'templates.resolveUpstream': define(
    'extension',
    z.object({ id: z.string().check(z.maxLength(100)), choice: z.enum(['take-theirs', 'keep-mine']) }),
    z.object({ template: templateSchema }),
  ),
  'customers.bulkUpdate': define(
    'extension',
    z.object({
      keys: z.array(customerKeySchema).check(z.maxLength(100_000)),
      addTags: z.optional(z.array(tagSchema).check(z.maxLength(LIMITS.tagsPerCustomer))),
      removeTags: z.optional(z.array(tagSchema).check(z.maxLength(LIMITS.tagsPerCustomer))),
      status: z.optional(caseStatusSchema),
      /** Team mode: a member id to assign the cases to, or null to unassign them. */
      assignTo: z.optional(z.nullable(memberIdSchema)),
    }),
    z.object({ updated: z.number() }),
  ),
  /** Team mode: who owns a customer's case ('me': this browser's member; null: nobody). */
  'customers.assign': define(
    'content',
    z.object({ ref: accountRefSchema, displayName: displayNameSchema, to: z.union([z.literal('me'), memberIdSchema, z.null()]) }),
    z.object({ customer: customerSchema }),
  ),
  /** Team mode: this browser's member and the members a case can be assigned to (agents). */
  'team.roster': define('content', empty, teamRosterSchema),
  // Team mode (lib/background/team-controller.ts). The names and shapes are a contract.
  'team.join': define(
    'extension',
    z.object({
      server: z.string().check(z.minLength(1), z.maxLength(2048)),
      invite: z.string().check(z.minLength(1), z.maxLength(200)),
      name: z.string().check(z.refine((n) => n.trim().length > 0, 'must not be empty'), z.maxLength(60)),
      /** Copy this browser's own customers into the team (else they stay personal, untouched). */
      bringPersonal: z.optional(z.boolean()),
    }),
    teamStatusSchema,
  ),
  'team.status': define('extension', empty, teamStatusSchema),
  'team.leave': define('extension', empty, teamStatusSchema),
  // Presence (lib/team/presence.ts). A tab says what it is doing now (replaces its last report;
  // both null: nothing); never what is typed. Tabs re-send it every ~5 s while it is not empty.
  'presence.report': define(
    'content',
    z.object({ replying: z.nullable(handleSchema), viewing: z.nullable(handleSchema) }),
    presenceReplySchema,
  ),
  'presence.get': define('content', empty, presenceReplySchema),
  // The sample desk (lib/sample/, lib/background/sample-handlers.ts), from the welcome page and
  // the popup. Loading is refused in team mode: the sample would be shared with every member.
  'sample.load': define(
    'extension',
    empty,
    z.object({ added: z.number(), alreadyLoaded: z.number(), skipped: z.array(z.string()), replies: z.number() }),
  ),
  'sample.remove': define(
    'extension',
    empty,
    z.object({ removed: z.number(), kept: z.array(z.string()), repliesRemoved: z.number(), repliesKept: z.number() }),
  ),
  /** Service-level targets (lib/sla/targets.ts): the cases past target, the longest waiting first. */
  'sla.pastTarget': define('extension', empty, z.object({ cases: z.array(pastTargetCaseSchema), now: z.number() })),
  /** Re-counts the cases past target now (the toolbar badge); answers how many there are. */
  'sla.check': define('extension', empty, z.object({ pastTarget: z.number() })),
} as const;

export type RequestType = keyof typeof PROTOCOL;

/** Requests that change the customer book: refused while this browser is a team's viewer. */
export const BOOK_WRITE_TYPES: ReadonlySet<RequestType> = new Set<RequestType>([
  'customers.observe',
  'customers.update',
  'notes.add',
  'notes.update',
  'notes.delete',
  'interactions.logOutgoing',
  'interactions.logIncoming',
  'interactions.markHandled',
  'customers.delete',
  'customers.restore',
  'customers.bulkUpdate',
  'customers.assign',
  'sample.load',
  'sample.remove',
]);
export type RequestOf<T extends RequestType> = z.infer<(typeof PROTOCOL)[T]['request']>;
export type ReplyOf<T extends RequestType> = z.infer<(typeof PROTOCOL)[T]['reply']>;

/** What travels over `runtime.sendMessage`: the type tag and its payload. */
export const envelopeSchema = z.object({
  handlebook: z.literal(1),
  type: z.string(),
  payload: z.unknown(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const errorCodeSchema = z.enum([
  'invalid_request',
  'forbidden',
  'not_found',
  'quota_exceeded',
  'internal',
  'unavailable',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The background never throws across the boundary: it answers with one of these. */
export const replyEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: errorCodeSchema, message: z.string(), field: z.optional(z.string()) }),
  }),
]);
export type ReplyEnvelope = z.infer<typeof replyEnvelopeSchema>;

// The request port. A runtime.sendMessage opens a message channel through the browser process
// for every request and closes it after the answer; a long-lived port pays for that once. Over
// a port a request costs half as much (measured from an extension page, 50 refs: p50 1.0 ms by
// sendMessage, 0.5 ms by port; bench/README.md), which matters for the badges' lookup, sent
// once per batch of new tweets. Only read-only requests ride it: the port closes whenever
// Chrome stops the worker, and then a request may have been handled without its answer
// arriving, so the client asks once more. That is harmless for a read and could repeat a write,
// so every other request keeps runtime.sendMessage.

/** runtime.connect name of the request port (lib/messages/port-client.ts, lib/background/request-port.ts). */
export const REQUEST_PORT_NAME = 'handlebook.requests';

/** Requests that may be sent over the request port: they read and never write. */
export const PORT_REQUEST_TYPES: ReadonlySet<RequestType> = new Set<RequestType>(['customers.lookup', 'customers.get', 'triage.lookup']);

/**
 * Client to background over the request port: a request (an Envelope, checked by the router
 * exactly as if it came by sendMessage) and the number its answer will carry.
 */
export const portRequestSchema = z.object({ id: z.number(), message: z.unknown() });
export type PortRequest = z.infer<typeof portRequestSchema>;

/** Background to client over the request port: the answer (a ReplyEnvelope, checked by the client) to request `id`. */
export const portReplySchema = z.object({ id: z.number(), reply: z.unknown() });
export type PortReply = z.infer<typeof portReplySchema>;

/** Background to x.com tabs after every write, so every tab and badge stays in sync. */
export const changedBroadcastSchema = z.object({
  handlebook: z.literal(1),
  type: z.literal('changed'),
  /** Lower-cased handles whose records changed; empty with `all` for bulk changes. */
  handles: z.array(z.string()),
  all: z.boolean(),
  templates: z.boolean(),
  settings: z.boolean(),
});
export type ChangedBroadcast = z.infer<typeof changedBroadcastSchema>;

/** Background to x.com tabs whenever the other members' presence changes (lib/team/presence.ts). */
export const presenceBroadcastSchema = z.object({
  handlebook: z.literal(1),
  type: z.literal('presence'),
  handles: presenceHandlesSchema,
});
export type PresenceBroadcast = z.infer<typeof presenceBroadcastSchema>;
