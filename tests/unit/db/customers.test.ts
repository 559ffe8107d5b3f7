import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import {
  addNote,
  deleteNote,
  findCustomer,
  MissingRecordError,
  observeAccount,
  updateCustomer,
  updateNote,
} from '@/lib/db/customers';
import { lookupSummaries } from '@/lib/db/lookup';
import { emptyCustomer } from '@/lib/db/identity';
import { readBookCounts } from '@/lib/db/book-counts';
import { getCustomer, readAllCustomers, readKnownTags, writeCustomers } from '@/lib/db/customer-store';
import { logIncoming } from '@/lib/db/interactions';
import { readHistory } from '@/lib/db/history-store';

let db: HandlebookDatabase;
let n = 0;

beforeEach(async () => {
  db = new HandlebookDatabase(`test-customers-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('notes', () => {
  it('creates the customer on the first note, keyed by handle, case-insensitively', async () => {
    const c = await addNote(db, { handle: 'Alice_B' }, 'Alice B', 'Promised a refund', 1000);
    expect(c.key).toBe('h:alice_b');
    expect(c.handle).toBe('Alice_B');
    expect(c.notes.map((x) => x.text)).toEqual(['Promised a refund']);
    expect(c.firstSeen).toBe(1000);
    const again = await addNote(db, { handle: 'alice_b' }, 'Alice B', 'Second', 2000);
    expect(again.key).toBe('h:alice_b');
    expect(again.notes.map((x) => x.text)).toEqual(['Promised a refund', 'Second']);
    expect(await readAllCustomers(db)).toHaveLength(1);
    expect((await readBookCounts(db)).customers).toBe(1);
  });

  it('keys a new customer by user id when the id is known', async () => {
    const c = await addNote(db, { handle: 'bob', userId: '42' }, 'Bob', 'hi', 1);
    expect(c.key).toBe('id:42');
    expect(c.userId).toBe('42');
  });

  it('edits and deletes a note, with timestamps', async () => {
    const c = await addNote(db, { handle: 'carol' }, 'Carol', 'first', 10);
    const noteId = c.notes[0]!.id;
    const edited = await updateNote(db, c.key, noteId, 'first, edited', 20);
    expect(edited.notes[0]).toMatchObject({ text: 'first, edited', createdAt: 10, updatedAt: 20 });
    const removed = await deleteNote(db, c.key, noteId, 30);
    expect(removed.notes).toEqual([]);
  });

  it('refuses to edit a note that no longer exists', async () => {
    const c = await addNote(db, { handle: 'dan' }, 'Dan', 'x', 1);
    await expect(updateNote(db, c.key, 'missing', 'y', 2)).rejects.toBeInstanceOf(MissingRecordError);
    await expect(updateNote(db, 'h:nobody', 'missing', 'y', 2)).rejects.toBeInstanceOf(MissingRecordError);
  });
});

describe('identity', () => {
  it('merges the handle record into the id record when the id is first seen', async () => {
    await addNote(db, { handle: 'Erin' }, 'Erin', 'note by handle', 100);
    await updateCustomer(db, { handle: 'erin' }, 'Erin', { tags: ['vip'] }, 110);
    const { interaction } = await logIncoming(db, { ref: { handle: 'erin' }, displayName: 'Erin', tweetId: '5', text: 'hi', openCase: false }, 120);
    const changed = await observeAccount(db, { handle: 'erin', userId: '777' }, {}, 200);
    expect(changed.sort()).toEqual(['h:erin', 'id:777']);
    expect(await getCustomer(db, 'h:erin')).toBeUndefined();
    const merged = await getCustomer(db, 'id:777');
    expect(merged).toMatchObject({ userId: '777', handle: 'erin', tags: ['vip'] });
    expect(merged!.notes.map((x) => x.text)).toEqual(['note by handle']);
    // The history moves with the record.
    expect(await readHistory(db, 'h:erin')).toEqual([]);
    expect(await readHistory(db, 'id:777')).toEqual([{ ...interaction, customerKey: 'id:777' }]);
    expect(await readBookCounts(db)).toEqual({ customers: 1, interactions: 1 });
  });

  it('merges into an existing id record without losing either side', async () => {
    await addNote(db, { handle: 'frank', userId: '9' }, 'Frank', 'by id', 100);
    // The same person was noted under a handle that we did not know belonged to id 9.
    await writeCustomers(db, {
      put: [
        {
          ...(await getCustomer(db, 'id:9'))!,
          key: 'h:frank_new',
          userId: undefined,
          handle: 'frank_new',
          handleLower: 'frank_new',
          notes: [{ id: 'n2', text: 'by handle', createdAt: 150, updatedAt: 150 }],
          tags: ['refund'],
        },
      ],
    });
    await observeAccount(db, { handle: 'frank_new', userId: '9' }, {}, 300);
    const all = await readAllCustomers(db);
    expect(all).toHaveLength(1);
    expect(all[0]!.key).toBe('id:9');
    expect(all[0]!.notes.map((x) => x.text)).toEqual(['by id', 'by handle']);
    expect(all[0]!.tags).toEqual(['refund']);
    expect(all[0]!.handle).toBe('frank_new');
    expect(all[0]!.handleHistory).toEqual([{ handle: 'frank', changedAt: 300 }]);
  });

  it('records a handle change for a known id and finds the customer by the new handle', async () => {
    await addNote(db, { handle: 'gina', userId: '55' }, 'Gina', 'x', 1);
    await observeAccount(db, { handle: 'Gina_Real', userId: '55' }, { displayName: 'Gina R' }, 50);
    const c = await findCustomer(db, { handle: 'gina_real' });
    expect(c).toMatchObject({ key: 'id:55', handle: 'Gina_Real', displayName: 'Gina R' });
    expect(c!.handleHistory).toEqual([{ handle: 'gina', changedAt: 50 }]);
    // A case-only change is not a new handle.
    await observeAccount(db, { handle: 'gina_real', userId: '55' }, {}, 60);
    expect((await getCustomer(db, 'id:55'))!.handleHistory).toHaveLength(1);
  });

  it('never lists the current handle as a former one when an account takes an old handle back', async () => {
    await addNote(db, { handle: 'ola', userId: '77' }, 'Ola', 'x', 1);
    await observeAccount(db, { handle: 'ola_new', userId: '77' }, {}, 2);
    await observeAccount(db, { handle: 'ola', userId: '77' }, {}, 3);
    expect((await getCustomer(db, 'id:77'))!.handleHistory.map((h) => h.handle)).toEqual(['ola_new']);
  });

  it('stores nothing for accounts that are not customers', async () => {
    expect(await observeAccount(db, { handle: 'stranger', userId: '1' }, { followers: 5 }, 1)).toEqual([]);
    expect(await readAllCustomers(db)).toEqual([]);
    expect((await readBookCounts(db)).customers).toBe(0);
  });

  it('records the follower count seen on a page', async () => {
    await addNote(db, { handle: 'hank' }, 'Hank', 'x', 1);
    await observeAccount(db, { handle: 'hank' }, { followers: 1234 }, 2);
    expect((await getCustomer(db, 'h:hank'))!.followers).toBe(1234);
  });
});

describe('lookupSummaries', () => {
  it('answers a batch by handle and by id, null for strangers', async () => {
    await addNote(db, { handle: 'ivy' }, 'Ivy', 'a', 1);
    await addNote(db, { handle: 'old_jack', userId: '31' }, 'Jack', 'b', 1);
    const result = await lookupSummaries(db, [{ handle: 'IVY' }, { handle: 'jack_renamed', userId: '31' }, { handle: 'nobody' }]);
    expect(result['ivy']).toMatchObject({ handle: 'ivy', noteCount: 1 });
    expect(result['jack_renamed']).toMatchObject({ key: 'id:31', noteCount: 1 });
    expect(result['nobody']).toBeNull();
  });

  it('prefers the record of the id the page revealed, and falls back to the handle record', async () => {
    await addNote(db, { handle: 'zed' }, 'Zed', 'made before the id was known', 1);
    // The id record of the same account, as another tab may have written it before the merge.
    await writeCustomers(db, { put: [emptyCustomer({ handle: 'zed', userId: '9' }, 'Zed', 2)] });
    await addNote(db, { handle: 'yan' }, 'Yan', 'only by handle', 3);
    const result = await lookupSummaries(db, [{ handle: 'Zed', userId: '9' }, { handle: 'yan', userId: '404' }, { handle: 'zed' }]);
    expect(result['zed']).toMatchObject({ key: 'id:9' });
    expect(result['yan']).toMatchObject({ key: 'h:yan' });
  });
});

describe('updateCustomer', () => {
  it('starts the waiting clock when a case waits on us, and stops it otherwise', async () => {
    const waiting = await updateCustomer(db, { handle: 'lee' }, 'Lee', { status: 'waiting_us' }, 100);
    expect(waiting.waitingSince).toBe(100);
    const still = await updateCustomer(db, { handle: 'lee' }, 'Lee', { status: 'open' }, 200);
    expect(still.waitingSince).toBe(100);
    const answered = await updateCustomer(db, { handle: 'lee' }, 'Lee', { status: 'waiting_them' }, 300);
    expect(answered.waitingSince).toBeUndefined();
  });

  it('sets tags without duplicates, status and fields', async () => {
    const c = await updateCustomer(
      db,
      { handle: 'kim' },
      'Kim',
      { tags: ['vip', 'vip', 'refund'], status: 'waiting_us', fields: { order_id: 'A-1' } },
      5,
    );
    expect(c).toMatchObject({ tags: ['vip', 'refund'], status: 'waiting_us', fields: { order_id: 'A-1' } });
    expect(await readKnownTags(db)).toEqual(['refund', 'vip']);
  });
});
