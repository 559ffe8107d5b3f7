import type { ExtensionSession } from './extension';
import { replicaData } from './replica-x';
import { send } from './seed';

// The sample support desk the demo and the README screenshot show: a few known customers with
// notes, tags and cases, and some canned replies.

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

export async function seedSampleDesk(session: ExtensionSession, handles: string[]): Promise<void> {
  const page = await session.openExtensionPage('dashboard.html');
  for (const [i, handle] of handles.entries()) {
    const sample = SAMPLES[i % SAMPLES.length]!;
    const displayName = replicaData.findUser(handle)?.name ?? handle;
    await send(page, 'notes.add', { ref: { handle }, displayName, text: sample.note });
    await send(page, 'customers.update', { ref: { handle }, displayName, patch: { tags: sample.tags, status: sample.status } });
  }
  for (const template of TEMPLATES) await send(page, 'templates.save', { draft: template });
  await page.close();
}


