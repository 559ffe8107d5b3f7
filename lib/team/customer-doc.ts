import * as Y from 'yjs';
import { RECENT_KEPT } from '../db/summaries';
import type { CustomerEdit } from '../db/team-outbox';
import type { AssignmentChange, CaseStatus, Customer, CustomerNote, HandleChange, Interaction } from '../db/types';

/**
 * One customer of a team's book as a Yjs document (`<teamId>/customer/<key>`), and the mapping
 * between it and the local `Customer` record. The merge rules live in the document's shape:
 *
 * - `record` (Y.Map): the plain fields (handle, display name, status, waiting clock, ...), last
 *   writer wins per field, so a status changed by two members ends with one value for both.
 * - `tags` (Y.Map tag -> true): a member's edit adds and removes only the tags that member
 *   added or removed against what it saw, so tags added concurrently are all kept.
 * - `fields` (Y.Map name -> value): per field, last writer wins.
 * - `notes` (Y.Map id -> Y.Map { text: Y.Text, author, createdAt, updatedAt }): notes added at
 *   the same time by two members are two entries; two members editing one note merge their
 *   typing (the edit is applied as the characters it replaced).
 * - `history` (Y.Map id -> interaction): append-only, one entry per interaction.
 * - `assignments` (Y.Map id -> assignment change): append-only, so two members assigning at
 *   once both stay in the timeline, while `assignee` (a plain field) ends with one owner.
 *
 * Derived figures (interaction count, last contact, recent times) are not stored: the local
 * record computes them from the history it receives, so they cannot disagree with it.
 */

export const RECORD = 'record';
export const TAGS = 'tags';
export const FIELDS = 'fields';
export const NOTES = 'notes';
export const HISTORY = 'history';
export const ASSIGNMENTS = 'assignments';

/** Fields of `Customer` kept as they are, last writer wins. */
const PLAIN_FIELDS = ['userId', 'handle', 'handleLower', 'handleHistory', 'displayName', 'status', 'followers', 'firstSeen', 'waitingSince', 'assignee', 'createdAt', 'updatedAt'] as const;
type PlainField = (typeof PLAIN_FIELDS)[number];

/** The origin of transactions that carry the person's own edits (not the server's). */
export const LOCAL_EDIT = Symbol('handlebook local edit');

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Replaces `text`'s content with `next` by the smallest single splice (common prefix and suffix
 * kept), so a concurrent edit elsewhere in the note survives.
 */
export function spliceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const max = Math.min(current.length, next.length);
  while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) text.insert(start, inserted);
}

function newNote(note: CustomerNote, author: string): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('text', new Y.Text(note.text));
  map.set('createdAt', note.createdAt);
  map.set('updatedAt', note.updatedAt);
  map.set('author', note.author ?? author);
  return map;
}

/**
 * Applies one edit the person made (the record before and after it) to the customer's document.
 * Only what changed between before and after is written, so what others changed meanwhile is
 * kept. A record new to this browser only fills what the team's record lacks (another member
 * may have made it first), except a case status actually set.
 */
export function applyCustomerEdit(doc: Y.Doc, edit: CustomerEdit, author: string): void {
  const record = doc.getMap<unknown>(RECORD);
  const { before, after } = edit;
  if (!after) {
    record.set('deleted', true);
    if (edit.mergedInto) record.set('mergedInto', edit.mergedInto);
    return;
  }
  if (record.get('deleted')) record.delete('deleted');
  if (record.get('mergedInto')) record.delete('mergedInto');

  for (const field of PLAIN_FIELDS) {
    const value = after[field];
    if (before) {
      if (same(before[field], value)) continue;
      if (value === undefined) record.delete(field);
      else record.set(field, value);
    } else if (value !== undefined && (!record.has(field) || (field === 'status' && value !== 'none'))) {
      record.set(field, value);
    }
  }

  const tags = doc.getMap<boolean>(TAGS);
  const hadTags = new Set(before?.tags ?? []);
  const hasTags = new Set(after.tags);
  for (const tag of hasTags) if (!hadTags.has(tag) && !tags.has(tag)) tags.set(tag, true);
  for (const tag of hadTags) if (!hasTags.has(tag)) tags.delete(tag);

  const fields = doc.getMap<string>(FIELDS);
  const hadFields = before?.fields ?? {};
  for (const [name, value] of Object.entries(after.fields)) {
    if (hadFields[name] !== value && fields.get(name) !== value) fields.set(name, value);
  }
  for (const name of Object.keys(hadFields)) if (!Object.hasOwn(after.fields, name)) fields.delete(name);

  const notes = doc.getMap<Y.Map<unknown>>(NOTES);
  const hadNotes = new Map((before?.notes ?? []).map((n) => [n.id, n]));
  for (const note of after.notes) {
    const was = hadNotes.get(note.id);
    const stored = notes.get(note.id);
    if (!stored) {
      // New, or deleted by someone else while this member edited it: kept either way.
      if (!was || was.text !== note.text) notes.set(note.id, newNote(note, author));
      continue;
    }
    if (was && was.text === note.text) continue;
    const text = stored.get('text');
    if (text instanceof Y.Text) spliceText(text, note.text);
    stored.set('updatedAt', note.updatedAt);
  }
  const keptNotes = new Set(after.notes.map((n) => n.id));
  for (const id of hadNotes.keys()) if (!keptNotes.has(id)) notes.delete(id);

  const assignments = doc.getMap<AssignmentChange>(ASSIGNMENTS);
  const hadAssignments = new Set((before?.assignments ?? []).map((a) => a.id));
  for (const change of after.assignments ?? []) {
    if (!hadAssignments.has(change.id) && !assignments.has(change.id)) assignments.set(change.id, change);
  }
}

