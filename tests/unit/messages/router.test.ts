import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { route } from '@/lib/background/router';
import type { Change, HandlerContext } from '@/lib/background/handlers';
import type { SenderInfo } from '@/lib/background/sender';
import { countTemplates } from '@/lib/db/template-store';
import { getCustomer, readAllCustomers } from '@/lib/db/customer-store';
import { holdersOf } from '@/lib/db/customer-handles';
import { readBookCounts } from '@/lib/db/book-counts';

const identity = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };
const contentSender: SenderInfo = { id: 'ext-id', url: 'https://x.com/home', tab: { id: 1, url: 'https://x.com/home' } };
const pageSender: SenderInfo = { id: 'ext-id', url: 'chrome-extension://ext-id/dashboard.html', tab: { id: 2 } };

let db: HandlebookDatabase;
let changes: Change[];
let ctx: HandlerContext;
let n = 0;

beforeEach(async () => {
  db = new HandlebookDatabase(`test-router-${n++}`);
  changes = [];
  ctx = { db, now: () => 1_000, changed: (c) => changes.push(c), version: '9.9.9' };
});
afterEach(async () => {
  await db.delete();
});

/** Customers stored, read from the book itself (the counts are checked where they matter). */
const storedCustomers = async () => (await readAllCustomers(db)).length;

const msg = (type: string, payload: unknown) => ({ handlebook: 1, type, payload });

describe('router', () => {
  it('answers a valid request from an X tab and broadcasts the change', async () => {
    const reply = await route(
      msg('notes.add', { ref: { handle: 'Alice' }, displayName: 'Alice', text: 'hi' }),
      contentSender,
      identity,
      ctx,
    );
    expect(reply.ok).toBe(true);
    expect(await storedCustomers()).toBe(1);
    expect(await readBookCounts(db)).toEqual({ customers: 1, interactions: 0 });
    expect(changes).toEqual([{ handles: ['alice'] }]);
  });

  it('works from twitter.com and mobile hosts too', async () => {
    for (const url of ['https://twitter.com/home', 'https://mobile.x.com/home', 'https://mobile.twitter.com/i']) {
      const reply = await route(msg('ping', {}), { id: 'ext-id', url, tab: { id: 3, url } }, identity, ctx);
      expect(reply).toEqual({ ok: true, data: { version: '9.9.9' } });
    }
  });

  it('rejects invalid payloads with a typed error naming the field, and writes nothing', async () => {
    const reply = await route(
      msg('notes.add', { ref: { handle: 'bad handle!' }, displayName: 'x', text: 'hi' }),
      contentSender,
      identity,
      ctx,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'ref.handle' } });
    expect(await storedCustomers()).toBe(0);
    expect(changes).toEqual([]);
  });

  it('rejects unknown types and non-Handlebook messages', async () => {
    expect(await route(msg('customers.nuke', {}), contentSender, identity, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await route(msg('__proto__', {}), contentSender, identity, ctx)).toMatchObject({ ok: false });
    expect(await route({ hello: 1 }, contentSender, identity, ctx)).toMatchObject({ ok: false });
  });

  it('refuses bulk and destructive operations from content scripts', async () => {
    await route(msg('notes.add', { ref: { handle: 'bob' }, displayName: 'Bob', text: 'x' }), contentSender, identity, ctx);
    const denied = await route(msg('customers.delete', { keys: ['h:bob'] }), contentSender, identity, ctx);
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await storedCustomers()).toBe(1);
    for (const [type, payload] of [
      ['customers.bulkUpdate', { keys: ['h:bob'], status: 'resolved' }],
      ['customers.restore', { customers: [], interactions: [] }],
    ] as const) {
      expect(await route(msg(type, payload), contentSender, identity, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const allowed = await route(msg('customers.delete', { keys: ['h:bob'] }), pageSender, identity, ctx);
    expect(allowed).toMatchObject({ ok: true, data: { deleted: 1 } });
    expect(await storedCustomers()).toBe(0);
    expect(await holdersOf(db, 'bob')).toEqual([]);
    // Undo puts it back exactly.
    const snapshot = allowed.ok ? (allowed.data as { customers: unknown[]; interactions: unknown[] }) : null;
    await route(msg('customers.restore', { customers: snapshot!.customers, interactions: snapshot!.interactions }), pageSender, identity, ctx);
    expect((await getCustomer(db, 'h:bob'))!.notes[0]!.text).toBe('x');
    expect((await holdersOf(db, 'bob')).map((h) => h.key)).toEqual(['h:bob']);
    expect(await readBookCounts(db)).toEqual({ customers: 1, interactions: 0 });
  });

  it('refuses senders that are not ours or not on X', async () => {
    const senders: SenderInfo[] = [
      { id: 'other-extension', url: 'https://x.com/home', tab: { id: 1 } },
      { id: 'ext-id', url: 'https://evil.example/x.com', tab: { id: 1 } },
      { id: 'ext-id', url: 'http://x.com/home', tab: { id: 1 } },
      { id: 'ext-id', url: 'https://x.com.evil.example/', tab: { id: 1 } },
      { id: 'ext-id' },
    ];
    for (const sender of senders) {
      expect(await route(msg('ping', {}), sender, identity, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('answers a missing record with not_found instead of throwing', async () => {
    const reply = await route(msg('notes.update', { key: 'h:ghost', noteId: 'n', text: 't' }), contentSender, identity, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('turns a storage quota error into advice, not a crash', async () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    // Writing the customer's block is where a full disk would refuse the note.
    db.customerBlocks.hook('creating', () => {
      throw quota;
    });
    const reply = await route(msg('notes.add', { ref: { handle: 'q' }, displayName: 'Q', text: 'x' }), contentSender, identity, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });
    expect(reply.ok === false && reply.error.message).toMatch(/Export a backup/);
    // Nothing half-written: no customer, no handle indexed, no count.
    expect(await storedCustomers()).toBe(0);
    expect(await holdersOf(db, 'q')).toEqual([]);
    expect(await readBookCounts(db)).toEqual({ customers: 0, interactions: 0 });
  });
});

describe('rejected requests', () => {
  it('answers a template with an unknown variable as invalid_request, saving nothing', async () => {
    const pageSender: SenderInfo = { id: 'ext-id', url: 'chrome-extension://ext-id/dashboard.html' };
    const reply = await route(
      msg('templates.save', { draft: { title: 'Hi', body: 'Hello {{frist_name}}', tags: [] } }),
      pageSender,
      identity,
      ctx,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(reply.ok === false && reply.error.message).toContain('frist_name');
    expect(await countTemplates(db)).toBe(0);
  });
});
