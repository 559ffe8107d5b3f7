// `npm run demo`: opens Chromium with the built extension on an offline x.com replica, with
// sample customers already in Handlebook. With a display it stays open until you close the
// window; on a headless machine it saves screenshots to demo-screenshots/ and exits.
import { mkdirSync } from 'node:fs';
import { launchWithExtension, type ExtensionSession } from '../tests/e2e/support/extension';
import { blockExternalNetwork, replicaData, routeReplicaX } from '../tests/e2e/support/replica-x';
import { BADGE } from '../tests/e2e/support/x-page';
import { send } from '../tests/e2e/support/seed';

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const OUT = 'demo-screenshots';

/** Sample knowledge about the first authors on the replica timeline. */
const SAMPLES = [
  { tags: ['VIP', 'wholesale'], status: 'waiting_us', note: 'Café owner, orders 20 kg a month. Promised a callback about the delayed pallet.' },
  { tags: ['refund'], status: 'waiting_them', note: 'Refund for order #1042 approved 21 Nov; waiting for their bank details by DM.' },
  { tags: ['beta'], status: 'resolved', note: 'Tested the new grinder app. Loves it; asked for dark mode.' },
  { tags: ['press'], status: 'none', note: 'Writes for a coffee blog. Route questions to the comms team.' },
] as const;

const TEMPLATES = [
  { title: 'Sorry about the damage', body: 'So sorry {{first_name|there}}! A replacement ships today, no need to send anything back.', shortcut: 'damaged', folder: 'Orders', tags: ['damaged'] },
  { title: 'Refund confirmed', body: 'Hi {{first_name|there}}, your refund for {{field.order_id|your order}} is on its way: 3-5 working days. ^{{initials|NW}}', shortcut: 'refund', folder: 'Orders', tags: ['refund'] },
  { title: 'Move to DM', body: "Thanks {{first_name|there}}! Could you send us your order number by DM? We'll take it from there.", shortcut: 'dm', folder: 'General', tags: ['dm'] },
];

async function seed(session: ExtensionSession, handles: string[]): Promise<void> {
  const page = await session.openExtensionPage('dashboard.html');
  for (const [i, handle] of handles.entries()) {
    const sample = SAMPLES[i % SAMPLES.length]!;
    const displayName = replicaData.findUser(handle)?.name ?? handle;
    await send(page, 'notes.add', { ref: { handle }, displayName, text: sample.note });
    await send(page, 'customers.update', { ref: { handle }, displayName, patch: { tags: sample.tags, status: sample.status } });
  }
  for (const template of TEMPLATES) await send(page, 'templates.save', { draft: { tags: [], ...template } });
  await page.close();
}


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
