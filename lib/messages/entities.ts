import * as z from 'zod/mini';
import type { Customer, Interaction, Template } from '../db/types';
import type { CustomerSummary } from '../db/summaries';

// zod schemas of the entities that cross the message boundary. zod/mini keeps the content
// script small (DESIGN.md section 4). The `satisfies` checks at the bottom tie each schema to
// the stored type, so the two cannot drift apart.

export const LIMITS = {
  noteChars: 100_000,
  tagChars: 100,
  tagsPerCustomer: 100,
  fieldKeyChars: 100,
  fieldValueChars: 10_000,
  fieldsPerCustomer: 100,
  displayNameChars: 200,
  lookupBatch: 500,
  /** X Premium posts go up to 25,000 characters. */
  tweetChars: 25_000,
} as const;

export const handleSchema = z.string().check(z.regex(/^[A-Za-z0-9_]{1,20}$/));
export const userIdSchema = z.string().check(z.regex(/^[0-9]{1,20}$/));
export const statusIdSchema = z.string().check(z.regex(/^[0-9]{1,20}$/));
export const customerKeySchema = z.string().check(z.regex(/^(id:[0-9]{1,20}|h:[a-z0-9_]{1,20})$/));
export const caseStatusSchema = z.enum(['none', 'open', 'waiting_us', 'waiting_them', 'resolved']);
export const displayNameSchema = z.string().check(z.maxLength(LIMITS.displayNameChars));
export const noteTextSchema = z.string().check(z.maxLength(LIMITS.noteChars));
export const tagSchema = z.string().check(z.minLength(1), z.maxLength(LIMITS.tagChars));
export const fieldsSchema = z
  .record(
    z.string().check(z.minLength(1), z.maxLength(LIMITS.fieldKeyChars)),
    z.string().check(z.maxLength(LIMITS.fieldValueChars)),
  )
  .check(z.refine((r) => Object.keys(r).length <= LIMITS.fieldsPerCustomer, 'too many custom fields'));

export const accountRefSchema = z.object({
  handle: handleSchema,
  userId: z.optional(userIdSchema),
});

const noteSchema = z.object({
  id: z.string(),
  text: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  author: z.optional(z.string()),
});

const assigneeSchema = z.object({ member: z.string(), name: z.string() });

export const customerSchema = z.object({
  key: z.string(),
  userId: z.optional(z.string()),
  handle: z.string(),
  handleLower: z.string(),
  handleHistory: z.array(z.object({ handle: z.string(), changedAt: z.number() })),
  displayName: z.string(),
  tags: z.array(z.string()),
  status: caseStatusSchema,
  notes: z.array(noteSchema),
  fields: z.record(z.string(), z.string()),
  followers: z.optional(z.number()),
  firstSeen: z.number(),
  lastContact: z.number(),
  interactionCount: z.number(),
  recentAt: z.optional(z.array(z.number())),
  waitingSince: z.optional(z.number()),
  assignee: z.optional(assigneeSchema),
  assignments: z.optional(z.array(z.object({ id: z.string(), to: z.nullable(assigneeSchema), by: z.optional(z.string()), at: z.number() }))),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const interactionSchema = z.object({
  id: z.string(),
  customerKey: z.string(),
  direction: z.enum(['in', 'out']),
  tweetId: z.optional(z.string()),
  inReplyToId: z.optional(z.string()),
  excerpt: z.string(),
  text: z.string(),
  at: z.number(),
  templateId: z.optional(z.string()),
  dedupeKey: z.string(),
  responseMs: z.optional(z.number()),
  author: z.optional(z.string()),
  handled: z.optional(z.boolean()),
});

export const TEMPLATE_LIMITS = { title: 200, body: 25_000, shortcut: 40, folder: 100, tag: 50, tags: 50, lang: 35 } as const;

export const templateSourceSchema = z.object({
  packId: z.string(),
  upstreamId: z.string(),
  upstreamHash: z.string(),
  edited: z.boolean(),
  upstreamChanged: z.optional(z.boolean()),
});

export const templateSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  shortcut: z.optional(z.string()),
  folder: z.optional(z.string()),
  tags: z.array(z.string()),
  lang: z.optional(z.string()),
  usageCount: z.number(),
  lastUsedAt: z.optional(z.number()),
  createdAt: z.number(),
  updatedAt: z.number(),
  source: z.optional(templateSourceSchema),
});

/** What the template editor sends: the person's fields only. */
export const templateDraftSchema = z.object({
  id: z.optional(z.string().check(z.maxLength(100))),
  title: z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.title)),
  body: z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.body)),
  shortcut: z.optional(z.string().check(z.maxLength(TEMPLATE_LIMITS.shortcut), z.regex(/^[^\s;]*$/))),
  folder: z.optional(z.string().check(z.maxLength(TEMPLATE_LIMITS.folder))),
  tags: z.array(z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.tag))).check(z.maxLength(TEMPLATE_LIMITS.tags)),
  lang: z.optional(z.string().check(z.maxLength(TEMPLATE_LIMITS.lang))),
});

export const customerSummarySchema = z.object({
  key: z.string(),
  handle: z.string(),
  userId: z.optional(z.string()),
  displayName: z.string(),
  tags: z.array(z.string()),
  status: caseStatusSchema,
  noteCount: z.number(),
  interactionCount: z.number(),
  lastContact: z.number(),
  waitingSince: z.optional(z.number()),
  assignee: z.optional(assigneeSchema),
  recentInteractions: z.number(),
});

// Compile-time proof that schemas and stored types agree in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const customerMatches: Same<z.infer<typeof customerSchema>, Customer> = true;
const summaryMatches: Same<z.infer<typeof customerSummarySchema>, CustomerSummary> = true;
const interactionMatches: Same<z.infer<typeof interactionSchema>, Interaction> = true;
void interactionMatches;
const templateMatches: Same<z.infer<typeof templateSchema>, Template> = true;
void templateMatches;
void customerMatches;
void summaryMatches;
