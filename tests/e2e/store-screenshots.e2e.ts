import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, waitForExtensionPage, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, routeReplicaX } from './support/replica-x';
import { seedSampleDesk } from './support/sample-desk';
import { badgeOf } from './support/x-page';
import { homeTimelinePage, statusPage } from '../fixtures/x/pages';
import type { Theme } from '../fixtures/x/classes';
import { SAMPLE_CUSTOMERS } from '../../lib/sample/desk';
import { STORE_SCREENSHOTS } from './support/store-screenshots';

// The five store screenshots, 1280x800 as both stores ask, taken on the replica pages with the
// sample desk, light and dark, into docs/store/screenshots/ (`npm run screenshots`), beside the
// listings that name them. They are generated, never committed (.gitignore): every `npm test`
// takes them again, so they always show the Handlebook of that commit, and a release uploads the
// ones its own commit took.

const OUT = resolve(import.meta.dirname, '../../docs/store/screenshots');
const SIZE = { width: 1280, height: 800 };
const PRIYA = SAMPLE_CUSTOMERS[0]!;
const PRIYA_TWEET = PRIYA.history.find((h) => h.direction === 'in')!.tweetId!;
const PRIYA_STATUS = `/${PRIYA.handle}/status/${PRIYA_TWEET}`;

let session: ExtensionSession;
afterEach(async () => {
  await session?.close();
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(SIZE);
  // Let layout settle after the resize (panels re-measure on resize).
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, name) });
}

it('takes the five store screenshots from the replica pages, light and dark, at 1280x800', { timeout: 120_000 }, async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  session = await launchWithExtension({ keepWelcome: true });
  await blockExternalNetwork(session.context);
  // X's own theme is the page's: each page below is served in the theme its screenshot shows.
  const look: { theme: Theme } = { theme: 'light' };
  await routeReplicaX(session.context, {
    pages: {
      '/home': () => homeTimelinePage({ theme: look.theme }),
      [PRIYA_STATUS]: () => statusPage({ theme: look.theme, handle: PRIYA.handle, statusId: PRIYA_TWEET }),
    },
  });

  // 5: the welcome page a first install opens (taken first, before the desk is there).
  const welcome = await waitForExtensionPage(session.context, 'welcome.html');
  await welcome.getByRole('button', { name: 'Load the sample desk' }).waitFor();
  await shoot(welcome, '5-welcome-light.png');
  await welcome.close();

  const handles = await seedSampleDesk(session);

  // 1: badges on the home timeline (light).
  const home = await session.context.newPage();
  await home.setViewportSize(SIZE);
  await home.goto('https://x.com/home');
  for (const handle of handles.slice(0, 3)) await badgeOf(home, handle).waitFor({ timeout: 15_000 });
  await shoot(home, '1-timeline-badges-light.png');

  // 2: a customer's card over the timeline (X's dark theme).
  look.theme = 'lightsout';
  await home.reload();
  await badgeOf(home, PRIYA.handle).click({ timeout: 15_000 });
  const card = home.getByRole('dialog', { name: `Handlebook card for @${PRIYA.handle}` });
  await expect.poll(() => card.textContent()).toContain(PRIYA.note);
  await shoot(home, '2-customer-card-dark.png');
  await home.close();

  // 3: the canned-reply picker in X's reply box, filled in for this customer (light).
  look.theme = 'light';
  const status = await session.context.newPage();
  await status.setViewportSize(SIZE);
  await status.goto(`https://x.com${PRIYA_STATUS}`);
  const bar = '[data-handlebook="composer"][data-box-index="0"]';
  await status.waitForSelector(bar, { timeout: 15_000 });
  await status.click('[data-testid="tweetTextarea_0"]');
  await status.click(`${bar} button[aria-label="Insert a canned reply"]`);
  const picker = status.getByRole('dialog', { name: 'Canned replies' });
  await picker.getByLabel('Search canned replies').fill('refund');
  await expect.poll(() => picker.getByLabel('Preview').textContent()).toContain(PRIYA.fields.order_id);
  await shoot(status, '3-canned-replies-light.png');
  await status.close();

  // 4: the dashboard's customers (the browser's dark mode).
  const dashboard = await session.openExtensionPage('dashboard.html');
  await dashboard.emulateMedia({ colorScheme: 'dark' });
  await dashboard.setViewportSize(SIZE);
  await dashboard.locator('tr[data-customer]').nth(handles.length - 1).waitFor();
  await shoot(dashboard, '4-dashboard-dark.png');

  const files = readdirSync(OUT).filter((f) => f.endsWith('.png')).sort();
  expect(files).toEqual([...STORE_SCREENSHOTS].sort());
  for (const file of files) expect(pngSize(join(OUT, file)), file).toEqual(SIZE);
});
