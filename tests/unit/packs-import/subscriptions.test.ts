import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandlebookDatabase } from '@/lib/db/database';
import { saveTemplate } from '@/lib/db/templates';
import { route } from '@/lib/background/router';
import { setPacksPlatform, syncRefreshAlarm, type PacksPlatform } from '@/lib/background/packs-handlers';
import {
  checkSubscriptionUrl,
  DEFAULT_REFRESH_MINUTES,
  downloadPack,
  refreshAllSubscriptions,
  refreshSubscription,
  REFRESH_ALARM,
  subscribeToPack,
  type SubscriptionDeps,
} from '@/lib/packs/subscriptions';
import { context, freshDb, identity, msg, packJson, pageSender, seqId, snapshot } from './helpers';
import { countTemplates, getTemplate, readAllTemplates } from '@/lib/db/template-store';

const URL_A = 'https://packs.example.com/team/acme.json';

interface Served {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A fake fetch serving one response at a time, recording every request. */
function fakeServer(initial: Served) {
  let next: Served | (() => Promise<Response>) = initial;
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit): Promise<Response> => {
    requests.push({ url, init });
    if (typeof next === 'function') return next();
    const { status, body, headers } = next;
    return new Response(status === 304 ? null : (body ?? ''), { status, headers });
  });
  return {
    fetch,
    requests,
    serve(s: Served | (() => Promise<Response>)) {
      next = s;
    },
  };
}

const v1 = packJson([
  { id: 'hello', title: 'Hello', body: 'Hi {{first_name}}!' },
  { id: 'refund', title: 'Refund', body: 'Refund is on its way.' },
]);
const v2 = packJson([
  { id: 'hello', title: 'Hello', body: 'Hello {{first_name}}, welcome back!' },
  { id: 'refund', title: 'Refund', body: 'Refund sent today.' },
]);

let db: HandlebookDatabase;
let server: ReturnType<typeof fakeServer>;
let clock: number;
let granted: Set<string>;
let deps: SubscriptionDeps;

beforeEach(async () => {
  db = freshDb('subscriptions');
  await db.open();
  server = fakeServer({ status: 200, body: v1, headers: { ETag: '"v1"', 'Content-Type': 'application/json' } });
  clock = 1_000;
  granted = new Set(['https://packs.example.com/*']);
  deps = { fetch: server.fetch, now: () => clock, newId: seqId, hasPermission: async (p) => granted.has(p) };
});
afterEach(async () => {
  await db.delete();
});

async function subscribed() {
  await subscribeToPack(db, URL_A, deps);
  return (await db.packs.get('acme'))!;
}

const bodies = async () => (await readAllTemplates(db)).map((t) => t.body).sort();

describe('subscription URLs', () => {
  it('accepts HTTPS only and asks for the host', () => {
    expect(checkSubscriptionUrl(' https://packs.example.com:8443/a.json#x ')).toEqual({
      ok: true,
      url: 'https://packs.example.com:8443/a.json',
      origin: 'https://packs.example.com:8443',
      pattern: 'https://packs.example.com/*',
    });
    for (const bad of ['http://packs.example.com/a.json', 'ftp://x/y', 'javascript:alert(1)', 'not a url', '', 'https://user:pw@host/a.json', `https://h/${'a'.repeat(3000)}`]) {
      expect(checkSubscriptionUrl(bad).ok).toBe(false);
    }
  });
});