/** Interactions as the document keeps them: without the customer key (the document says it). */
type StoredInteraction = Omit<Interaction, 'customerKey'>;

/** Adds the interactions that came to this customer and removes those that went. */
export function applyHistoryEdit(doc: Y.Doc, came: readonly Interaction[], gone: readonly Interaction[], author: string): void {
  const history = doc.getMap<StoredInteraction>(HISTORY);
  const cameIds = new Set(came.map((i) => i.id));
  for (const i of gone) if (!cameIds.has(i.id)) history.delete(i.id);
  for (const { customerKey: _key, ...stored } of came) {
    // Who logged it first stays its author when another member writes it again (a merge moves it).
    const existing = history.get(stored.id);
    const value: StoredInteraction = { ...stored, author: stored.author ?? existing?.author ?? author };
    if (!same(existing, value)) history.set(stored.id, value);
  }
}

function assignmentsField(changes: AssignmentChange[]): Pick<Customer, 'assignments'> {
  if (!changes.length) return {};
  return { assignments: changes.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/** What a customer document holds, in the local book's terms. */
export interface CustomerDocContent {
  /** Undefined when the document holds no record (nothing written yet). */
  customer?: Customer;
  interactions: Interaction[];
  /** The record was deleted, or folded into another (then `mergedInto` says which). */
  deleted: boolean;
  mergedInto?: string;
}

const byTime = (a: Interaction, b: Interaction) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Reads a customer document as the local record and its interactions (oldest first). */
export function readCustomerDoc(doc: Y.Doc, key: string): CustomerDocContent {
  const record = doc.getMap<unknown>(RECORD);
  const interactions = [...doc.getMap<StoredInteraction>(HISTORY).values()].map((i) => ({ ...i, customerKey: key })).sort(byTime);
  const mergedInto = record.get('mergedInto');
  const gone = { deleted: record.get('deleted') === true, ...(typeof mergedInto === 'string' ? { mergedInto } : {}) };
  if (!record.has('handle')) return { interactions, ...gone };

  const plain = Object.fromEntries(PLAIN_FIELDS.filter((f) => record.has(f)).map((f) => [f, record.get(f)])) as Partial<Pick<Customer, PlainField>>;
  const notes: CustomerNote[] = [...doc.getMap<Y.Map<unknown>>(NOTES).entries()]
    .map(([id, note]) => {
      const author = note.get('author');
      return {
        id,
        text: String(note.get('text') ?? ''),
        createdAt: Number(note.get('createdAt') ?? 0),
        updatedAt: Number(note.get('updatedAt') ?? 0),
        ...(typeof author === 'string' && author ? { author } : {}),
      };
    })
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const handle = String(plain.handle);
  const now = Number(plain.updatedAt ?? 0);
  const customer: Customer = {
    key,
    ...(plain.userId ? { userId: plain.userId } : {}),
    handle,
    handleLower: plain.handleLower ?? handle.toLowerCase(),
    handleHistory: (plain.handleHistory as HandleChange[] | undefined) ?? [],
    displayName: plain.displayName ?? '',
    tags: [...doc.getMap<boolean>(TAGS).keys()].sort(),
    status: (plain.status as CaseStatus | undefined) ?? 'none',
    notes,
    fields: Object.fromEntries(doc.getMap<string>(FIELDS).entries()),
    ...(plain.followers !== undefined ? { followers: plain.followers } : {}),
    firstSeen: plain.firstSeen ?? now,
    lastContact: interactions.reduce((last, i) => Math.max(last, i.at), 0),
    interactionCount: interactions.length,
    recentAt: interactions.map((i) => i.at).sort((a, b) => b - a).slice(0, RECENT_KEPT),
    ...(plain.waitingSince !== undefined ? { waitingSince: plain.waitingSince } : {}),
    ...(plain.assignee ? { assignee: plain.assignee } : {}),
    ...assignmentsField([...doc.getMap<AssignmentChange>(ASSIGNMENTS).values()]),
    createdAt: plain.createdAt ?? now,
    updatedAt: now,
  };
  return { customer, interactions, ...gone };
}

/**
 * What a folded record holds that the record it was folded into lacks: notes, tags, fields and
 * interactions someone wrote to it without knowing of the fold (they were offline, or had not
 * synced yet). Written into the target like any edit, so nothing they wrote is lost from view.
 * Undefined when there is nothing to bring over.
 */
export function leftOverAfterFold(
  source: CustomerDocContent,
  target: Customer,
  targetHistory: readonly Interaction[],
  now: number,
): { customer: Customer; interactions: Interaction[] } | undefined {
  const from = source.customer;
  if (!from) return undefined;
  const notes = from.notes.filter((n) => !target.notes.some((m) => m.id === n.id));
  const tags = from.tags.filter((t) => !target.tags.includes(t));
  const fields = Object.entries(from.fields).filter(([name]) => !Object.hasOwn(target.fields, name));
  const known = new Set(targetHistory.map((i) => i.id));
  const interactions = source.interactions.filter((i) => !known.has(i.id)).map((i) => ({ ...i, customerKey: target.key }));
  if (!notes.length && !tags.length && !fields.length && !interactions.length) return undefined;
  return {
    customer: {
      ...target,
      notes: [...target.notes, ...notes].sort((a, b) => a.createdAt - b.createdAt),
      tags: [...target.tags, ...tags],
      fields: { ...target.fields, ...Object.fromEntries(fields) },
      updatedAt: now,
    },
    interactions,
  };
}
