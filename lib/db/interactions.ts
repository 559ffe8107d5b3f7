import type { HandlebookDatabase } from './database';
import { fnv1a } from './buckets';
import { customerWriteTables, writeCustomers } from './customer-store';
import { findCustomer } from './customers';
import { historyWriteTables, readHistory, writeHistory } from './history-store';
import { emptyCustomer, type AccountRef } from './identity';
import { newId } from './ids';
import { withRecent } from './summaries';
import { getTemplate, writeTemplates } from './template-store';
import type { Assignee, Customer, Interaction } from './types';
import { withAssignee } from './assignments';
import { isOpenCase } from './case-status';
import type { RuleStatus } from '../triage/rules';

/** `recentAt` only when known (withRecent leaves an incomplete list undefined). */
const recentField = (recentAt: number[] | undefined) => (recentAt ? { recentAt } : {});

// Interaction history: what was said, when, in which direction. Every write updates the
// customer's counters in the same transaction, so the badge and the timeline always agree.

const EXCERPT_CHARS = 280;

export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

/** FNV-1a over the text: a stable, cheap fingerprint for de-duplicating the same reply. */
export function fingerprint(text: string): string {
  return fnv1a(text).toString(36);
}

export interface OutgoingReply {
  ref: AccountRef;
  displayName: string;
  /** The tweet we answered. */
  inReplyToId?: string;
  /** Text of the tweet we answered. */
  inReplyToText: string;
  /** Our reply. */
  text: string;
  templateId?: string;
  /** In team mode, the member sending it (stamped now, so the guard and card know at once). */
  author?: string;
  /** In team mode, with the "take unassigned cases I answer" setting: who takes an open case nobody owns. */
  claim?: Assignee;
  /** Marked handled without a reply (triage): `text` is empty; it answers the tweet all the same. */
  handled?: boolean;
}

export interface IncomingTweet {
  ref: AccountRef;
  displayName: string;
  tweetId: string;
  text: string;
  /** When the customer tweeted (from the page's <time>), else when we logged it. */
  tweetedAt?: number;
  /** Opens a case waiting for our answer. */
  openCase: boolean;
  /** In team mode, the member logging it. */
  author?: string;
  /** What the triage rules matching the tweet do (lib/triage/rules.ts): tags to add, a status to set. */
  rules?: { tags: readonly string[]; status?: RuleStatus };
}

async function findOrCreate(db: HandlebookDatabase, ref: AccountRef, displayName: string, now: number): Promise<Customer> {
  return (await findCustomer(db, ref)) ?? emptyCustomer(ref, displayName, now);
}

/** The customer's interaction already logged under this dedupe key, if any. */
async function loggedAs(db: HandlebookDatabase, customer: Customer, dedupeKey: string): Promise<Interaction | undefined> {
  return (await readHistory(db, customer.key)).find((i) => i.dedupeKey === dedupeKey);
}

/** The tables logging an interaction writes. */
const logTables = (db: HandlebookDatabase) => [...customerWriteTables(db), ...historyWriteTables(db)];

/**
 * Records a reply we sent. The same reply seen twice (X re-rendering, a double click) is
 * recorded once. A reply to a customer waiting on us closes the wait and records how long
 * our first response took.
 */
export async function logOutgoing(
  db: HandlebookDatabase,
  reply: OutgoingReply,
  now: number,
): Promise<{ customer: Customer; interaction: Interaction; duplicate: boolean }> {
  return db.transaction('rw', [...logTables(db), db.templateBlocks], async () => {
    const dedupeKey = reply.handled ? `handled:${reply.inReplyToId}` : `out:${reply.inReplyToId ?? reply.ref.handle.toLowerCase()}:${fingerprint(reply.text)}`;
    const customer = await findOrCreate(db, reply.ref, reply.displayName, now);
    const existing = await loggedAs(db, customer, dedupeKey);
    if (existing) return { customer, interaction: existing, duplicate: true };

    const waiting = customer.waitingSince !== undefined;
    const interaction: Interaction = {
      id: newId(),
      customerKey: customer.key,
      direction: 'out',
      ...(reply.inReplyToId ? { inReplyToId: reply.inReplyToId } : {}),
      excerpt: excerptOf(reply.inReplyToText),
      text: reply.text,
      at: now,
      ...(reply.templateId ? { templateId: reply.templateId } : {}),
      dedupeKey,
      ...(waiting ? { responseMs: Math.max(0, now - customer.waitingSince!) } : {}),
      ...(reply.author ? { author: reply.author } : {}),
      ...(reply.handled ? { handled: true } : {}),
    };
    const { waitingSince: _answered, ...rest } = customer;
    const replied: Customer = {
      ...(waiting ? rest : customer),
      ...(waiting && (customer.status === 'waiting_us' || customer.status === 'open') ? { status: 'waiting_them' } : {}),
      interactionCount: customer.interactionCount + 1,
      lastContact: Math.max(customer.lastContact, now),
      ...recentField(withRecent(customer, now)),
      updatedAt: now,
    };
    const next = reply.claim && isOpenCase(customer) && !customer.assignee ? withAssignee(replied, reply.claim, reply.claim.name, now) : replied;
    await writeHistory(db, { put: [interaction] });
    await writeCustomers(db, { put: [next] });
    if (reply.templateId) {
      const template = await getTemplate(db, reply.templateId);
      if (template) await writeTemplates(db, { put: [{ ...template, usageCount: template.usageCount + 1, lastUsedAt: now }], delete: [] });
    }
    return { customer: next, interaction, duplicate: false };
  });
}