describe('downloading', () => {
  it('omits credentials, bypasses the cache and sends the ETag', async () => {
    await downloadPack(URL_A, '"v1"', deps);
    const init = server.requests[0]!.init;
    expect(init).toMatchObject({ credentials: 'omit', cache: 'no-store', method: 'GET' });
    expect((init.headers as Record<string, string>)['If-None-Match']).toBe('"v1"');
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('refuses a file over the size cap, by Content-Length or while reading', async () => {
    server.serve({ status: 200, body: 'x', headers: { 'Content-Length': String(6 * 1024 * 1024) } });
    expect(await downloadPack(URL_A, undefined, deps)).toMatchObject({ kind: 'error', message: expect.stringMatching(/too big/) });
    server.serve({ status: 200, body: 'x'.repeat(2000) });
    expect(await downloadPack(URL_A, undefined, { ...deps, maxBytes: 1000 })).toMatchObject({ kind: 'error', message: expect.stringMatching(/too big/) });
  });

  it('gives up after the timeout', async () => {
    server.serve(
      () =>
        new Promise<Response>((_resolve, reject) => {
          const signal = server.requests[server.requests.length - 1]!.init.signal!;
          signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    expect(await downloadPack(URL_A, undefined, { ...deps, timeoutMs: 50 })).toEqual({ kind: 'error', message: 'the download did not finish within 0 seconds' });
  });
});

describe('subscribing', () => {
  it('downloads, imports and records the ETag', async () => {
    const pack = await subscribed();
    expect(pack).toMatchObject({ id: 'acme', subscriptionUrl: URL_A, etag: '"v1"', lastCheckedAt: 1_000, lastSuccessAt: 1_000, templateCount: 2 });
    expect(pack.lastError).toBeUndefined();
    expect(await bodies()).toEqual(['Hi {{first_name}}!', 'Refund is on its way.']);
  });

  it('stores nothing when the permission, the download or the file fails', async () => {
    granted.clear();
    await expect(subscribeToPack(db, URL_A, deps)).rejects.toThrow(/not allowed to read packs.example.com/);
    granted.add('https://packs.example.com/*');
    await expect(subscribeToPack(db, 'http://packs.example.com/a.json', deps)).rejects.toThrow(/HTTPS/);
    server.serve({ status: 404, body: 'nope' });
    await expect(subscribeToPack(db, URL_A, deps)).rejects.toThrow(/HTTP 404/);
    server.serve({ status: 200, body: '{"format":"handlebook-pack","version":1,"id":"acme"' });
    await expect(subscribeToPack(db, URL_A, deps)).rejects.toThrow(/not valid JSON/);
    expect(await db.packs.count()).toBe(0);
    expect(await countTemplates(db)).toBe(0);
  });

  it('refuses a second subscription to the same address or the same pack', async () => {
    await subscribed();
    await expect(subscribeToPack(db, URL_A, deps)).rejects.toThrow(/already subscribed/);
    await expect(subscribeToPack(db, 'https://packs.example.com/mirror.json', deps)).rejects.toThrow(/already subscribed from/);
  });
});

describe('refreshing', () => {
  it('304: nothing to do, but the check is recorded and If-None-Match was sent', async () => {
    await subscribed();
    const before = await readAllTemplates(db);
    clock = 2_000;
    server.serve({ status: 304 });
    const result = await refreshSubscription(db, 'acme', deps);
    expect(result.status).toBe('not-modified');
    expect((server.requests[1]!.init.headers as Record<string, string>)['If-None-Match']).toBe('"v1"');
    expect(await db.packs.get('acme')).toMatchObject({ lastCheckedAt: 2_000, lastSuccessAt: 2_000, etag: '"v1"' });
    expect(await readAllTemplates(db)).toEqual(before);
  });

  it('200 with a new ETag: applies the new version', async () => {
    await subscribed();
    clock = 3_000;
    server.serve({ status: 200, body: v2, headers: { ETag: '"v2"' } });
    const result = await refreshSubscription(db, 'acme', deps);
    expect(result).toMatchObject({ status: 'updated', outcome: { counts: { changed: 2 } } });
    expect(await bodies()).toEqual(['Hello {{first_name}}, welcome back!', 'Refund sent today.']);
    expect(await db.packs.get('acme')).toMatchObject({ etag: '"v2"', lastCheckedAt: 3_000, lastSuccessAt: 3_000 });
  });

  it('500: keeps the last good version and records the error with the time', async () => {
    await subscribed();
    const before = await snapshot(db);
    clock = 4_000;
    server.serve({ status: 500, body: 'oops' });
    const result = await refreshSubscription(db, 'acme', deps);
    expect(result).toMatchObject({ status: 'failed', message: 'the server answered HTTP 500' });
    const after = await snapshot(db);
    expect(after.templates).toEqual(before.templates);
    expect(after.packs[0]).toEqual({ ...before.packs[0], lastCheckedAt: 4_000, lastError: 'the server answered HTTP 500' });
  });

  it('invalid JSON or an invalid pack: keeps the last good version, records why; the next good check clears it', async () => {
    await subscribed();
    const before = await readAllTemplates(db);
    server.serve({ status: 200, body: '{"format":"handlebook-pack",', headers: { ETag: '"broken"' } });
    clock = 5_000;
    await refreshSubscription(db, 'acme', deps);
    let row = (await db.packs.get('acme'))!;
    expect(row.lastError).toMatch(/^the pack is not valid: not valid JSON/);
    expect(row.etag).toBe('"v1"');
    expect(row.lastSuccessAt).toBe(1_000);
    server.serve({ status: 200, body: packJson([{ id: 'hello', title: '', body: 'x' }]) });
    await refreshSubscription(db, 'acme', deps);
    expect((await db.packs.get('acme'))!.lastError).toBe('the pack is not valid: templates.0.title: title must not be empty');
    expect(await readAllTemplates(db)).toEqual(before);
    // The failed ETag was not stored, so the next check asks with the last good one.
    server.serve({ status: 304 });
    clock = 6_000;
    await refreshSubscription(db, 'acme', deps);
    expect((server.requests.at(-1)!.init.headers as Record<string, string>)['If-None-Match']).toBe('"v1"');
    row = (await db.packs.get('acme'))!;
    expect(row.lastError).toBeUndefined();
    expect(row.lastSuccessAt).toBe(6_000);
  });

  it('a pack id change at the same address is refused', async () => {
    await subscribed();
    server.serve({ status: 200, body: packJson([{ id: 'x', title: 'X', body: 'x' }], { id: 'other' }) });
    const result = await refreshSubscription(db, 'acme', deps);
    expect(result.message).toMatch(/now the pack "other"/);
    expect(await db.packs.count()).toBe(1);
  });

  it('upstream change over a local edit: keeps the edit and flags it', async () => {
    await subscribed();
    const refund = (await readAllTemplates(db)).find((t) => t.source?.upstreamId === 'refund')!;
    await saveTemplate(db, { id: refund.id, title: 'Refund', body: 'My own refund words', tags: [] }, 1_500);
    server.serve({ status: 200, body: v2, headers: { ETag: '"v2"' } });
    const result = await refreshSubscription(db, 'acme', deps);
    expect(result.outcome?.counts).toMatchObject({ conflict: 1, changed: 1 });
    const after = (await getTemplate(db, refund.id))!;
    expect(after.body).toBe('My own refund words');
    expect(after.source).toMatchObject({ edited: true, upstreamChanged: true });
    const hello = (await readAllTemplates(db)).find((t) => t.source?.upstreamId === 'hello')!;
    expect(hello.body).toBe('Hello {{first_name}}, welcome back!');
  });

  it('a missing permission is reported, not fetched', async () => {
    await subscribed();
    granted.clear();
    const result = await refreshSubscription(db, 'acme', deps);
    expect(result.message).toMatch(/does not have permission to read packs.example.com/);
    expect(server.requests).toHaveLength(1);
  });

  it('refreshes every subscription, and a network error is just a failed check', async () => {
    await subscribed();
    server.serve(() => Promise.reject(new TypeError('Failed to fetch')));
    const results = await refreshAllSubscriptions(db, deps);
    expect(results).toEqual([{ packId: 'acme', status: 'failed', message: 'the download failed (Failed to fetch)' }]);
  });
});

describe('handlers: alarms and permissions', () => {
  let alarms: Map<string, { periodInMinutes?: number }>;
  let removed: string[];
  beforeEach(() => {
    alarms = new Map();
    removed = [];
    const platform: PacksPlatform = {
      fetch: server.fetch,
      hasPermission: async (p) => granted.has(p),
      removePermission: async (p) => {
        removed.push(p);
        granted.delete(p);
      },
      alarms: {
        get: async (name) => alarms.get(name),
        create: (name, info) => {
          alarms.set(name, { periodInMinutes: info.periodInMinutes });
        },
        clear: async (name) => alarms.delete(name),
      },
    };
    setPacksPlatform(platform);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    setPacksPlatform(undefined);
    vi.restoreAllMocks();
  });

  it('subscribe creates the 6-hour alarm; unsubscribe removes it, the permission and unedited templates', async () => {
    const { ctx, changes } = context(db);
    const reply = await route(msg('packs.subscribe', { url: URL_A }), pageSender, identity, ctx);
    expect(reply).toMatchObject({ ok: true, data: { packId: 'acme', counts: { new: 2 } } });
    expect(alarms.get(REFRESH_ALARM)).toEqual({ periodInMinutes: DEFAULT_REFRESH_MINUTES });
    expect(changes).toEqual([{ templates: true }]);

    const hello = (await readAllTemplates(db)).find((t) => t.source?.upstreamId === 'hello')!;
    await saveTemplate(db, { id: hello.id, title: 'Hello', body: 'Hey {{first_name}}', tags: [] }, 2_000);
    server.serve({ status: 304 });
    expect(await route(msg('packs.refresh', { packId: 'acme' }), pageSender, identity, ctx)).toMatchObject({
      ok: true,
      data: { results: [{ packId: 'acme', status: 'not-modified' }] },
    });

    const removedReply = await route(msg('packs.remove', { packId: 'acme' }), pageSender, identity, ctx);
    expect(removedReply).toMatchObject({ ok: true, data: { deleted: 1, detached: 1 } });
    expect(alarms.has(REFRESH_ALARM)).toBe(false);
    expect(removed).toEqual(['https://packs.example.com/*']);
    const left = await readAllTemplates(db);
    expect(left.map((t) => [t.body, t.source])).toEqual([['Hey {{first_name}}', undefined]]);
  });

  it('a failed subscribe answers with the reason and creates no alarm', async () => {
    const { ctx } = context(db);
    server.serve({ status: 500 });
    const reply = await route(msg('packs.subscribe', { url: URL_A }), pageSender, identity, ctx);
    expect(reply).toMatchObject({ ok: false, error: { message: 'Could not subscribe: the server answered HTTP 500.' } });
    expect(alarms.size).toBe(0);
    await syncRefreshAlarm(db);
    expect(alarms.size).toBe(0);
  });
});
