import { afterEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { addNote, observeAccount, updateCustomer } from '@/lib/db/customers';
import { customerWriteTables, writeCustomers } from '@/lib/db/customer-store';
import { logIncoming } from '@/lib/db/interactions';
import { markTeamBook } from '@/lib/db/team-outbox';

// Writes to a team's book are recorded for the team in their own transaction; the personal book
// and writes that came from the team are not (lib/db/team-outbox.ts).

const t0 = Date.UTC(2026, 11, 1, 9);
const opened: HandlebookDatabase[] = [];

function book(team: boolean): HandlebookDatabase {
  const db = new HandlebookDatabase(`outbox-${Math.random()}`);
  if (team) markTeamBook(db);
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('the team outbox', () => {
  it('records each write to a team book as the customers before and after it', async () => {
    const db = book(true);
    const first = await addNote(db, { handle: 'bob' }, 'Bob', 'first', t0);
    const second = await updateCustomer(db, { handle: 'bob' }, 'Bob', { tags: ['vip'] }, t0 + 1);
    const rows = await db.teamOutbox.orderBy('seq').toArray();
    expect(rows.map((r) => r.customers)).toEqual([
      [{ key: 'h:bob', after: first }],
      [{ key: 'h:bob', before: first, after: second }],
    ]);
  });

  it('records logged interactions with the customer they belong to', async () => {
    const db = book(true);
    const { interaction } = await logIncoming(db, { ref: { handle: 'bob' }, displayName: 'Bob', tweetId: '11', text: 'help', openCase: true }, t0);
    const rows = await db.teamOutbox.toArray();
    expect(rows.find((r) => r.history)?.history).toEqual({ came: [interaction], gone: [] });
  });

  it('says where a handle record went when its user id folds it into the id record', async () => {
    const db = book(true);
    await addNote(db, { handle: 'bob' }, 'Bob', 'first', t0);
    await observeAccount(db, { handle: 'bob', userId: '42' }, {}, t0 + 1);
    const last = (await db.teamOutbox.orderBy('seq').toArray()).find((r) => r.customers?.some((e) => e.key === 'h:bob' && !e.after));
    expect(last?.customers?.find((e) => e.key === 'h:bob')?.mergedInto).toBe('id:42');
    expect(last?.customers?.find((e) => e.key === 'id:42')?.after?.notes.map((n) => n.text)).toEqual(['first']);
  });

  it('records nothing for the personal book, or for what came from the team', async () => {
    const personal = book(false);
    await addNote(personal, { handle: 'bob' }, 'Bob', 'mine', t0);
    expect(await personal.teamOutbox.count()).toBe(0);

    const team = book(true);
    const bob = await addNote(team, { handle: 'bob' }, 'Bob', 'x', t0);
    await team.teamOutbox.clear();
    await writeCustomers(team, { put: [{ ...bob, displayName: 'Bob from the team' }], origin: 'team' });
    expect(await team.teamOutbox.count()).toBe(0);
  });

  it('rolls back with the write it belongs to', async () => {
    const db = book(true);
    await expect(
      db.transaction('rw', customerWriteTables(db), async () => {
        await addNote(db, { handle: 'bob' }, 'Bob', 'lost', t0);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.teamOutbox.count()).toBe(0);
  });
});

describe('the team outbox, for canned replies', () => {
  it('records each reply before and after a write, deletions too', async () => {
    const { saveTemplate, deleteTemplates } = await import('@/lib/db/templates');
    const db = book(true);
    const saved = await saveTemplate(db, { title: 'Hi', body: 'Hello there', tags: [] }, t0);
    await deleteTemplates(db, [saved.id]);
    const rows = await db.teamOutbox.orderBy('seq').toArray();
    expect(rows.map((r) => r.templates)).toEqual([[{ id: saved.id, before: undefined, after: saved }], [{ id: saved.id, before: saved, after: undefined }]]);
  });
});
