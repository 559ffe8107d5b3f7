import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { emptyCustomer } from '@/lib/db/identity';
import type { Customer, Interaction } from '@/lib/db/types';
import { applyCustomerEdit, applyHistoryEdit, leftOverAfterFold, readCustomerDoc, spliceText } from '@/lib/team/customer-doc';

// The team's customer documents and the merge rules they carry (lib/team/customer-doc.ts):
// edits made by two members on copies of one document, then exchanged both ways as the server
// would, must end in the same record for both with nothing either of them wrote lost.

const t0 = Date.UTC(2026, 11, 1, 9);

function customer(overrides: Partial<Customer> = {}): Customer {
  return { ...emptyCustomer({ handle: 'Bob_Smith' }, 'Bob Smith', t0), ...overrides };
}

function interaction(id: string, at: number, overrides: Partial<Interaction> = {}): Interaction {
  return { id, customerKey: 'h:bob_smith', direction: 'in', tweetId: '1', excerpt: 'x', text: 'x', at, dedupeKey: `in:${id}`, ...overrides };
}

/** Two members' copies of one document, both starting from `base`. */
function twoCopies(base: (doc: Y.Doc) => void): [Y.Doc, Y.Doc] {
  const origin = new Y.Doc();
  base(origin);
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, Y.encodeStateAsUpdate(origin));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(origin));
  return [a, b];
}

