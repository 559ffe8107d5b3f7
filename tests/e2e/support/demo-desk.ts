import 'fake-indexeddb/auto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandlebookDatabase } from '../../../lib/db/database';
import { addNote, updateCustomer } from '../../../lib/db/customers';
import { logIncoming, logOutgoing, markHandled } from '../../../lib/db/interactions';
import type { CaseStatus } from '../../../lib/db/types';
import { newId } from '../../../lib/db/ids';
import { readBackupContents, serializeBackup } from '../../../lib/backup/export';
import { packSchema } from '../../../lib/packs/format';
import { importPackIntoDb } from '../../../lib/packs/import';
import { SAMPLE_CUSTOMERS, SAMPLE_PACK } from '../../../lib/sample/desk';
import { DEFAULT_SETTINGS } from '../../../lib/settings/schema';
import { findTweet, findUser, NOTIFICATION_TWEETS, REPLICA_NOW, statusId } from '../../fixtures/x/data';

// The demo's desk (scripts/demo.ts): two weeks of a support team's work with the replica's
// customers (the authors of its timeline, search and notifications, tests/fixtures/x/data.ts)
// and the sample desk's people (lib/sample/desk.ts). Tweets logged and answered at real past
// times, quick and slow answers by Ana and Ben, cases resolved, answered, and waiting on us past
// the 60-minute target, so the overview, the card's timeline and the triage markers show real
// figures.
//
// It is written with the product's own database functions (lib/db/) into an in-memory
// IndexedDB (fake-indexeddb) and saved as a Handlebook backup (lib/backup/export.ts): the demo
// restores that file through the dashboard's restore flow, as a person would, so every derived
// figure (response times, waiting clocks, answered tweets) is the product's, not ours. Fixed
// data, times relative to the moment it is written: no randomness.

export type DemoMember = 'Ana' | 'Ben';
export const DEMO_MEMBERS: readonly DemoMember[] = ['Ana', 'Ben'];

const HOUR = 60;
const DAY = 24 * HOUR;
const MINUTE_MS = 60_000;

type Step =
  /** The customer's tweet, logged (by a member) at the time it was posted; `openCase` starts a wait. */
  | { in: string; text: string; ago: number; openCase?: boolean; by?: DemoMember }
  /** Our reply to one of their tweets (or marked handled without a reply: triage). */
  | { out: string; text: string; ago: number; by: DemoMember; handled?: boolean };

export interface DemoCustomer {
  handle: string;
  tags: string[];
  note?: string;
  fields?: Record<string, string>;
  /** Set after the history (else what the history left: waiting on us / on them). */
  status?: CaseStatus;
  /** Who owns the case once the team exists (the demo assigns it after joining). */
  owner?: DemoMember;
  /** Oldest first. */
  history: Step[];
}

/** An older tweet of a customer, on none of the replica's pages (an id they do not use). */
const older = (n: number) => statusId(600 + n);
const sample = (handle: string) => SAMPLE_CUSTOMERS.find((s) => s.handle === handle)!;
const [THANKS, GUJI, REFUNDS, KAMSA] = NOTIFICATION_TWEETS.map((t) => t.id);

/**
 * A tweet the replica's pages show, logged with its text and as long ago as the replica shows
 * it (the demo serves the replica at the real clock: ReplicaXOptions.timeShiftMs).
 */
