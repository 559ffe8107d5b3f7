// `npm run demo`: opens Chromium with the built extension on an offline x.com replica, with
// sample customers already in Handlebook. With a display it stays open until you close the
// window; on a headless machine it saves screenshots to demo-screenshots/ and exits.
import { mkdirSync } from 'node:fs';
import { launchWithExtension, type ExtensionSession } from '../tests/e2e/support/extension';
import { blockExternalNetwork, routeReplicaX } from '../tests/e2e/support/replica-x';
import { BADGE } from '../tests/e2e/support/x-page';

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const OUT = 'demo-screenshots';

/** Sample knowledge about the first authors on the replica timeline. */
const SAMPLES = [
  { tags: ['VIP', 'wholesale'], status: 'waiting_us', note: 'Café owner, orders 20 kg a month. Promised a callback about the delayed pallet.' },
  { tags: ['refund'], status: 'waiting_them', note: 'Refund for order #1042 approved 21 Nov; waiting for their bank details by DM.' },
  { tags: ['beta'], status: 'resolved', note: 'Tested the new grinder app. Loves it; asked for dark mode.' },
  { tags: ['press'], status: 'none', note: 'Writes for a coffee blog. Route questions to the comms team.' },
] as const;

async function seed(session: ExtensionSession, handles: string[]): Promise<void> {
  const page = await session.openExtensionPage('dashboard.html');
  await page.evaluate(
    async ({ handles, samples }) => {
      const send = (type: string, payload: unknown) => chrome.runtime.sendMessage({ handlebook: 1, type, payload });
      for (const [i, handle] of handles.entries()) {
        const sample = samples[i % samples.length]!;
        await send('notes.add', { ref: { handle }, displayName: handle, text: sample.note });
        await send('customers.update', { ref: { handle }, displayName: handle, patch: { tags: sample.tags, status: sample.status } });
      }
    },
    { handles, samples: SAMPLES as unknown as { tags: string[]; status: string; note: string }[] },
  );
  await page.close();
}

declare const chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };

async function main() {
  const session = await launchWithExtension({ headless });
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
  const page = await session.context.newPage();
  await page.goto('https://x.com/home');
  await page.waitForSelector(BADGE);
  const handles = await page.locator(BADGE).evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.handle!))]);
  await seed(session, handles.slice(0, 4));
  await page.reload();
  await page.waitForSelector(`${BADGE}[data-known="true"]`);

  if (!headless) {
    console.log('Handlebook demo is open. Close the browser window to finish.');
    await new Promise((resolve) => session.context.on('close', resolve));
    return;
  }
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}/1-home-badges.png` });
  await page.locator(`${BADGE}[data-known="true"]`).first().click();
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
