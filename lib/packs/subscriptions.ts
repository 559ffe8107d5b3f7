import { RequestRejectedError } from '../messages/errors';
// Subscribing to a pack published at an HTTPS URL, and keeping it up to date.
//
// The background does all of it (the page only asks the person for the site permission, which
// needs their click): download with `If-None-Match`, check the file exactly like an imported one,
// apply it with conflicts resolved to "keep mine" (a template the person edited keeps their text
// and is flagged when the pack changed it). A failed download or an invalid file never removes
// anything: the last good version stays and the Pack row records `lastError`.
//
// A pack is data only: the text is parsed as JSON and validated; nothing in it is ever run.
//
// Everything the browser provides (fetch, permissions, the clock, ids) is passed in, so the
// refresh logic is tested with a fake fetch.

import type { HandlebookDatabase } from '../db/database';
import type { Pack } from '../db/types';
import { templateWriteTables } from '../db/template-store';
import { PACK_LIMITS, type PackError, type PackFile } from './format';
import { importPackIntoDb, type ImportOutcome } from './import';
import { parsePack } from './pack-file';
import { formatMegabytes, safeErrorMessage } from './json-text';

export const REFRESH_ALARM = 'handlebook-pack-refresh';
/** How often subscriptions are checked (the alarm's period). */
export const DEFAULT_REFRESH_MINUTES = 6 * 60;
export const DOWNLOAD_TIMEOUT_MS = 20_000;
export const MAX_URL_LENGTH = 2048;

export interface SubscriptionDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  now: () => number;
  newId: () => string;
  /** Whether the extension may read `pattern` (an origin match pattern like "https://host/*"). */
  hasPermission: (pattern: string) => Promise<boolean>;
  timeoutMs?: number;
  maxBytes?: number;
}

export type SubscriptionUrl = { ok: true; url: string; origin: string; pattern: string } | { ok: false; message: string };

/**
 * Checks a subscription URL: HTTPS only, no user name or password in it. Returns the normalised
 * URL, its origin and the permission pattern to ask for (`https://host/*`, any port).
 */
export function checkSubscriptionUrl(input: string): SubscriptionUrl {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') return { ok: false, message: 'Enter the address of the pack, starting with https://' };
  if (text.length > MAX_URL_LENGTH) return { ok: false, message: `The address is too long (at most ${MAX_URL_LENGTH} characters)` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'This is not a web address. It should look like https://example.com/team-pack.json' };
  }
  if (url.protocol !== 'https:') return { ok: false, message: 'Packs can only be subscribed over HTTPS (the address must start with https://)' };
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'The address must not contain a user name or password' };
  if (url.hostname === '') return { ok: false, message: 'The address has no host name' };
  url.hash = '';
  return { ok: true, url: url.href, origin: url.origin, pattern: `https://${url.hostname}/*` };
}

export type DownloadResult =
  | { kind: 'ok'; text: string; etag?: string }
  | { kind: 'not-modified' }
  | { kind: 'error'; message: string };

/**
 * Downloads a pack: no cookies (`credentials: 'omit'`), no HTTP cache (`no-store`, with our own
 * `If-None-Match`), at most 5 MB (checked on `Content-Length` and while reading), and at most
 * 20 s in total. Never throws.
 */