function shown(id: string, options: { openCase?: boolean; by?: DemoMember } = {}): Step {
  const tweet = findTweet(id);
  if (!tweet) throw new Error(`demo desk: no replica tweet ${id}`);
  return { in: id, text: tweet.text, ago: Math.round((Date.parse(REPLICA_NOW) - Date.parse(tweet.time)) / MINUTE_MS), ...options };
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    handle: 'priya_codes',
    tags: sample('priya_codes').tags,
    note: sample('priya_codes').note,
    fields: sample('priya_codes').fields,
    owner: 'Ana',
    history: [
      { in: older(1), text: '@northwind_help can we move our monthly 20 kg to the 1st instead of the 15th?', ago: 13 * DAY, openCase: true, by: 'Ana' },
      { out: older(1), text: 'Hi Priya, done: from next month your 20 kg ships on the 1st. ^A', ago: 13 * DAY - 12, by: 'Ana' },
      // On the notifications page, unanswered and past the target.
      { in: older(10), text: '@northwind_help the Guji for the café is not here yet, was it sent on Friday?', ago: 3 * HOUR, openCase: true, by: 'Ana' },
      shown(GUJI!, { openCase: true, by: 'Ana' }),
    ],
  },
  {
    handle: 'dtanaka_jp',
    tags: sample('dtanaka_jp').tags,
    note: sample('dtanaka_jp').note,
    fields: sample('dtanaka_jp').fields,
    history: [
      { in: older(9), text: '@northwind_help 注文したコーヒー豆がまだ届きません。注文番号は NW-50127 です。確認をお願いします🙏', ago: 2 * DAY, openCase: true, by: 'Ben' },
      { out: older(9), text: 'Hi Daisuke, so sorry! Your refund for NW-50127 is approved: could you send us your bank details by DM? ^B', ago: 2 * DAY - 25, by: 'Ben' },
    ],
  },
  {
    handle: 'grumpy_grinder',
    tags: sample('grumpy_grinder').tags,
    note: sample('grumpy_grinder').note,
    status: 'resolved',
    history: [
      { in: older(8), text: '@northwind_help my last two "resealable" bags did not reseal. Any chance of clips?', ago: 6 * DAY, openCase: true, by: 'Ana' },
      { out: older(8), text: 'Fair point! New clips go out with your next order, on us. ^A', ago: 6 * DAY - 190, by: 'Ana' },
    ],
  },
  {
    handle: 'beanbrewer',
    tags: sample('beanbrewer').tags,
    note: sample('beanbrewer').note,
    history: [shown(statusId(11), { by: 'Ben' })],
  },
  {
    handle: 'mara_okafor',
    tags: ['damaged', 'repeat'],
    note: 'Third split bag this year. Replacement sent; ask the warehouse about the bag supplier.',
    fields: { order_id: 'NW-48213' },
    status: 'resolved',
    history: [
      shown(statusId(204), { by: 'Ben' }),
      shown(statusId(100), { openCase: true, by: 'Ana' }),
      { out: statusId(100), text: "Hi Mara, I'm so sorry. Could you DM us a photo of the bag and your order number? ^A", ago: 80, by: 'Ana' },
      // On the notifications page: answered.
      shown(THANKS!, { by: 'Ana' }),
      { out: THANKS!, text: 'Got it, the replacement ships today! ^A', ago: 64, by: 'Ana' },
    ],
  },
  {
    handle: 'nate_rivers',
    tags: ['refund'],
    history: [
      shown(REFUNDS!, { openCase: true, by: 'Ben' }),
      { out: REFUNDS!, text: 'Hi Nate, 3-5 working days once the bag is back with us. Send us your order number by DM and we will check. ^B', ago: 118, by: 'Ben' },
    ],
  },
  {
    handle: 'kim_minji',
    tags: ['address'],
    fields: { order_id: 'NW-51002' },
    history: [
      { in: older(7), text: '@northwind_help 배송 주소를 변경하고 싶어요. 주문 번호 NW-51002 입니다 🙏', ago: 2 * DAY + 3 * HOUR, openCase: true, by: 'Ben' },
      { out: older(7), text: 'Hi Minji, we changed the address on NW-51002. ^B', ago: 2 * DAY + HOUR, by: 'Ben' },
      // On the notifications page: not answered yet.
      shown(KAMSA!, { by: 'Ben' }),
    ],
  },
  {
    handle: 'li_wei88',
    tags: ['refund'],
    fields: { order_id: 'NW-47788' },
    owner: 'Ben',
    history: [
      { in: older(2), text: '@northwind_help 我想退货，订单号 NW-47788', ago: 10 * DAY, openCase: true, by: 'Ana' },
      { out: older(2), text: 'Hi Wei, your return is booked: the courier label is in your email. ^A', ago: 10 * DAY - 4 * HOUR, by: 'Ana' },
      shown(statusId(6), { openCase: true, by: 'Ben' }),
    ],
  },
  {
    handle: 'jonas_brandt',
    tags: ['refund'],
    fields: { order_id: 'NW-46001' },
    status: 'resolved',
    history: [
      { in: older(3), text: '@northwind_help wrong beans in NW-46001, I ordered the decaf. Refund please?', ago: 4 * DAY, openCase: true, by: 'Ben' },
      { out: older(3), text: 'Sorry Jonas! Refund for NW-46001 is on its way, keep the beans. ^B', ago: 4 * DAY - 20, by: 'Ben' },
      shown(statusId(8), { by: 'Ben' }),
    ],
  },
  {
    handle: 'hannah_lu',
    tags: ['billing'],
    note: 'Charged twice for one order. Finance is checking the card processor.',
    history: [
      { in: older(4), text: '@northwind_help I was charged twice for my last order, can you refund one?', ago: 3 * DAY, openCase: true, by: 'Ana' },
      shown(statusId(13), { openCase: true, by: 'Ana' }),
    ],
  },
  {
    handle: 'rosa_delgado',
    tags: ['missing item'],
    fields: { order_id: 'NW-49310' },
    history: [shown(statusId(10), { openCase: true, by: 'Ben' })],
  },
  {
    handle: 'chris_bk',
    tags: ['courier'],
    owner: 'Ana',
    history: [shown(statusId(18), { openCase: true, by: 'Ana' })],
  },
  {
    handle: 'mo_farouk',
    tags: ['subscription'],
    fields: { order_id: 'NW-SUB-2231' },
    history: [
      shown(statusId(16), { openCase: true, by: 'Ana' }),
      { out: statusId(16), text: 'Hi Mo, that was our mistake: the skipped bag ships tomorrow. ^A', ago: 145, by: 'Ana' },
    ],
  },
  {
    handle: 'ken_adams',
    tags: ['subscription', 'gift'],
    fields: { order_id: 'NW-GIFT-7781' },
    history: [
      shown(statusId(19), { openCase: true, by: 'Ben' }),
      { out: statusId(19), text: 'Hi Ken, bag three goes to the new address and bag two is resent today. Sorry for the mix-up. ^B', ago: 3 * HOUR, by: 'Ben' },
    ],
  },
  {
    handle: 'raj_patel_',
    tags: ['coupon'],
    status: 'resolved',
    history: [
      shown(statusId(21), { openCase: true, by: 'Ana' }),
      { out: statusId(21), text: 'Hi Raj, fixed: WINTER10 works again until Sunday. ^A', ago: 392, by: 'Ana' },
    ],
  },
  {
    handle: 'mia_hart',
    tags: ['damaged'],
    status: 'resolved',
    history: [
      { in: older(5), text: '@northwind_help my grinder arrived with a cracked hopper 😢', ago: 5 * DAY, openCase: true, by: 'Ana' },
      { out: older(5), text: 'Oh no, Mia! A replacement hopper ships today. ^A', ago: 5 * DAY - 50, by: 'Ana' },
      shown(statusId(24), { by: 'Ana' }),
      { out: statusId(24), text: '', ago: 10 * HOUR - 5, by: 'Ana', handled: true },
    ],
  },
  {
    handle: 'ivy_chen',
    tags: ['missing item'],
    fields: { order_id: 'NW-52040' },
    owner: 'Ben',
    history: [shown(statusId(26), { openCase: true, by: 'Ben' })],
  },
  {
    handle: 'tomasz_w',
    tags: ['shipping'],
    status: 'resolved',
    history: [
      { in: older(6), text: '@northwind_help Do you ship to Poland? 🇵🇱', ago: 12 * DAY, openCase: true, by: 'Ben' },
      { out: older(6), text: 'Not yet, Tomasz, but Poland is next on our list this spring! ^B', ago: 12 * DAY - 2 * HOUR, by: 'Ben' },
    ],
  },
];