/** What the server does: each copy receives what the other has. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

const read = (doc: Y.Doc) => readCustomerDoc(doc, 'h:bob_smith');

describe('customer documents', () => {
  it('hold a whole customer and its history, read back as the local record with its figures derived', () => {
    const doc = new Y.Doc();
    const c = customer({
      tags: ['vip', 'billing'],
      status: 'waiting_us',
      waitingSince: t0 + 5,
      fields: { order_id: 'NW-1', email: 'bob@example.com' },
      notes: [{ id: 'n1', text: 'Promised a refund 💸\nline two', createdAt: t0 + 1, updatedAt: t0 + 2 }],
      handleHistory: [{ handle: 'bobby', changedAt: t0 - 10 }],
      followers: 42,
    });
    applyCustomerEdit(doc, { key: c.key, after: c }, 'Ana');
    applyHistoryEdit(doc, [interaction('i2', t0 + 20), interaction('i1', t0 + 10, { direction: 'out', responseMs: 5 })], [], 'Ana');

    const { customer: back, interactions } = read(doc);
    expect(back).toEqual({
      ...c,
      tags: ['billing', 'vip'],
      notes: [{ ...c.notes[0], author: 'Ana' }],
      interactionCount: 2,
      lastContact: t0 + 20,
      recentAt: [t0 + 20, t0 + 10],
    });
    expect(interactions.map((i) => [i.id, i.author, i.customerKey])).toEqual([
      ['i1', 'Ana', 'h:bob_smith'],
      ['i2', 'Ana', 'h:bob_smith'],
    ]);
  });

  it('keep both notes two members added at the same time', () => {
    const base = customer();
    const [a, b] = twoCopies((doc) => applyCustomerEdit(doc, { key: base.key, after: base }, 'Ana'));
    const note = (id: string, text: string) => ({ id, text, createdAt: t0 + 1, updatedAt: t0 + 1 });
    applyCustomerEdit(a, { key: base.key, before: base, after: { ...base, notes: [note('na', 'from Ana')] } }, 'Ana');
    applyCustomerEdit(b, { key: base.key, before: base, after: { ...base, notes: [note('nb', 'from Ben')] } }, 'Ben');
    exchange(a, b);
    for (const doc of [a, b]) {
      expect(read(doc).customer!.notes.map((n) => [n.text, n.author])).toEqual([
        ['from Ana', 'Ana'],
        ['from Ben', 'Ben'],
      ]);
    }
  });

  it('apply a tags edit as the additions and removals it made against what that member saw', () => {
    const base = customer({ tags: ['vip', 'late'] });
    const [a, b] = twoCopies((doc) => applyCustomerEdit(doc, { key: base.key, after: base }, 'Ana'));
    // Ana adds billing; Ben, at the same time, removes vip and adds refund.
    applyCustomerEdit(a, { key: base.key, before: base, after: { ...base, tags: ['vip', 'late', 'billing'] } }, 'Ana');
    applyCustomerEdit(b, { key: base.key, before: base, after: { ...base, tags: ['late', 'refund'] } }, 'Ben');
    exchange(a, b);
    expect(read(a).customer!.tags).toEqual(['billing', 'late', 'refund']);
    expect(read(b).customer!.tags).toEqual(['billing', 'late', 'refund']);
  });

  it('end a status or field changed by two members with one value, the same for both', () => {
    const base = customer({ status: 'open', fields: { order_id: 'A' } });
    const [a, b] = twoCopies((doc) => applyCustomerEdit(doc, { key: base.key, after: base }, 'Ana'));
    applyCustomerEdit(a, { key: base.key, before: base, after: { ...base, status: 'resolved', fields: { order_id: 'B' } } }, 'Ana');
    applyCustomerEdit(b, { key: base.key, before: base, after: { ...base, status: 'waiting_them', fields: { order_id: 'C', plan: 'pro' } } }, 'Ben');
    exchange(a, b);
    const [ra, rb] = [read(a).customer!, read(b).customer!];
    expect(ra.status).toBe(rb.status);
    expect(['resolved', 'waiting_them']).toContain(ra.status);
    expect(ra.fields).toEqual(rb.fields);
    expect(['B', 'C']).toContain(ra.fields.order_id);
    expect(ra.fields.plan).toBe('pro');
  });

  it('end two members assigning the case at once with one owner for both, and both changes in its history', () => {
    const base = customer({ status: 'open' });
    const [a, b] = twoCopies((doc) => applyCustomerEdit(doc, { key: base.key, after: base }, 'Ana'));
    const ana = { member: 'm-ana', name: 'Ana' };
    const ben = { member: 'm-ben', name: 'Ben' };
    applyCustomerEdit(a, { key: base.key, before: base, after: { ...base, assignee: ana, assignments: [{ id: 'x1', to: ana, by: 'Ana', at: t0 + 1 }] } }, 'Ana');
    applyCustomerEdit(b, { key: base.key, before: base, after: { ...base, assignee: ben, assignments: [{ id: 'x2', to: ben, by: 'Ana', at: t0 + 2 }] } }, 'Ben');
    exchange(a, b);
    const [ra, rb] = [read(a).customer!, read(b).customer!];
    expect(ra.assignee).toEqual(rb.assignee);
    expect([ana, ben]).toContainEqual(ra.assignee);
    expect(ra.assignments!.map((x) => x.id)).toEqual(['x1', 'x2']);
    expect(rb.assignments).toEqual(ra.assignments);

    // Unassigned later by one of them: no owner for either, the history only grows.
    const now = read(a).customer!;
    applyCustomerEdit(a, { key: base.key, before: now, after: { ...now, assignee: undefined, assignments: [...now.assignments!, { id: 'x3', to: null, by: 'Ana', at: t0 + 3 }] } }, 'Ana');
    exchange(a, b);
    expect(read(b).customer!.assignee).toBeUndefined();
    expect(read(b).customer!.assignments!.map((x) => x.id)).toEqual(['x1', 'x2', 'x3']);
  });

  it('merge two members typing in the same note', () => {
    const note = { id: 'n1', text: 'Refund promised.', createdAt: t0, updatedAt: t0 };
    const base = customer({ notes: [note] });
    const [a, b] = twoCopies((doc) => applyCustomerEdit(doc, { key: base.key, after: base }, 'Ana'));
    applyCustomerEdit(a, { key: base.key, before: base, after: { ...base, notes: [{ ...note, text: 'Refund promised. Ships Monday.' }] } }, 'Ana');
    applyCustomerEdit(b, { key: base.key, before: base, after: { ...base, notes: [{ ...note, text: 'VIP. Refund promised.' }] } }, 'Ben');
    exchange(a, b);
    expect(read(a).customer!.notes[0]!.text).toBe('VIP. Refund promised. Ships Monday.');
    expect(read(b).customer!.notes[0]!.text).toBe('VIP. Refund promised. Ships Monday.');
  });

  it('keep a note one member edits while another deletes it', () => {
    const note = { id: 'n1', text: 'old', createdAt: t0, updatedAt: t0 };
    const base = customer({ notes: [note] });
    const [a, b] = twoCopies((doc) => applyCustomerEdit(doc, { key: base.key, after: base }, 'Ana'));
    applyCustomerEdit(a, { key: base.key, before: base, after: { ...base, notes: [] } }, 'Ana');
    exchange(a, b);
    // Ben had not seen the deletion when he edited the note.
    applyCustomerEdit(b, { key: base.key, before: base, after: { ...base, notes: [{ ...note, text: 'new words' }] } }, 'Ben');
    exchange(a, b);
    expect(read(a).customer!.notes.map((n) => n.text)).toEqual(['new words']);
  });

  it('let a record new to one member fill only what the team lacks, except a status actually set', () => {
    const team = customer({ displayName: 'Bob (team)', status: 'waiting_us', waitingSince: t0 });
    const [a, b] = twoCopies((doc) => applyCustomerEdit(doc, { key: team.key, after: team }, 'Ana'));
    // Ben never saw Bob: his first note makes a fresh record with his own defaults.
    const fresh = customer({ displayName: 'Bob S', notes: [{ id: 'nb', text: 'hi', createdAt: t0 + 9, updatedAt: t0 + 9 }] });
    applyCustomerEdit(b, { key: fresh.key, after: fresh }, 'Ben');
    exchange(a, b);
    const merged = read(a).customer!;
    expect(merged.displayName).toBe('Bob (team)');
    expect(merged.status).toBe('waiting_us');
    expect(merged.waitingSince).toBe(t0);
    expect(merged.notes.map((n) => n.text)).toEqual(['hi']);
  });

  it('say a deleted record is gone, and where a merged one went', () => {
    const base = customer();
    const doc = new Y.Doc();
    applyCustomerEdit(doc, { key: base.key, after: base }, 'Ana');
    expect(read(doc).deleted).toBe(false);
    applyCustomerEdit(doc, { key: base.key, before: base, mergedInto: 'id:42' }, 'Ana');
    expect(read(doc).deleted).toBe(true);
    expect(read(doc).mergedInto).toBe('id:42');
  });

  it('bring over what a member wrote to a folded record without knowing of the fold', () => {
    const base = customer({ notes: [{ id: 'n1', text: 'known to both', createdAt: t0, updatedAt: t0 }], tags: ['vip'] });
    const [ana, ben] = twoCopies((doc) => applyCustomerEdit(doc, { key: base.key, after: base }, 'Ana'));
    // Ana folds @bob's handle record into his id record; Ben, offline, adds a note, a tag and a reply to the handle record.
    applyCustomerEdit(ana, { key: base.key, before: base, mergedInto: 'id:42' }, 'Ana');
    const late = { ...base, notes: [...base.notes, { id: 'n2', text: 'written by Ben offline', createdAt: t0 + 9, updatedAt: t0 + 9 }], tags: ['vip', 'late'], fields: { order_id: 'NW-9' } };
    applyCustomerEdit(ben, { key: base.key, before: base, after: late }, 'Ben');
    applyHistoryEdit(ben, [interaction('i9', t0 + 9)], [], 'Ben');
    exchange(ana, ben);

    const target = { ...base, key: 'id:42', userId: '42', notes: base.notes, fields: { order_id: 'NW-1' } };
    const left = leftOverAfterFold(read(ana), target, [], t0 + 10)!;
    expect(left.customer.notes.map((n) => n.text)).toEqual(['known to both', 'written by Ben offline']);
    expect(left.customer.tags).toEqual(['vip', 'late']);
    expect(left.customer.fields).toEqual({ order_id: 'NW-1' });
    expect(left.interactions.map((i) => [i.id, i.customerKey])).toEqual([['i9', 'id:42']]);
    // Once brought over, nothing is left.
    expect(leftOverAfterFold(read(ana), left.customer, left.interactions, t0 + 11)).toBeUndefined();
  });

  it('record interactions once, moved or removed by id', () => {
    const doc = new Y.Doc();
    applyHistoryEdit(doc, [interaction('i1', t0), interaction('i2', t0 + 1)], [], 'Ana');
    applyHistoryEdit(doc, [interaction('i1', t0)], [interaction('i1', t0)], 'Ben');
    applyHistoryEdit(doc, [], [interaction('i2', t0 + 1)], 'Ben');
    expect(read(doc).interactions.map((i) => [i.id, i.author])).toEqual([['i1', 'Ana']]);
  });
});

describe('spliceText', () => {
  it.each([
    ['', 'new'],
    ['same', 'same'],
    ['abc', ''],
    ['hello world', 'hello brave world'],
    ['aaa', 'aa'],
    ['👍🏽 ok', '👍🏽 fine'],
  ])('turns %j into %j', (from, to) => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, from);
    spliceText(text, to);
    expect(text.toString()).toBe(to);
  });
});
