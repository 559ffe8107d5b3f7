import { describe, expect, it } from 'vitest';
import { HandlebookError } from '@/lib/messages/errors';
import { PortClient, type ClientPort } from '@/lib/messages/port-client';
import type { Envelope } from '@/lib/messages/protocol';

/** One end of a port, as the client sees it; the test plays the background. */
class FakePort implements ClientPort {
  sent: { id: number; message: Envelope }[] = [];
  closed = false;
  private messageListeners: ((m: unknown) => void)[] = [];
  private disconnectListeners: (() => void)[] = [];
  onMessage = { addListener: (cb: (m: unknown) => void) => void this.messageListeners.push(cb) };
  onDisconnect = { addListener: (cb: () => void) => void this.disconnectListeners.push(cb) };
  postMessage(frame: unknown): void {
    if (this.closed) throw new Error('Attempting to use a disconnected port object');
    this.sent.push(frame as { id: number; message: Envelope });
  }
  /** The background answers request `id`. */
  answer(id: number, reply: unknown): void {
    for (const cb of this.messageListeners) cb({ id, reply });
  }
  deliver(frame: unknown): void {
    for (const cb of this.messageListeners) cb(frame);
  }
  /** Chrome closes the port (the worker stopped). */
  close(): void {
    this.closed = true;
    for (const cb of this.disconnectListeners) cb();
  }
}

function setup() {
  const ports: FakePort[] = [];
  const client = new PortClient(() => {
    const port = new FakePort();
    ports.push(port);
    return port;
  });
  return { client, ports };
}

const lookup = (handle: string): Envelope => ({ handlebook: 1, type: 'customers.lookup', payload: { refs: [{ handle }] } });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PortClient', () => {
  it('opens one port for many requests and matches answers to requests by number, in any order', async () => {
    const { client, ports } = setup();
    const a = client.request(lookup('alice'));
    const b = client.request(lookup('bob'));
    await tick();
    expect(ports).toHaveLength(1);
    const [first, second] = ports[0]!.sent;
    expect(first!.message).toEqual(lookup('alice'));
    expect(second!.message).toEqual(lookup('bob'));
    expect(first!.id).not.toBe(second!.id);
    ports[0]!.answer(second!.id, { ok: true, data: 'for bob' });
    ports[0]!.answer(first!.id, { ok: true, data: 'for alice' });
    expect(await a).toEqual({ ok: true, data: 'for alice' });
    expect(await b).toEqual({ ok: true, data: 'for bob' });
  });

  it('asks again on a new port when the port closes before the answer', async () => {
    const { client, ports } = setup();
    const pending = client.request(lookup('alice'));
    await tick();
    ports[0]!.close();
    await tick();
    expect(ports).toHaveLength(2);
    expect(ports[1]!.sent.map((f) => f.message)).toEqual([lookup('alice')]);
    ports[1]!.answer(ports[1]!.sent[0]!.id, { ok: true, data: 1 });
    expect(await pending).toEqual({ ok: true, data: 1 });
  });

  it('fails as unavailable when the second port closes too, and opens a fresh port for the next request', async () => {
    const { client, ports } = setup();
    const pending = client.request(lookup('alice'));
    const failed = pending.catch((e: unknown) => e);
    await tick();
    ports[0]!.close();
    await tick();
    ports[1]!.close();
    const error = await failed;
    expect(error).toBeInstanceOf(HandlebookError);
    expect((error as HandlebookError).code).toBe('unavailable');

    const next = client.request(lookup('bob'));
    await tick();
    expect(ports).toHaveLength(3);
    ports[2]!.answer(ports[2]!.sent[0]!.id, { ok: true, data: 'bob' });
    expect(await next).toEqual({ ok: true, data: 'bob' });
  });

  it('resends on a new port when posting on a port that closed without telling yet', async () => {
    const { client, ports } = setup();
    const first = client.request(lookup('alice'));
    await tick();
    ports[0]!.answer(ports[0]!.sent[0]!.id, { ok: true, data: 'a' });
    await first;
    ports[0]!.closed = true; // postMessage now throws, onDisconnect has not run
    const second = client.request(lookup('bob'));
    await tick();
    expect(ports).toHaveLength(2);
    ports[1]!.answer(ports[1]!.sent[0]!.id, { ok: true, data: 'b' });
    expect(await second).toEqual({ ok: true, data: 'b' });
  });

  it('passes "Extension context invalidated" through as it is, for the orphaned content script', async () => {
    const client = new PortClient(() => {
      throw new Error('Extension context invalidated.');
    });
    await expect(client.request(lookup('alice'))).rejects.toThrow('Extension context invalidated.');
  });

  it('ignores frames that are not answers, and answers to requests nobody waits for', async () => {
    const { client, ports } = setup();
    const pending = client.request(lookup('alice'));
    await tick();
    const port = ports[0]!;
    port.deliver('hello');
    port.deliver({ reply: { ok: true, data: 'no number' } });
    port.answer(9_999, { ok: true, data: 'nobody asked' });
    port.answer(port.sent[0]!.id, { ok: true, data: 'alice' });
    expect(await pending).toEqual({ ok: true, data: 'alice' });
  });
});
