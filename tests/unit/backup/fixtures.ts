// A small but complete book: every optional field present somewhere and absent somewhere, a
// custom field literally named "__proto__", unicode, a subscribed pack, a flagged template.
import type { HandlebookDatabase } from '@/lib/db/database';
import type { Customer, Interaction, Pack, Template } from '@/lib/db/types';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import type { BackupContents } from '@/lib/backup/export';
import { readAllTemplates, writeTemplates } from '@/lib/db/template-store';
import { customerWriteTables, readAllCustomers, writeCustomers } from '@/lib/db/customer-store';
import { historyWriteTables, readAllInteractions, writeHistory } from '@/lib/db/history-store';

export function sampleCustomers(): Customer[] {
  const fields: Record<string, string> = { order_id: 'NW-1', email: 'mara@example.com' };
  Object.defineProperty(fields, '__proto__', { value: 'not a prototype', enumerable: true, writable: true, configurable: true });
  return [
    {
      key: 'id:1001',
      userId: '1001',
      handle: 'Mara_Okafor',
      handleLower: 'mara_okafor',
      handleHistory: [{ handle: 'mara_old', changedAt: 1_600_000_000_000 }],
      displayName: 'Mara Okafor 🌸 ‮RTL‬',
      tags: ['vip', 'refund'],
      status: 'waiting_us',
      notes: [{ id: 'n1', text: 'Promised a refund\non Friday "quoted"', createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_500 }],
      fields,
      followers: 1234,
      firstSeen: 1_600_000_000_000,
      lastContact: 1_700_000_100_000,
      interactionCount: 2,
      waitingSince: 1_700_000_050_000,
      createdAt: 1_600_000_000_000,
      updatedAt: 1_700_000_100_000,
    },
    {
      key: 'h:bob',
      handle: 'bob',
      handleLower: 'bob',
      handleHistory: [],
      displayName: '',
      tags: [],
      status: 'none',
      notes: [],
      fields: {},
      firstSeen: 1,
      lastContact: 0,
      interactionCount: 0,
      createdAt: 1,
      updatedAt: 2,
    },
  ];
}

export function sampleInteractions(): Interaction[] {
  return [
    { id: 'i1', customerKey: 'id:1001', direction: 'in', tweetId: '555', excerpt: 'Where is my order?', text: 'Where is my order? 東京', at: 1_700_000_050_000, dedupeKey: 'in:555' },
    {
      id: 'i2',
      customerKey: 'id:1001',
      direction: 'out',
      tweetId: '556',
      inReplyToId: '555',
      excerpt: 'Where is my order?',
      text: 'On its way!',
      at: 1_700_000_100_000,
      templateId: 'tpl-1',
      dedupeKey: 'out:555:abc',
      responseMs: 50_000,
    },
  ];
}

export function sampleTemplates(): Template[] {
  return [
    { id: 'tpl-1', title: 'Shipping', body: 'Hi {{first_name}},\n\nit ships today.', shortcut: 'ship', folder: 'Orders', tags: ['shipping'], lang: 'en', usageCount: 3, lastUsedAt: 1_700_000_100_000, createdAt: 10, updatedAt: 20 },
    {
      id: 'tpl-2',
      title: 'Refund (pack)',
      body: 'My refund words',
      tags: [],
      usageCount: 0,
      createdAt: 30,
      updatedAt: 40,
      source: { packId: 'acme', upstreamId: 'refund', upstreamHash: '0123456789abcdef', edited: true, upstreamChanged: true },
    },
    { id: 'tpl-3', title: 'Plain', body: 'x', tags: [], usageCount: 0, createdAt: 50, updatedAt: 60, source: { packId: 'acme', upstreamId: 'plain', upstreamHash: 'fedcba9876543210', edited: false } },
  ];
}

export function samplePacks(): Pack[] {
  return [
    {
      id: 'acme',
      name: 'Acme replies',
      description: 'Team replies',
      author: 'Dana',
      updatedAt: '2025-01-31T09:00:00Z',
      subscriptionUrl: 'https://packs.example.com/acme.json',
      etag: 'W/"abc"',
      lastCheckedAt: 1_700_000_000_000,
      lastSuccessAt: 1_699_000_000_000,
      lastError: 'the server answered HTTP 500',
      templateCount: 2,
      importedAt: 1_699_000_000_000,
    },
    { id: 'csv-sheet', name: 'Sheet', templateCount: 0, importedAt: 5 },
  ];
}

export function sampleSettings(): Settings {
  return { ...DEFAULT_SETTINGS, agentName: 'Dana', initials: 'DK', signOff: true, charLimit: 4000, guardPatterns: [{ label: 'Order', pattern: 'ORD-\\d{6}' }], pickerShortcut: 'Alt+Shift+P', shortcutExpansion: false,
    brandHandles: ['northwind_help'],
    watchTerms: 'refund "money back" #NorthwindCoffee -giveaway',
    savedSearches: [{ name: 'Refunds', query: 'refund @northwind_help' }],
    triageRules: [{ id: 'r1', terms: 'refund', tags: ['billing'], status: 'open' }, { id: 'r2', terms: '#late', tags: ['shipping'] }],
    slaTargets: { waiting_us: 30, waiting_them: 2880 },
    slaNotify: true };
}

export function sampleContents(): BackupContents {
  return { customers: sampleCustomers(), interactions: sampleInteractions(), templates: sampleTemplates(), packs: samplePacks(), settings: sampleSettings() };
}

/** Writes the book through its only write paths, so the derived data is written with it. */
export async function seed(db: HandlebookDatabase, contents: Omit<BackupContents, 'settings'>): Promise<void> {
  await db.transaction('rw', [...customerWriteTables(db), ...historyWriteTables(db), db.templateBlocks, db.packs], async () => {
    await writeCustomers(db, { put: contents.customers });
    await writeHistory(db, { put: contents.interactions });
    await writeTemplates(db, { put: contents.templates, delete: [] });
    await db.packs.bulkPut(contents.packs);
  });
}

const byKey = <T>(keyOf: (row: T) => string) => (a: T, b: T) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0);

/** The records, each table in key order (the book's blocks hold them in block order). */
export async function dump(db: HandlebookDatabase) {
  return {
    customers: (await readAllCustomers(db)).sort(byKey((c) => c.key)),
    interactions: (await readAllInteractions(db)).sort(byKey((i) => i.id)),
    templates: await readAllTemplates(db),
    packs: await db.packs.orderBy('id').toArray(),
    settings: await db.settings.orderBy('key').toArray(),
  };
}

/**
 * Every stored row, as stored: the book's blocks and everything derived from them (activity,
 * counts), so a rolled-back write shows if it left any of them behind.
 */
export async function dumpStores(db: HandlebookDatabase) {
  return {
    customerBlocks: await db.customerBlocks.toArray(),
    historyBlocks: await db.historyBlocks.toArray(),
    activityDays: await db.activityDays.toArray(),
    bookState: await db.bookState.toArray(),
    templateBlocks: await db.templateBlocks.toArray(),
    packs: await db.packs.toArray(),
    settings: await db.settings.toArray(),
  };
}
