// Generated canned replies for the search and pack-import benchmarks: support-desk vocabulary,
// ~200-character bodies, a third with shortcuts, a few folders and tags. Deterministic.

import type { PackFileInput } from '../lib/packs/format';
import type { Template } from '../lib/db/types';
import { seededRandom } from './data';

const TOPICS = ['refund', 'delivery', 'tracking', 'subscription', 'billing', 'grinder', 'wholesale', 'address', 'coupon', 'account', 'password', 'damaged', 'replacement', 'invoice', 'decaf', 'espresso'];
const WORDS = 'order parcel courier beans roast blend bag arrived missing delayed charge card bank days week sorry thanks please check details email number team shipping warehouse return label store cafe guarantee apologies update soon today tomorrow morning'.split(' ');
const FOLDERS = ['Orders', 'Billing', 'Shipping', 'Accounts', 'Wholesale', 'General'];
const LANGS = ['en', 'en', 'en', 'de', 'es', 'nl'];

export interface GeneratedTemplate {
  id: string;
  title: string;
  body: string;
  shortcut?: string;
  folder?: string;
  tags: string[];
  lang: string;
}

export function generateTemplates(count: number, seed = 7): GeneratedTemplate[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const topic = pick(TOPICS);
    const other = pick(TOPICS);
    let body = `Hi {{first_name}}, thanks for reaching out about your ${topic}.`;
    while (body.length < 190) body += ` ${pick(WORDS)}`;
    body += ` ^{{agent}}`;
    return {
      id: `t-${i}`,
      title: `${topic[0]!.toUpperCase()}${topic.slice(1)}: ${pick(WORDS)} ${pick(WORDS)} ${other} #${i}`,
      body,
      ...(i % 3 === 0 ? { shortcut: `${topic.slice(0, 4)}${i}` } : {}),
      ...(i % 2 === 0 ? { folder: pick(FOLDERS) } : {}),
      tags: i % 4 === 0 ? [topic, other] : [topic],
      lang: pick(LANGS),
    };
  });
}

/** As stored rows (what the picker indexes). */
export function asTemplateRows(list: readonly GeneratedTemplate[], now: number): Template[] {
  return list.map((t, i) => ({ ...t, usageCount: (i * 13) % 40, ...(i % 5 === 0 ? { lastUsedAt: now - i * 60_000 } : {}), createdAt: now - 86_400_000, updatedAt: now - 86_400_000 }));
}

/** A pack file's text (format version 1) holding these templates. */
export function packText(list: readonly GeneratedTemplate[]): string {
  const pack: PackFileInput = {
    format: 'handlebook-pack',
    version: 1,
    id: 'bench-pack',
    name: 'Benchmark pack',
    description: 'Generated for npm run bench',
    updatedAt: '2026-03-01T09:00:00Z',
    templates: list.map((t) => ({ id: t.id, title: t.title, body: t.body, ...(t.shortcut ? { shortcut: t.shortcut } : {}), ...(t.folder ? { folder: t.folder } : {}), tags: t.tags, lang: t.lang })),
  };
  return JSON.stringify(pack, null, 2);
}

/** What an agent types in the picker, one keystroke at a time (each prefix is one search). */
export const TYPED_QUERIES = ['refund damaged', 'tracking delayed', 'subscripton', 'bilng card', ';refu', 'password reset email', 'wholesale cafe', 'espresso beans', 'replacment bag', 'coupon'];
