import { copyFileSync, mkdirSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, routeReplicaX } from './support/replica-x';
import { seedSampleDesk } from './support/sample-desk';
import { BADGE } from './support/x-page';

// The README's screenshot, taken on the replica with the sample desk. It is written to
// test-results/; `UPDATE_SCREENSHOT=1` also copies it to docs/screenshot.png.

let session: ExtensionSession;
afterEach(async () => {
  await session?.close();
});

it('shows a known customer\'s card on the home timeline', async () => {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
  const page = await session.context.newPage();
  await page.goto('https://x.com/home');
  await seedSampleDesk(session);
  await page.reload();
  await page.waitForSelector(BADGE);
  await page.locator(BADGE).first().click();
  await page.getByRole('dialog').waitFor();
  await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Café owner');
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshot.png' });
  if (process.env.UPDATE_SCREENSHOT) copyFileSync('test-results/screenshot.png', 'docs/screenshot.png');
});
