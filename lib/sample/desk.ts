import type { PackFileInput } from '../packs/format';
import type { CaseStatus } from '../db/types';

// The sample desk: a few customers and canned replies a first-time user can load from the
// welcome page to see Handlebook work before they have a customer of their own. The same
// people and replies fill the demo and the README/store screenshots (tests/e2e/support).
//
// Everything it adds is marked: every sample customer carries the tag `sample`, the replies
// come as the pack `handlebook-sample`. Removing the sample takes exactly those back out
// (lib/sample/load.ts) and never a record of the person's own.

/** The tag on every sample customer (shown first on their badge and card). */
export const SAMPLE_TAG = 'sample';

/** The pack the sample's canned replies come in. */
export const SAMPLE_PACK_ID = 'handlebook-sample';

export interface SampleInteraction {
  direction: 'in' | 'out';
  /** Their tweet (incoming), or the tweet we answered (outgoing, optional). */
  tweetId?: string;
  text: string;
  minutesAgo: number;
  /** Incoming only: the tweet opened a case waiting on us. */
  openCase?: boolean;
}

export interface SampleCustomer {
  handle: string;
  displayName: string;
  /** The person's tags for them; SAMPLE_TAG is added in front. */
  tags: string[];
  /** The case status once the history is written (a logged tweet may have opened one). */
  status: CaseStatus;
  note: string;
  fields: Record<string, string>;
  /** Oldest first. */
  history: SampleInteraction[];
}

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * An account that surely has posts on the real x.com, so the welcome page's link shows a sample
 * badge and card to anyone: X's own account. The others are the fictional customers of the
 * replica's coffee roaster (tests/fixtures/x/data.ts), whose posts only the replica shows.
 */
export const SAMPLE_TOUR_HANDLE = 'X';

export const SAMPLE_CUSTOMERS: readonly SampleCustomer[] = [
  {
    handle: 'priya_codes',
    displayName: 'Priya Raman ☕',
    tags: ['VIP', 'wholesale'],
    status: 'waiting_us',
    note: 'Café owner, orders 20 kg a month. Promised a callback about the delayed pallet.',
    fields: { order_id: 'NW-50311' },
    history: [
      { direction: 'out', text: "Hi Priya, the pallet leaves the roastery on Monday: we'll call you the moment it ships. ^NW", minutesAgo: 9 * DAY },
      {
        direction: 'in',
        tweetId: '1896210000002097154',
        text: '@northwind_help ordered the Ethiopia Guji on Friday, tracking still says "label created" 📦 any news?',
        minutesAgo: 3 * HOUR,
        openCase: true,
      },
    ],
  },
  {
    handle: 'dtanaka_jp',
    displayName: '田中 大輔',
    tags: ['refund'],
    status: 'waiting_them',
    note: 'Refund for order NW-50127 approved; waiting for their bank details by DM.',
    fields: { order_id: 'NW-50127' },
    history: [
      {
        direction: 'in',
        tweetId: '1896210000003145731',
        text: '@northwind_help 注文したコーヒー豆がまだ届きません。注文番号は NW-50127 です。確認をお願いします🙏',
        minutesAgo: 2 * DAY,
        openCase: true,
      },
      {
        direction: 'out',
        tweetId: '1896210000003145731',
        text: 'Hi Daisuke, so sorry! Your refund for NW-50127 is approved: could you send us your bank details by DM? ^NW',
        minutesAgo: 2 * DAY - 25,
      },
    ],
  },
  {
    handle: 'grumpy_grinder',
    displayName: 'Grumpy Grinder',
    tags: ['packaging'],
    status: 'resolved',
    note: 'Two "resealable" bags that did not reseal. New clips go out with his next order.',
    fields: {},
    history: [],
  },
  {
    handle: 'beanbrewer',
    displayName: 'Bean Brewer',
    tags: ['press'],
    status: 'none',
    note: 'Writes a coffee blog. Route questions about new blends to the comms team.',
    fields: {},
    history: [],
  },
  {
    handle: SAMPLE_TOUR_HANDLE,
    displayName: 'X',
    tags: [],
    status: 'none',
    note: "Sample customer: X's own account, in the sample desk so that you can see a badge and a card on the real x.com. Nothing here is true. Remove the sample desk from the welcome page or the toolbar popup when you are done.",
    fields: {},
    history: [],
  },
];

/** The sample's canned replies, as a pack file (imported like any other pack). */
export const SAMPLE_PACK: PackFileInput = {
  format: 'handlebook-pack',
  version: 1,
  id: SAMPLE_PACK_ID,
  name: 'Sample replies',
  description: 'Part of the Handlebook sample desk. Removing the sample desk removes these replies, except the ones you edited.',
  templates: [
    {
      id: 'damaged',
      title: 'Sorry about the damage',
      body: 'So sorry {{first_name|there}}! A replacement ships today, no need to send anything back.',
      shortcut: 'damaged',
      folder: 'Orders',
      tags: ['damaged'],
    },
    {
      id: 'refund',
      title: 'Refund confirmed',
      body: 'Hi {{first_name|there}}, your refund for {{field.order_id|your order}} is on its way: 3-5 working days. ^{{initials|NW}}',
      shortcut: 'refund',
      folder: 'Orders',
      tags: ['refund'],
    },
    {
      id: 'dm',
      title: 'Move to DM',
      body: "Thanks {{first_name|there}}! Could you send us your order number by DM? We'll take it from there.",
      shortcut: 'dm',
      folder: 'General',
      tags: ['dm'],
    },
  ],
};
