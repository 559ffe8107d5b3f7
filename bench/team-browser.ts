// The team section's browser parts (bench/team.ts): people in their own Chromium profiles with
// the built extension, joined to a team on the real server process.
//
// tests/e2e/support/team.ts's joinedMember waits with vitest's expect.poll, which cannot run
// outside vitest: `member` below does the same steps with plain waits. Code run in pages is
// written as strings: tsx (esbuild, keepNames) wraps named functions in a `__name` helper the
// page does not have.
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionSession } from '../tests/e2e/support/extension';
import { blockExternalNetwork, REPLICA_URLS, routeReplicaX } from '../tests/e2e/support/replica-x';
import { send } from '../tests/e2e/support/seed';
import { teamBookName } from '../lib/team/membership';
import { sleep } from './stats';
import { spread, type Spread } from './team-node';

export interface BrowserMember {
  session: ExtensionSession;
  dashboard: Page;
  close(): Promise<void>;
}

/** Polls `check` (from Node) until it is truthy; throws `what` after the time. */
export async function until<T>(what: string, check: () => Promise<T>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** A fresh browser profile with the extension, no network but the team server and replica X. */
export async function freshBrowser(serverUrl: string): Promise<ExtensionSession> {
  const host = new URL(serverUrl).host;
  const session = await launchWithExtension();
  await blockExternalNetwork(session.context, { allow: (url) => url.host === host });
  await routeReplicaX(session.context);
  return session;
}

/** Sends team.join from `dashboard`; the page reloads itself onto the team's book meanwhile. */
export async function sendJoin(dashboard: Page, serverUrl: string, invite: string, name: string): Promise<void> {
  await send(dashboard, 'team.join', { server: serverUrl, invite, name }).catch((error: Error) => {
    if (!/Execution context was destroyed|Target page, context or browser has been closed/.test(error.message)) throw error;
  });
}

/** joinedMember (tests/e2e/support/team.ts) without vitest: joined, reloaded and connected. */
export async function member(serverUrl: string, invite: string, name: string): Promise<BrowserMember> {
  const session = await freshBrowser(serverUrl);
  const dashboard = await session.openExtensionPage('dashboard.html');
  await sendJoin(dashboard, serverUrl, invite, name);
  await until('the dashboard to reload onto the team', () =>
    dashboard.evaluate('performance.getEntriesByType("navigation")[0]?.type').then((type) => type === 'reload'),
  );
  await dashboard.waitForLoadState('load');
  await until('the team to be connected', async () => (await send<{ state: string }>(dashboard, 'team.status', {})).state === 'connected');
  return { session, dashboard, close: () => session.close() };
}

// In B's X page: resolves with the time (ms since the epoch, sub-millisecond) at which the open
// card lists a note with exactly `text`. Watched with a MutationObserver on the card's shadow root
// and every animation frame, so the figure is not a poll interval.
const WATCH_FOR_NOTE = `(text) => new Promise((resolve, reject) => {
  const host = document.querySelector('handlebook-panel');
  const root = host && host.shadowRoot;
  if (!root) return reject(new Error('no Handlebook panel on the page'));
  let done = false;
  const check = () => {
    if (done) return;
    const list = root.querySelector('ol[aria-label="Notes, newest first"]');
    if (!list || ![...list.querySelectorAll('textarea')].some((t) => t.value === text)) return;
    done = true;
    const at = performance.timeOrigin + performance.now();
    observer.disconnect();
    resolve(at);
  };
  const observer = new MutationObserver(check);
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  const frame = () => { check(); if (!done) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  setTimeout(() => { if (!done) { done = true; observer.disconnect(); resolve(-1); } }, 15000);
})`;

// In A's dashboard: the time (same clock as above) right before notes.add leaves the page.
const ADD_NOTE = `async ({ handle, text }) => {
  const at = performance.timeOrigin + performance.now();
  const reply = await chrome.runtime.sendMessage({ handlebook: 1, type: 'notes.add', payload: { ref: { handle }, displayName: 'Propagation', text } });
  if (!reply || !reply.ok) throw new Error('notes.add failed: ' + JSON.stringify(reply));
  return { at, acked: performance.timeOrigin + performance.now() };
}`;

export interface PropagationResult extends Spread {
  edits: number;
  /** notes.add's own round trip in A's page (written to A's book), median ms. */
  addMedianMs: number;
  /** Edits B's card never showed (within 15 s); counted as 15 s. */
  lost: number;
  handle: string;
}

/**
 * A note written in A's browser until B's card shows it: B opens the customer's card on the
 * replica X timeline once; then `edits` times A sends notes.add from its dashboard and B's page
 * records when its card lists the new note. Edits follow each other once the last one showed
 * (plus `gapMs`), as a person typing notes one after another.
 */
export async function browserPropagation(a: BrowserMember, b: BrowserMember, edits: number, log: (line: string) => void, gapMs = 100): Promise<PropagationResult> {
  const x = await b.session.context.newPage();
  await x.goto(REPLICA_URLS.home);
  await x.waitForSelector('article[data-testid="tweet"]');
  await x.waitForSelector('style[data-handlebook="styles"]', { state: 'attached' });
  const handle = await x.evaluate('document.querySelector(\'article[data-testid="tweet"] [data-testid="User-Name"] a[href^="/"]\').getAttribute("href").slice(1)') as string;
  // The first note makes the person a customer; B's badge appears by itself, and opens the card.
  const addNote = (text: string) => a.dashboard.evaluate(`(${ADD_NOTE})(${JSON.stringify({ handle, text })})`) as Promise<{ at: number; acked: number }>;
  await addNote('Propagation: first note');
  const badge = x.locator(`[data-handlebook="badge"][data-handle="${handle}"]`).first();
  await badge.waitFor({ timeout: 20_000 });
  await badge.click();
  await x.getByRole('dialog', { name: `Handlebook card for @${handle}` }).waitFor();
  const watch = (text: string) => x.evaluate(`window.__hbSeen = (${WATCH_FOR_NOTE})(${JSON.stringify(text)}); 0`);
  await watch('Propagation: first note');
  if ((await x.evaluate('window.__hbSeen')) === -1) throw new Error('B’s card never showed the first note');
  // Two warm-up edits (the first live update of a document, the card's first reload), not counted.
  for (let n = 0; n < 2; n++) {
    await watch(`Propagation warm-up ${n}`);
    await addNote(`Propagation warm-up ${n}`);
    await x.evaluate('window.__hbSeen');
  }

  const ms: number[] = [];
  const addMs: number[] = [];
  let lost = 0;
  for (let n = 0; n < edits; n++) {
    const text = `Propagation ${n}: promised a refund on Monday`;
    await watch(text);
    const sent = await addNote(text);
    const seen = (await x.evaluate('window.__hbSeen')) as number;
    addMs.push(sent.acked - sent.at);
    if (seen < 0) {
      lost++;
      ms.push(15_000);
    } else ms.push(seen - sent.at);
    await sleep(gapMs);
  }
  await x.close();
  addMs.sort((p, q) => p - q);
  return { ...spread(ms), edits, addMedianMs: addMs[Math.floor(addMs.length / 2)]!, lost, handle };
}

// In an extension page of the joining browser. Until the team's book holds `count` stored
// customer documents it only counts them (the worker's `teamDocs` table, read-only, every
// `pauseMs`: cheap, so the watching does not slow the worker it watches); then it looks every
// ref up in batches of 500 (the lookup's maximum), again every `pauseMs` for those still
// unanswered, until each answers non-null. Times are ms since `since` (the epoch clock).
const WATCH_JOIN = `async ({ refs, since, dbName, count, pauseMs, timeoutMs }) => {
  const now = () => performance.timeOrigin + performance.now();
  const pause = () => new Promise((r) => setTimeout(r, pauseMs));
  const stored = async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === dbName)) return 0;
    const db = await new Promise((resolve, reject) => { const q = indexedDB.open(dbName); q.onsuccess = () => resolve(q.result); q.onerror = () => reject(q.error); });
    try {
      if (!db.objectStoreNames.contains('teamDocs')) return 0;
      return await new Promise((resolve, reject) => { const q = db.transaction('teamDocs').objectStore('teamDocs').count(); q.onsuccess = () => resolve(q.result); q.onerror = () => reject(q.error); });
    } finally { db.close(); }
  };
  const tenths = [];
  let docs = 0;
  while (now() - since < timeoutMs) {
    docs = await stored();
    while (tenths.length < 10 && docs >= Math.ceil(((tenths.length + 1) / 10) * count)) tenths.push(now() - since);
    if (docs >= count) break;
    await pause();
  }
  let left = refs;
  let passes = 0;
  while (left.length && now() - since < timeoutMs) {
    passes++;
    const still = [];
    for (let i = 0; i < left.length; i += 500) {
      const batch = left.slice(i, i + 500);
      const reply = await chrome.runtime.sendMessage({ handlebook: 1, type: 'customers.lookup', payload: { refs: batch } });
      if (!reply || !reply.ok) { still.push(...batch); continue; }
      for (const ref of batch) if (!reply.data.summaries[ref.handle.toLowerCase()]) still.push(ref);
    }
    left = still;
    if (left.length) await pause();
  }
  while (tenths.length < 10) tenths.push(null);
  return { ms: now() - since, done: left.length === 0, found: refs.length - left.length, docs, passes, tenths };
}`;

export interface JoinResult {
  /** From sending team.join until every customer answers a lookup, or until the time ran out. */
  ms: number;
  /** Every customer answered (else `ms` is only a lower bound). */
  done: boolean;
  /** Customers answering at the end. */
  found: number;
  /** Customer documents (+ the index and members documents) stored in the team's book at the end of counting. */
  docs: number;
  /** team.join's own answer (redeem the invite, open the team's book, start the sync). */
  joinReplyMs: number;
  /** When 10 %, 20 %, ... of the customers' documents were stored in the team's book. */
  tenths: (number | null)[];
  /** Lookup passes over the customers not answering yet. */
  passes: number;
}

/**
 * A fresh browser joins a team that already holds `refs.length` customers: from the join click
 * (team.join sent from its dashboard) until customers.lookup, sent from another extension page,
 * answers non-null for every one of them. Then, if the join finished, `afterJoin` gets that
 * page (an extension page with no app of its own) while the browser is still a member.
 */
export async function browserJoin<T>(
  serverUrl: string,
  teamId: string,
  invite: string,
  refs: { handle: string; userId?: string }[],
  timeoutMs: number,
  afterJoin?: (tools: Page) => Promise<T>,
): Promise<JoinResult & { after?: T }> {
  const session = await freshBrowser(serverUrl);
  try {
    const dashboard = await session.openExtensionPage('dashboard.html');
    // A page with no app of its own (it does not reload on joining) to look up from.
    const tools = await session.openExtensionPage('manifest.json');
    await tools.evaluate('chrome.runtime.sendMessage({ handlebook: 1, type: "team.status", payload: {} })');
    const since = (await tools.evaluate('performance.timeOrigin + performance.now()')) as number;
    const sinceNode = performance.now();
    const lookups = tools.evaluate(`(${WATCH_JOIN})(${JSON.stringify({ refs, since, dbName: teamBookName(teamId), count: refs.length, pauseMs: 250, timeoutMs })})`) as Promise<Omit<JoinResult, 'joinReplyMs'>>;
    await sendJoin(dashboard, serverUrl, invite, 'Joiner');
    const joinReplyMs = performance.now() - sinceNode;
    const joined = { ...(await lookups), joinReplyMs };
    return joined.done && afterJoin ? { ...joined, after: await afterJoin(tools) } : joined;
  } finally {
    await session.close();
  }
}