/**
 * Marks a customer's tweet handled without replying (triage): recorded as an answer like a
 * reply (it closes the wait and counts as answered), once per tweet.
 */
export function markHandled(
  db: HandlebookDatabase,
  tweet: { ref: AccountRef; displayName: string; tweetId: string; tweetText: string; author?: string; claim?: Assignee },
  now: number,
): Promise<{ customer: Customer; interaction: Interaction; duplicate: boolean }> {
  const { tweetId, tweetText, ...rest } = tweet;
  return logOutgoing(db, { ...rest, inReplyToId: tweetId, inReplyToText: tweetText, text: '', handled: true }, now);
}

/** Records a customer's tweet we chose to log ("log this tweet"), optionally opening a case. */
export async function logIncoming(
  db: HandlebookDatabase,
  tweet: IncomingTweet,
  now: number,
): Promise<{ customer: Customer; interaction: Interaction; duplicate: boolean }> {
  return db.transaction('rw', logTables(db), async () => {
    const dedupeKey = `in:${tweet.tweetId}`;
    const customer = await findOrCreate(db, tweet.ref, tweet.displayName, now);
    const at = tweet.tweetedAt ?? now;
    const existing = await loggedAs(db, customer, dedupeKey);
    if (existing) {
      if (!tweet.openCase || customer.waitingSince !== undefined) return { customer, interaction: existing, duplicate: true };
    }
    const interaction: Interaction = existing ?? {
      id: newId(),
      customerKey: customer.key,
      direction: 'in',
      tweetId: tweet.tweetId,
      excerpt: excerptOf(tweet.text),
      text: tweet.text,
      at,
      dedupeKey,
      ...(tweet.author ? { author: tweet.author } : {}),
    };
    const logged: Customer = {
      ...customer,
      ...(existing ? {} : { interactionCount: customer.interactionCount + 1, lastContact: Math.max(customer.lastContact, at), ...recentField(withRecent(customer, at)) }),
      ...(tweet.openCase ? { status: 'waiting_us' as const, waitingSince: customer.waitingSince ?? at } : {}),
      updatedAt: now,
    };
    const next = tweet.rules ? withRuleEffect(logged, tweet.rules, at) : logged;
    if (!existing) await writeHistory(db, { put: [interaction] });
    await writeCustomers(db, { put: [next] });
    return { customer: next, interaction, duplicate: existing !== undefined };
  });
}

/** Tags customers may have at most (as customers.update allows). */
const MAX_TAGS = 100;

/**
 * A rule's status wins over "open a case": the person set it for such tweets. A case that
 * needs us (open, waiting on us) waits from this tweet on; any other status ends the wait.
 */
function withRuleEffect(customer: Customer, effect: NonNullable<IncomingTweet['rules']>, at: number): Customer {
  const tags = [...new Set([...customer.tags, ...effect.tags])].slice(0, MAX_TAGS);
  if (!effect.status) return { ...customer, tags };
  if (effect.status === 'open' || effect.status === 'waiting_us') {
    return { ...customer, tags, status: effect.status, waitingSince: customer.waitingSince ?? at };
  }
  const { waitingSince: _ended, ...rest } = customer;
  return { ...rest, tags, status: effect.status };
}

/** The replies we sent to one tweet of this account, oldest first (none when not a customer). */
export async function repliesTo(db: HandlebookDatabase, ref: AccountRef, inReplyToId: string): Promise<Interaction[]> {
  const customer = await findCustomer(db, ref);
  if (!customer) return [];
  return (await readHistory(db, customer.key)).filter((i) => i.direction === 'out' && i.inReplyToId === inReplyToId);
}

/** A customer's timeline, newest first. */
export async function listInteractions(db: HandlebookDatabase, customerKey: string, limit = 200): Promise<Interaction[]> {
  return (await readHistory(db, customerKey)).reverse().slice(0, limit);
}

export const REPEAT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
export const REPEAT_THRESHOLD = 3;

