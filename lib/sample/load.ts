import type { HandlebookDatabase } from '../db/database';
import { deleteCustomers } from '../db/bulk';
import { customerWriteTables, findCustomerByHandle } from '../db/customer-store';
import { addNote, updateCustomer } from '../db/customers';
import { historyWriteTables, readHistory } from '../db/history-store';
import { newId } from '../db/ids';
import { fingerprint, logIncoming, logOutgoing } from '../db/interactions';
import { templateWriteTables } from '../db/template-store';
import type { Customer } from '../db/types';
import { packSchema } from '../packs/format';
import { importPackIntoDb, removePackFromDb } from '../packs/import';
import { SAMPLE_CUSTOMERS, SAMPLE_PACK, SAMPLE_PACK_ID, SAMPLE_TAG, type SampleCustomer } from './desk';

// Loading and removing the sample desk (lib/sample/desk.ts), each in one transaction: a worker
// stopped half-way leaves either no sample or all of it. Background only.

const MINUTE = 60_000;

/** Every table the sample touches: customers, their history, the replies and the pack rows. */
const sampleTables = (db: HandlebookDatabase) => [
  ...new Set([...customerWriteTables(db), ...historyWriteTables(db), ...templateWriteTables(db), db.packs, db.settings]),
];

export interface SampleLoadOutcome {
  /** Sample customers written now. */
  added: number;
  /** Sample customers that were already here from an earlier load. */
  alreadyLoaded: number;
  /** Handles skipped because the person already has a record of their own for them. */
  skipped: string[];
  /** Canned replies in the sample pack. */
  replies: number;
}

/**
 * Writes the sample customers (each tagged `sample`, with a note, fields and a short history)
 * and imports the sample replies as their own pack. An account the person already keeps a record
 * of is left exactly as it is. Loading twice adds nothing the second time.
 */
export async function loadSampleDesk(db: HandlebookDatabase, now: number): Promise<SampleLoadOutcome> {
  const pack = packSchema.parse(SAMPLE_PACK);
  return db.transaction('rw', sampleTables(db), async () => {
    const outcome: SampleLoadOutcome = { added: 0, alreadyLoaded: 0, skipped: [], replies: pack.templates.length };
    for (const sample of SAMPLE_CUSTOMERS) {
      const existing = await findCustomerByHandle(db, sample.handle);
      if (existing) {
        if (existing.tags.includes(SAMPLE_TAG)) outcome.alreadyLoaded += 1;
        else outcome.skipped.push(sample.handle);
        continue;
      }
      await writeSampleCustomer(db, sample, now);
      outcome.added += 1;
    }
    await importPackIntoDb(db, pack, { now, newId });
    return outcome;
  });
}

async function writeSampleCustomer(db: HandlebookDatabase, sample: SampleCustomer, now: number): Promise<void> {
  const ref = { handle: sample.handle };
  const started = now - Math.max(0, ...sample.history.map((h) => h.minutesAgo)) * MINUTE - MINUTE;
  await updateCustomer(db, ref, sample.displayName, { tags: [SAMPLE_TAG, ...sample.tags], fields: { ...sample.fields } }, started);
  await addNote(db, ref, sample.displayName, sample.note, started);
  for (const h of sample.history) {
    const at = now - h.minutesAgo * MINUTE;
    if (h.direction === 'in') {
      await logIncoming(db, { ref, displayName: sample.displayName, tweetId: h.tweetId!, text: h.text, tweetedAt: at, openCase: h.openCase ?? false }, at);
    } else {
      await logOutgoing(db, { ref, displayName: sample.displayName, inReplyToText: '', text: h.text, ...(h.tweetId ? { inReplyToId: h.tweetId } : {}) }, at);
    }
  }
  await updateCustomer(db, ref, sample.displayName, { status: sample.status }, now);
}

/** The dedupe keys the sample's own history gets (lib/db/interactions.ts makes them so). */
function sampleDedupeKeys(sample: SampleCustomer): Set<string> {
  return new Set(
    sample.history.map((h) =>
      h.direction === 'in' ? `in:${h.tweetId}` : `out:${h.tweetId ?? sample.handle.toLowerCase()}:${fingerprint(h.text)}`,
    ),
  );
}

/**
 * Whether a sample customer still holds only what the sample wrote: its note unedited, no note
 * of the person's, no interaction but the sample's.
 */
async function onlySampleContent(db: HandlebookDatabase, customer: Customer, sample: SampleCustomer): Promise<boolean> {
  if (customer.notes.length !== 1 || customer.notes[0]!.text !== sample.note) return false;
  const keys = sampleDedupeKeys(sample);
  return (await readHistory(db, customer.key)).every((i) => keys.has(i.dedupeKey));
}

export interface SampleRemoveOutcome {
  /** Sample customers deleted. */
  removed: number;
  /** Handles of sample customers kept because the person wrote to them since (a note, an edit, history). */
  kept: string[];
  /** Sample replies deleted. */
  repliesRemoved: number;
  /** Sample replies the person edited: they stay, as the person's own replies. */
  repliesKept: number;
}

/**
 * Takes the sample back out: every sample customer that still holds only what the sample wrote,
 * and the sample pack (replies the person edited stay as their own). A sample customer the
 * person has since written to (a note, an edited note, an interaction) is kept whole, tag and
 * all, so nothing of theirs is lost; they can delete it from the dashboard.
 */
export async function removeSampleDesk(db: HandlebookDatabase): Promise<SampleRemoveOutcome> {
  return db.transaction('rw', sampleTables(db), async () => {
    const remove: string[] = [];
    const kept: string[] = [];
    for (const sample of SAMPLE_CUSTOMERS) {
      const customer = await findCustomerByHandle(db, sample.handle);
      // Without the tag it is the person's own record (loading skipped it): not the sample's.
      if (!customer?.tags.includes(SAMPLE_TAG)) continue;
      if (await onlySampleContent(db, customer, sample)) remove.push(customer.key);
      else kept.push(customer.handle);
    }
    if (remove.length) await deleteCustomers(db, remove);
    const pack = await removePackFromDb(db, SAMPLE_PACK_ID);
    return { removed: remove.length, kept, repliesRemoved: pack.deleted, repliesKept: pack.detached };
  });
}
