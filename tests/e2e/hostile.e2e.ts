import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTILE_PAYLOADS, shortPayloads } from '../fixtures/hostile';
import { homeTimelinePage } from '../fixtures/x/pages';
import { collectPageErrors, launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, replicaData, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';
import { BADGE, authorHandles, expectBadgesOnCustomers, notePromptOn } from './support/x-page';

// Notes, tags, fields, canned replies, and names taken from X's own page are untrusted text.
// With every payload in every field: nothing executes, and X's layout does not move.

let session: ExtensionSession;
let admin: Page;

/** Hostile display names and texts on the replica timeline, by real-looking handles. */
const HOSTILE_TWEETS = shortPayloads(50).slice(0, 20).map((payload, i) => ({
  id: `19000000000000${String(1000 + i)}`,
  handle: `hostile_${i}`,
  name: payload,
  text: HOSTILE_PAYLOADS[i]!.slice(0, 280),
  time: '2026-11-20T10:00:00.000Z',
}));

beforeEach(async () => {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context, { pages: { home: () => homeTimelinePage({ tweets: [...replicaData.HOME_TWEETS.slice(0, 4), ...HOSTILE_TWEETS] }) } });
  admin = await session.openExtensionPage('dashboard.html');
});
afterEach(async () => {
  await session?.close();
});

/** Arms the main-world trap before X's page scripts run. */
async function armTrap(page: Page) {
  await page.addInitScript(() => ((window as any).__pwned = []));
}

async function layoutOf(page: Page) {
  return page.evaluate(() => {
    const column = document.querySelector('[data-testid="primaryColumn"]')!.getBoundingClientRect();
    const badges = [...document.querySelectorAll('[data-handlebook="badge"], [data-handlebook="note-prompt"]')].map((b) => b.getBoundingClientRect());
    return {
      columnLeft: Math.round(column.left),
      columnWidth: Math.round(column.width),
      pageOverflowX: document.documentElement.scrollWidth > window.innerWidth,
      widestBadge: Math.max(0, ...badges.map((b) => b.width)),
      tallestBadge: Math.max(0, ...badges.map((b) => b.height)),
    };
  });
}

describe('hostile text', () => {
  it(`renders ${HOSTILE_PAYLOADS.length} payloads in every field as text, with nothing executed and X's layout intact`, async () => {
    const page = await session.context.newPage();
    await armTrap(page);
    const errors = collectPageErrors(page);
    await page.goto('https://x.com/home');
    await page.waitForSelector('style[data-handlebook="styles"]', { state: 'attached' });
    await expectBadgesOnCustomers(page, []);
    const before = await layoutOf(page);

    // Every payload as a note, a tag, a custom field key and value, on one customer each.
    for (const [i, payload] of HOSTILE_PAYLOADS.entries()) {
      const handle = `hostile_${i % HOSTILE_TWEETS.length}`;
      await send(admin, 'notes.add', { ref: { handle }, displayName: payload.slice(0, 200), text: payload });
      await send(admin, 'customers.update', {
        ref: { handle },
        displayName: payload.slice(0, 200),
        patch: {
          tags: shortPayloads(100).slice(i, i + 3),
          fields: { [payload.slice(0, 100) || 'k']: payload.slice(0, 10_000) },
          status: 'waiting_us',
        },
      });
      await send(admin, 'templates.save', { draft: { title: payload.slice(0, 200) || 't', body: payload.slice(0, 25_000) || 'b', tags: [] } }).catch(() => {
        // bodies with template syntax errors may be refused: that is a clear error, not a crash
      });
    }
    await page.reload();
    await page.waitForSelector(BADGE);
    await expectBadgesOnCustomers(page, HOSTILE_TWEETS.map((t) => t.handle));
    // A stranger's tweet among them shows the note prompt, measured with the badges below.
    const [stranger] = await authorHandles(page);
    await notePromptOn(page, stranger!);

    // Open a few cards full of payloads, including the 100,000-character one.
    for (const i of [0, 1, 4, 18, 19]) {
      await page.locator(`${BADGE}[data-handle="hostile_${i}"]`).click();
      await page.getByRole('dialog', { name: `Handlebook card for @hostile_${i}` }).waitFor();
      const panel = await page.getByRole('dialog').boundingBox();
      expect(panel!.x + panel!.width).toBeLessThanOrEqual(1280);
      expect(panel!.height).toBeLessThanOrEqual(900);
      await page.keyboard.press('Escape');
    }
    const after = await layoutOf(page);
    expect(after.columnLeft).toBe(before.columnLeft);
    expect(after.columnWidth).toBe(before.columnWidth);
    expect(after.pageOverflowX).toBe(false);
    expect(after.widestBadge).toBeLessThanOrEqual(160);
    expect(after.tallestBadge).toBeLessThanOrEqual(20);

    // The composer picker shows hostile templates as text too.
    const focused = replicaData.FOCUSED_TWEET;
    const status = await session.context.newPage();
    await armTrap(status);
    await status.goto(`https://x.com/${focused.handle}/status/${focused.id}`);
    await status.click('[data-testid="tweetTextarea_0"]');
    await status.click('[data-handlebook="composer"] button[aria-label="Insert a canned reply"]');
    await status.getByRole('dialog', { name: 'Canned replies' }).waitFor();
    await status.keyboard.press('ArrowDown');
    await status.keyboard.press('Escape');

    // The dashboard and the popup list the same records.
    const dashboard = await session.openExtensionPage('dashboard.html');
    await dashboard.waitForSelector('text=@hostile_3', { state: 'attached' });
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByLabel('Search customers').fill('hostile');

    for (const p of [page, status]) expect(await p.evaluate(() => (window as any).__pwned)).toEqual([]);
    for (const p of [dashboard, popup]) expect(await p.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.locator('script:text("__pwned")').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