export async function downloadPack(url: string, etag: string | undefined, deps: Pick<SubscriptionDeps, 'fetch' | 'timeoutMs' | 'maxBytes'>): Promise<DownloadResult> {
  const maxBytes = deps.maxBytes ?? PACK_LIMITS.maxFileBytes;
  const timeoutMs = deps.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const tooBig = (): DownloadResult => ({ kind: 'error', message: `the file is too big: a pack can be at most ${formatMegabytes(maxBytes)}` });
  try {
    const headers: Record<string, string> = { Accept: 'application/json, text/plain;q=0.9, */*;q=0.1' };
    if (etag) headers['If-None-Match'] = etag;
    const res = await deps.fetch(url, {
      method: 'GET',
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      headers,
      signal: controller.signal,
    });
    if (res.status === 304) {
      void res.body?.cancel().catch(() => undefined);
      return { kind: 'not-modified' };
    }
    if (!res.ok) {
      void res.body?.cancel().catch(() => undefined);
      return { kind: 'error', message: `the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
    }
    if (res.url && !res.url.startsWith('https:')) {
      void res.body?.cancel().catch(() => undefined);
      return { kind: 'error', message: 'the address redirected to a page that is not HTTPS' };
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      void res.body?.cancel().catch(() => undefined);
      return tooBig();
    }
    const text = await readCapped(res, maxBytes);
    if (text === null) {
      controller.abort();
      return tooBig();
    }
    const newEtag = res.headers.get('etag');
    return newEtag ? { kind: 'ok', text, etag: newEtag } : { kind: 'ok', text };
  } catch (err) {
    if (timedOut) return { kind: 'error', message: `the download did not finish within ${Math.round(timeoutMs / 1000)} seconds` };
    return { kind: 'error', message: `the download failed (${safeErrorMessage(err)})` };
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the body as UTF-8, giving up (null) as soon as it passes `maxBytes`. */
async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  const body = res.body;
  if (!body || typeof body.getReader !== 'function') {
    const text = await res.text();
    return new TextEncoder().encode(text).length > maxBytes ? null : text;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** The first few problems of an invalid pack, as one line for `lastError`. */
export function describePackErrors(errors: readonly PackError[]): string {
  const shown = errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return `the pack is not valid: ${shown.join('; ')}${more}`;
}

export class SubscriptionError extends RequestRejectedError {
  constructor(message: string) {
    super(message);
    this.name = 'SubscriptionError';
  }
}

function permissionMessage(pattern: string): string {
  const host = pattern.replace(/^https:\/\//, '').replace(/\/\*$/, '');
  return `Handlebook does not have permission to read ${host}. Click "Update now" to allow it again.`;
}

/**
 * Subscribes to the pack at `url`: downloads it, checks it and imports it (conflicts keep the
 * person's version). Throws SubscriptionError with a readable message when anything fails; then
 * nothing is stored.
 */
export async function subscribeToPack(db: HandlebookDatabase, input: string, deps: SubscriptionDeps): Promise<ImportOutcome> {
  const checked = checkSubscriptionUrl(input);
  if (!checked.ok) throw new SubscriptionError(checked.message);
  if (!(await deps.hasPermission(checked.pattern))) {
    throw new SubscriptionError(`Handlebook was not allowed to read ${new URL(checked.url).hostname}, so it cannot subscribe. Try again and click "Allow".`);
  }
  const packs = await db.packs.toArray();
  const sameUrl = packs.find((p) => p.subscriptionUrl === checked.url);
  if (sameUrl) throw new SubscriptionError(`You are already subscribed to this address (pack "${sameUrl.name}").`);

  const download = await downloadPack(checked.url, undefined, deps);
  if (download.kind === 'not-modified') throw new SubscriptionError('The server answered "not modified" to a first download; try again later.');
  if (download.kind === 'error') throw new SubscriptionError(`Could not subscribe: ${download.message}.`);
  const parsed = parsePack(download.text);
  if (!parsed.ok) throw new SubscriptionError(`Could not subscribe: ${describePackErrors(parsed.errors)}.`);
  const existing = packs.find((p) => p.id === parsed.pack.id);
  if (existing?.subscriptionUrl !== undefined) {
    throw new SubscriptionError(`The pack "${existing.name}" (${existing.id}) is already subscribed from ${existing.subscriptionUrl}. Unsubscribe there first.`);
  }
  const now = deps.now();
  return importPackIntoDb(db, parsed.pack, {
    now,
    newId: deps.newId,
    subscription: { url: checked.url, ...(download.etag !== undefined ? { etag: download.etag } : {}), checkedAt: now },
  });
}

export type RefreshStatus = 'updated' | 'not-modified' | 'failed';

export interface RefreshResult {
  packId: string;
  status: RefreshStatus;
  /** Why it failed, for `failed`. */
  message?: string;
  outcome?: ImportOutcome;
}

/** Records a failed check on the Pack row without touching anything else. */
async function recordFailure(db: HandlebookDatabase, packId: string, message: string, now: number): Promise<void> {
  await db.transaction('rw', db.packs, async () => {
    const row = await db.packs.get(packId);
    if (!row) return;
    await db.packs.put({ ...row, lastCheckedAt: now, lastError: message });
  });
}

/**
 * Checks one subscription for a new version. Never throws for download or validation problems:
 * those are recorded on the Pack row (`lastError`) and the last good version stays.
 */
export async function refreshSubscription(db: HandlebookDatabase, packId: string, deps: SubscriptionDeps): Promise<RefreshResult> {
  const row = await db.packs.get(packId);
  if (!row?.subscriptionUrl) return { packId, status: 'failed', message: 'this pack is not subscribed' };
  const url = row.subscriptionUrl;
  const checked = checkSubscriptionUrl(url);
  const fail = async (message: string): Promise<RefreshResult> => {
    await recordFailure(db, packId, message, deps.now());
    return { packId, status: 'failed', message };
  };
  if (!checked.ok) return fail(checked.message);
  if (!(await deps.hasPermission(checked.pattern))) return fail(permissionMessage(checked.pattern));

  const download = await downloadPack(url, row.etag, deps);
  if (download.kind === 'error') return fail(download.message);
  if (download.kind === 'not-modified') {
    const now = deps.now();
    await db.transaction('rw', db.packs, async () => {
      const current = await db.packs.get(packId);
      if (!current) return;
      const next: Pack = { ...current, lastCheckedAt: now, lastSuccessAt: now };
      delete next.lastError;
      await db.packs.put(next);
    });
    return { packId, status: 'not-modified' };
  }
  const parsed = parsePack(download.text);
  if (!parsed.ok) return fail(describePackErrors(parsed.errors));
  if (parsed.pack.id !== packId) {
    return fail(`the file at this address is now the pack "${parsed.pack.id}", not "${packId}"; subscribe to it separately if that is intended`);
  }
  const now = deps.now();
  const outcome = await applyRefresh(db, parsed.pack, url, download.etag, now, deps.newId);
  if (!outcome) return { packId, status: 'failed', message: 'the subscription was removed while it was being checked' };
  return { packId, status: 'updated', outcome };
}

/** Applies a downloaded version, unless the person unsubscribed meanwhile. */
async function applyRefresh(
  db: HandlebookDatabase,
  pack: PackFile,
  url: string,
  etag: string | undefined,
  now: number,
  newId: () => string,
): Promise<ImportOutcome | null> {
  return db.transaction('rw', [...templateWriteTables(db), db.packs, db.settings], async () => {
    const current = await db.packs.get(pack.id);
    if (current?.subscriptionUrl !== url) return null;
    // Nested in this transaction, so the check above and the writes are one unit.
    return importPackIntoDb(db, pack, { now, newId, subscription: { url, ...(etag !== undefined ? { etag } : {}), checkedAt: now } });
  });
}

/** Checks every subscription, one after the other. */
export async function refreshAllSubscriptions(db: HandlebookDatabase, deps: SubscriptionDeps): Promise<RefreshResult[]> {
  const packs = (await db.packs.toArray()).filter((p) => p.subscriptionUrl !== undefined);
  const results: RefreshResult[] = [];
  for (const p of packs) {
    try {
      results.push(await refreshSubscription(db, p.id, deps));
    } catch (err) {
      // A database error: the transaction rolled back, the last good version stays.
      const message = `could not save the new version (${safeErrorMessage(err)})`;
      await recordFailure(db, p.id, message, deps.now()).catch(() => undefined);
      results.push({ packId: p.id, status: 'failed', message });
    }
  }
  return results;
}

/** Permission patterns still needed by subscriptions (to know whether one can be released). */
export async function subscriptionPatterns(db: HandlebookDatabase): Promise<Set<string>> {
  const out = new Set<string>();
  for (const p of await db.packs.toArray()) {
    if (!p.subscriptionUrl) continue;
    const checked = checkSubscriptionUrl(p.subscriptionUrl);
    if (checked.ok) out.add(checked.pattern);
  }
  return out;
}
