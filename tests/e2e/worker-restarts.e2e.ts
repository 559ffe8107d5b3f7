import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchWithExtension, stopServiceWorker, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, routeReplicaX } from './support/replica-x';
import { authorHandles, badgeOf, openCard, openX } from './support/x-page';

// The service worker can die at any moment (Chrome stops it ~30 s after its last event).
// 200 mixed operations from two X tabs and the dashboard, with the worker stopped at random
// points: every write that was acknowledged must be in the database afterwards.

let session: ExtensionSession;
afterEach(async () => {
  await session?.close();
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

type Ack = { handle: string; note: string };

/** A message from an extension page; resolves true when the background acknowledged it. */
async function sendFrom(page: Page, type: string, payload: unknown): Promise<boolean> {
  const reply = await page
    .evaluate(([t, p]) => (globalThis as any).chrome.runtime.sendMessage({ handlebook: 1, type: t, payload: p }), [type, payload] as const)
    .catch(() => null);
  return Boolean(reply?.ok);
}

/** Writes a note through X's page: badge or note prompt, card, Save. Acknowledged when the card lists it. */
async function noteFromX(page: Page, handle: string, note: string): Promise<boolean> {
  try {
    // A person works in the tab in front; background tabs get throttled timers and no frames.
    await page.bringToFront();
    const card = await openCard(page, handle, { timeout: 2_000 });
    await card.getByLabel('New note').fill(note, { timeout: 2_000 });
    await card.getByRole('button', { name: 'Save note' }).click({ timeout: 2_000 });
    await card.getByRole('list', { name: 'Notes, newest first' }).locator(`textarea`).first().waitFor({ timeout: 3_000 });
    const saved = await card.locator('textarea').evaluateAll((els, n) => els.some((e) => (e as HTMLTextAreaElement).value === n), note);
    await page.keyboard.press('Escape');
    return saved;
  } catch {
    await page.keyboard.press('Escape').catch(() => {});
    return false;
  }
}

describe('worker restarts', () => {
  it('keeps every acknowledged write through 200 operations with the worker stopped at random points', { timeout: 240_000 }, async () => {
    session = await launchWithExtension();
    await blockExternalNetwork(session.context);
    await routeReplicaX(session.context);
    const tabs = [await openX(session.context, 'https://x.com/home'), await openX(session.context, 'https://twitter.com/home')];
    const errors = tabs.map(collectPageErrors);
    const dashboard = await session.openExtensionPage('dashboard.html');
    const handles = [...new Set(await authorHandles(tabs[0]!))];
    const next = random(20261124);
    const acked: Ack[] = [];
    let stops = 0;
    let failed = 0;

    for (let op = 0; op < 200; op++) {
      if (next() < 0.1) {
        await stopServiceWorker(session);
        stops++;
      }
      const handle = handles[Math.floor(next() * handles.length)]!;
      const note = `op ${op} for ${handle}`;
      const roll = next();
      let ok: boolean;
      if (roll < 0.2) {
        ok = await noteFromX(tabs[op % 2]!, handle, note);
      } else if (roll < 0.6) {
        ok = await sendFrom(dashboard, 'notes.add', { ref: { handle }, displayName: handle, text: note });
      } else if (roll < 0.8) {
        ok = await sendFrom(dashboard, 'interactions.logIncoming', {
          ref: { handle },
          displayName: handle,
          tweetId: String(1_000_000 + op),
          text: note,
          openCase: true,
        });
      } else {
        ok = await sendFrom(dashboard, 'customers.update', { ref: { handle }, displayName: handle, patch: { tags: [`tag-${op}`] } });
        if (ok) acked.push({ handle, note: `tag:tag-${op}` });
        continue;
      }
      if (ok) acked.push({ handle, note });
      else failed++;
    }

    // Everything acknowledged is there, read fresh after one more restart.
    await stopServiceWorker(session);
    const stored = await dashboard.evaluate(async () => {
      const reply = await (globalThis as any).chrome.runtime.sendMessage({ handlebook: 1, type: 'ping', payload: {} });
      const open = indexedDB.open('handlebook');
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const read = (store: string) =>
        new Promise<any[]>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
        });
      // The book is stored in blocks (lib/db/customer-store.ts, history-store.ts).
      const [customerBlocks, historyBlocks] = await Promise.all([read('customerBlocks'), read('historyBlocks')]);
      const customers = customerBlocks.flatMap((block) => block.customers);
      const interactions = historyBlocks.flatMap((block) => block.interactions);
      db.close();
      return { ping: reply?.ok, customers, interactions };
    });
    expect(stored.ping).toBe(true);
    const texts = new Set<string>();
    for (const c of stored.customers) {
      for (const n of c.notes) texts.add(`${c.handleLower}|${n.text}`);
      for (const t of c.tags) texts.add(`${c.handleLower}|tag:${t}`);
    }
    for (const i of stored.interactions) {
      const c = stored.customers.find((x: { key: string }) => x.key === i.customerKey);
      texts.add(`${c?.handleLower}|${i.text}`);
    }
    const tagsNow = new Map<string, string[]>(stored.customers.map((c: { handleLower: string; tags: string[] }) => [c.handleLower, c.tags]));
    const missing = acked.filter((a) => {
      const key = `${a.handle.toLowerCase()}|${a.note}`;
      if (a.note.startsWith('tag:')) {
        // Tag edits replace the tag list: only the latest acknowledged one must remain.
        const last = [...acked].reverse().find((b) => b.handle === a.handle && b.note.startsWith('tag:'));
        return last === a && !tagsNow.get(a.handle.toLowerCase())?.includes(a.note.slice(4));
      }
      return !texts.has(key);
    });
    console.log(`worker restarts: ${acked.length} acknowledged of 200 operations, ${failed} refused during restarts, ${stops + 1} worker stops, ${missing.length} lost`);
    expect(stops).toBeGreaterThanOrEqual(10);
    expect(acked.length).toBeGreaterThanOrEqual(180);
    expect(missing).toEqual([]);

    // The page recovers within a second: a new note's badge updates right after a stop.
    await stopServiceWorker(session);
    await tabs[0]!.bringToFront();
    const handle = handles[0]!;
    await sendFrom(dashboard, 'customers.update', { ref: { handle }, displayName: handle, patch: { tags: ['RECOVERED'] } });
    await expect.poll(() => badgeOf(tabs[0]!, handle).textContent(), { timeout: 1_000, interval: 50 }).toContain('RECOVERED');
    for (const e of errors) expect(e).toEqual([]);
  });
});