/** A demo customer's account as the replica shows it (handle, X user id, name). */
export function demoAccount(handle: string): { ref: { handle: string; userId?: string }; displayName: string } {
  const user = findUser(handle);
  if (!user) throw new Error(`demo desk: no replica user ${handle}`);
  return { ref: { handle: user.handle, ...(user.userId ? { userId: user.userId } : {}) }, displayName: user.name };
}

/** Writes the demo desk into `db` as it stood at `now`. */
export async function writeDemoDesk(db: HandlebookDatabase, now: number): Promise<void> {
  for (const c of DEMO_CUSTOMERS) {
    const { ref, displayName } = demoAccount(c.handle);
    const start = now - Math.max(...c.history.map((s) => s.ago)) * MINUTE_MS - 5 * MINUTE_MS;
    await updateCustomer(db, ref, displayName, { tags: c.tags, fields: c.fields ?? {} }, start);
    if (c.note) await addNote(db, ref, displayName, c.note, start);
    const texts = new Map<string, string>();
    for (const step of c.history) {
      const at = now - step.ago * MINUTE_MS;
      if ('in' in step) {
        texts.set(step.in, step.text);
        await logIncoming(db, { ref, displayName, tweetId: step.in, text: step.text, tweetedAt: at, openCase: step.openCase ?? false, ...(step.by ? { author: step.by } : {}) }, at);
      } else if (step.handled) {
        await markHandled(db, { ref, displayName, tweetId: step.out, tweetText: texts.get(step.out) ?? '', author: step.by }, at);
      } else {
        await logOutgoing(db, { ref, displayName, inReplyToId: step.out, inReplyToText: texts.get(step.out) ?? '', text: step.text, author: step.by }, at);
      }
    }
    if (c.status) await updateCustomer(db, ref, displayName, { status: c.status }, now - Math.min(...c.history.map((s) => s.ago)) * MINUTE_MS + MINUTE_MS);
  }
  await importPackIntoDb(db, packSchema.parse(SAMPLE_PACK), { now, newId });
}

/** The demo desk as a Handlebook backup file written at `now`; returns its path. */
export async function writeDemoBackup(now: number): Promise<string> {
  const db = new HandlebookDatabase(`handlebook-demo-${now}`);
  try {
    await writeDemoDesk(db, now);
    const rows = await readBackupContents(db);
    const file = join(mkdtempSync(join(tmpdir(), 'handlebook-demo-desk-')), 'demo-desk.json');
    writeFileSync(file, serializeBackup({ ...rows, settings: DEFAULT_SETTINGS }, new Date(now)));
    return file;
  } finally {
    db.close();
  }
}
