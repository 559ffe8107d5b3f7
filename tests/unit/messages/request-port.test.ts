import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { handleRequestPort, type RequestPort } from '@/lib/background/request-port';
import { route } from '@/lib/background/router';
import type { Change, HandlerContext } from '@/lib/background/handlers';
import type { SenderInfo } from '@/lib/background/sender';
import { REQUEST_PORT_NAME, type PortReply } from '@/lib/messages/protocol';
import { findCustomerByHandle, readAllCustomers } from '@/lib/db/customer-store';

const identity = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };
const xTab: SenderInfo = { id: 'ext-id', url: 'https://x.com/home', tab: { id: 1, url: 'https://x.com/home' } };

/** The background's end of a port; the test plays the page. */
class FakePort implements RequestPort {
  replies: PortReply[] = [];
  private listeners: ((m: unknown) => void)[] = [];
  onMessage = { addListener: (cb: (m: unknown) => void) => void this.listeners.push(cb) };
  constructor(
    readonly name: string,
    readonly sender?: SenderInfo,
  ) {}
  postMessage(m: unknown): void {
    this.replies.push(m as PortReply);
  }
  send(frame: unknown): void {
    for (const cb of this.listeners) cb(frame);
  }
}

let db: HandlebookDatabase;
let ctx: HandlerContext;
let changes: Change[];
let n = 0;

beforeEach(async () => {
  db = new HandlebookDatabase(`test-request-port-${n++}`);
  changes = [];
  ctx = { db, now: () => 1_000, changed: (c) => changes.push(c), version: '9.9.9' };
  const added = await route({ handlebook: 1, type: 'notes.add', payload: { ref: { handle: 'Alice' }, displayName: 'Alice', text: 'refund promised' } }, xTab, identity, ctx);
  expect(added.ok).toBe(true);
});
afterEach(async () => {
  await db.delete();
});

const envelope = (type: string, payload: unknown) => ({ handlebook: 1, type, payload });
const settled = async (port: FakePort, count: number) => {
  for (let i = 0; i < 200 && port.replies.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  return port.replies;
};

describe('request port (background side)', () => {
  it('answers each read with its own number, through the router', async () => {
    const port = new FakePort(REQUEST_PORT_NAME, xTab);
    expect(handleRequestPort(port, identity, ctx)).toBe(true);
    port.send({ id: 7, message: envelope('customers.lookup', { refs: [{ handle: 'alice' }, { handle: 'stranger' }] }) });
    port.send({ id: 8, message: envelope('customers.get', { ref: { handle: 'ALICE' } }) });
    const replies = await settled(port, 2);
    const byId = new Map(replies.map((r) => [r.id, r.reply as { ok: boolean; data: any }]));
    expect(byId.get(7)?.ok).toBe(true);
    expect(byId.get(7)?.data.summaries.alice).toMatchObject({ handle: 'Alice', noteCount: 1 });
    expect(byId.get(7)?.data.summaries.stranger).toBeNull();
    expect(byId.get(8)?.data.customer.notes[0].text).toBe('refund promised');
  });

  it('refuses writes (a resent write could happen twice) and writes nothing', async () => {
    const port = new FakePort(REQUEST_PORT_NAME, xTab);
    handleRequestPort(port, identity, ctx);
    changes.length = 0;
    port.send({ id: 1, message: envelope('notes.add', { ref: { handle: 'Bob' }, displayName: 'Bob', text: 'x' }) });
    const [reply] = await settled(port, 1);
    expect(reply).toEqual({
      id: 1,
      reply: { ok: false, error: { code: 'invalid_request', message: expect.stringContaining('"notes.add" cannot be sent over the request port') } },
    });
    expect(await readAllCustomers(db)).toHaveLength(1);
    expect(await findCustomerByHandle(db, 'bob')).toBeUndefined();
    expect(changes).toEqual([]);
  });

  it('checks the sender as the router does: a content script on another site is refused', async () => {
    const port = new FakePort(REQUEST_PORT_NAME, { id: 'ext-id', url: 'https://example.com/', tab: { id: 3, url: 'https://example.com/' } });
    handleRequestPort(port, identity, ctx);
    port.send({ id: 1, message: envelope('customers.lookup', { refs: [{ handle: 'alice' }] }) });
    const [reply] = await settled(port, 1);
    expect((reply!.reply as { ok: boolean; error: { code: string } }).error.code).toBe('forbidden');
  });

  it('answers an invalid request with the router\'s message', async () => {
    const port = new FakePort(REQUEST_PORT_NAME, xTab);
    handleRequestPort(port, identity, ctx);
    port.send({ id: 2, message: envelope('customers.lookup', { refs: 'alice' }) });
    const [reply] = await settled(port, 1);
    expect((reply!.reply as { ok: boolean; error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('ignores frames without a number and leaves other ports alone', async () => {
    const port = new FakePort(REQUEST_PORT_NAME, xTab);
    handleRequestPort(port, identity, ctx);
    port.send(envelope('customers.lookup', { refs: [{ handle: 'alice' }] }));
    port.send({ id: 'one', message: envelope('customers.lookup', { refs: [] }) });
    port.send({ id: 3, message: envelope('customers.lookup', { refs: [{ handle: 'alice' }] }) });
    const replies = await settled(port, 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(replies.map((r) => r.id)).toEqual([3]);
    expect(handleRequestPort(new FakePort('handlebook.restore', xTab), identity, ctx)).toBe(false);
  });
});
