// `npm run demo`: opens Chromium with the built extension on an offline x.com replica, with
// sample customers already in Handlebook. With a display it stays open until you close the
// window; on a headless machine it saves screenshots to demo-screenshots/ and exits.
// DEMO_HEADLESS=1 forces the headless run and DEMO_OUT picks the folder (the e2e test of this
// script uses both).
import { mkdirSync } from 'node:fs';
import { launchWithExtension } from '../tests/e2e/support/extension';
import { blockExternalNetwork, routeReplicaX } from '../tests/e2e/support/replica-x';
import { BADGE, authorHandles } from '../tests/e2e/support/x-page';
import { seedSampleDesk } from '../tests/e2e/support/sample-desk';

const headless = process.env.DEMO_HEADLESS === '1' || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
const OUT = process.env.DEMO_OUT ?? 'demo-screenshots';

async function main() {
  const session = await launchWithExtension({ headless });
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
  const page = await session.context.newPage();
  await page.goto('https://x.com/home');
  // The first four authors on the timeline become the sample customers.
  const handles = [...new Set(await authorHandles(page))];
  await seedSampleDesk(session, handles.slice(0, 4));
  await page.reload();
  await page.waitForSelector(BADGE);

  if (!headless) {
    console.log('Handlebook demo is open. Close the browser window to finish.');
    await new Promise((resolve) => session.context.on('close', resolve));
    return;
  }
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}/1-home-badges.png` });
  await page.locator(BADGE).first().click();
  await page.getByRole('dialog').waitFor();
  await page.screenshot({ path: `${OUT}/2-customer-card.png` });
  const dashboard = await session.openExtensionPage('dashboard.html');
  await dashboard.waitForSelector('tr[data-customer]');
  await dashboard.screenshot({ path: `${OUT}/3-dashboard.png` });
  console.log(`No display found: screenshots written to ${OUT}/`);
  await session.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
