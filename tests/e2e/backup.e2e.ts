import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchWithExtension, stopServiceWorker, type ExtensionSession } from './support/extension';
import { blockExternalNetwork } from './support/replica-x';
import { send } from './support/seed';

// Backup and restore with the real extension: a book built through the same messages the
// content script uses, exported from one profile and restored into a fresh one, compared field
// by field (every table, every row, every key) along with the synced settings. Also: a refused
// file changes nothing, the backup reminder, and the settings form (validation, sync quota).

const FIXTURES = resolve(import.meta.dirname, '../fixtures/packs');

let sessions: ExtensionSession[] = [];
afterEach(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  sessions = [];
});

async function launch(): Promise<ExtensionSession> {
  const s = await launchWithExtension();
  sessions.push(s);
  await blockExternalNetwork(s.context);
  return s;
}

async function openLibrary(s: ExtensionSession, tab: string): Promise<Page> {
  const page = await s.openExtensionPage(`dashboard.html#${tab}`);
  await page.getByRole('tab', { selected: true }).waitFor();
  return page;
}

type Dump = Record<'customers' | 'interactions' | 'templates' | 'packs' | 'settings', Record<string, unknown>[]> & { sync: unknown; local: Record<string, unknown> };

/**
 * Every record of every table, read with plain IndexedDB (no Dexie), plus both storage areas.
 * Customers, interactions (lib/db/customer-store.ts, history-store.ts) and templates
 * (template-store.ts) are stored in blocks; they are listed one by one.
 */
async function dump(page: Page): Promise<Dump> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('handlebook');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const out: Record<string, unknown> = {};
    for (const name of ['customerBlocks', 'historyBlocks', 'templateBlocks', 'packs', 'settings']) {
      out[name] = await new Promise((res, rej) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => res(req.result);
        req.onerror = () => rej(req.error);
      });
    }
    out.customers = (out.customerBlocks as { customers: unknown[] }[]).flatMap((block) => block.customers);
    out.interactions = (out.historyBlocks as { interactions: unknown[] }[]).flatMap((block) => block.interactions);
    out.templates = (out.templateBlocks as { templates: unknown[] }[]).flatMap((block) => block.templates);
    for (const blocks of ['customerBlocks', 'historyBlocks', 'templateBlocks']) delete out[blocks];
    db.close();
    const chrome = (globalThis as any).chrome;
    out.sync = await chrome.storage.sync.get(null);
    out.local = await chrome.storage.local.get(null);
    // When the background last counted the cases past target: its own bookkeeping, written by
    // the minute alarm and after writes, not the person's data.
    delete (out.local as Record<string, unknown>)['sla.checkedAt'];
    return out as never;
  });
}

async function seedBook(page: Page): Promise<void> {
  const mara = { handle: 'Mara_Okafor', userId: '1001' };
  await send(page, 'notes.add', { ref: mara, displayName: 'Mara Okafor 🌸', text: 'Promised a refund by Friday.\nSecond line "quoted".' });
  await send(page, 'notes.add', { ref: mara, displayName: 'Mara Okafor 🌸', text: 'Called back ‮RTL‬ text' });
  await send(page, 'customers.update', {
    ref: mara,
    displayName: 'Mara Okafor 🌸',
    patch: { tags: ['vip', 'refund'], status: 'open', fields: { order_id: 'NW-48213', email: 'mara@example.com' } },
  });
  await send(page, 'customers.observe', { ref: mara, displayName: 'Mara Okafor 🌸', followers: 1234 });
  const { template } = await send<{ template: { id: string } }>(page, 'templates.save', {
    draft: { title: 'Refund on its way', body: 'Hi {{first_name}},\n\nyour refund for {{field.order_id}} is on its way.', shortcut: 'refund', folder: 'Billing', tags: ['refund'], lang: 'en' },
  });
  await send(page, 'interactions.logIncoming', { ref: mara, displayName: 'Mara Okafor 🌸', tweetId: '1790000000000000001', text: 'Where is my refund? 東京', tweetedAt: 1_700_000_000_000, openCase: true });
  await send(page, 'interactions.logOutgoing', {
    ref: mara,
    displayName: 'Mara Okafor 🌸',
    inReplyToId: '1790000000000000001',
    inReplyToText: 'Where is my refund?',
    text: 'Hi Mara, your refund for NW-48213 is on its way.',
    templateId: template.id,
  });
  for (let i = 0; i < 40; i++) {
    const ref = { handle: `customer_${i}` };
    await send(page, 'notes.add', { ref, displayName: `Customer ${i}`, text: `Note ${i}` });
    await send(page, 'interactions.logIncoming', { ref, displayName: `Customer ${i}`, tweetId: String(1_800_000_000_000_000_000n + BigInt(i)), text: `Tweet ${i}`, openCase: i % 2 === 0 });
  }
  await send(page, 'packs.import', { kind: 'pack', text: readFileSync(join(FIXTURES, 'acme-v1.json'), 'utf8'), resolutions: {} });
}

function sortRows(rows: Record<string, unknown>[], key: string): Record<string, unknown>[] {
  return [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}

/** Field-by-field equality of two dumps, with the table, row and field named on failure. */
function expectSameData(actual: Dump, expected: Dump): void {
  const keys = { customers: 'key', interactions: 'id', templates: 'id', packs: 'id' } as const;
  for (const [table, key] of Object.entries(keys) as [keyof typeof keys, string][]) {
    const a = sortRows(actual[table], key);
    const e = sortRows(expected[table], key);
    expect(a.map((r) => r[key]), `${table} keys`).toEqual(e.map((r) => r[key]));
    e.forEach((row, i) => {
      const other = a[i]!;
      expect(Object.keys(other).sort(), `${table}[${String(row[key])}] fields`).toEqual(Object.keys(row).sort());
      for (const field of Object.keys(row)) expect(other[field], `${table}[${String(row[key])}].${field}`).toStrictEqual(row[field]);
    });
  }
  expect(actual.sync).toEqual(expected.sync);
}

async function saveSettingsThroughForm(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Agent name', { exact: true }).fill('Dana Kim');
  await form.getByLabel('Initials', { exact: true }).fill('DK');
  await form.getByLabel(/Sign inserted replies off/).check();
  await form.getByLabel('Character limit').fill('4000');
  await form.getByLabel('Picker shortcut').fill('Alt+Shift+P');
  await form.getByLabel(/Expand ;shortcuts/).uncheck();
  await form.getByRole('button', { name: 'Add a pattern' }).click();
  await form.getByLabel('Label of pattern 1').fill('Order number');
  await form.getByLabel('Pattern 1', { exact: true }).fill('ORD-\\d{6}');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Settings saved' }).count()).toBe(1);
}

describe('backup and restore', () => {
  it('a backup restores into a fresh profile to exactly the same data, field by field', async () => {
    const a = await launch();
    const pageA = await openLibrary(a, 'settings');
    const errorsA = collectPageErrors(pageA);
    await saveSettingsThroughForm(pageA);
    await seedBook(pageA);
    // A template the agent edited and that the pack then changed: flagged, with a stored pack version.
    const { templates } = await send<{ templates: { id: string; title: string; source?: { upstreamId: string } }[] }>(pageA, 'templates.list', {});
    const greeting = templates.find((t) => t.source?.upstreamId === 'keep-mine')!;
    await send(pageA, 'templates.save', { draft: { id: greeting.id, title: 'Greeting', body: 'Hey there {{first_name}}', tags: [] } });
    await send(pageA, 'packs.import', { kind: 'pack', text: readFileSync(join(FIXTURES, 'acme-v2.json'), 'utf8'), resolutions: {} });

    await pageA.getByRole('tab', { name: 'Backup' }).click();
    await expect.poll(() => pageA.getByText('You have not exported a backup from this browser yet.').count()).toBe(1);
    const [download] = await Promise.all([pageA.waitForEvent('download'), pageA.getByRole('button', { name: 'Export backup' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^handlebook-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const file = join(mkdtempSync(join(tmpdir(), 'hb-backup-')), download.suggestedFilename());
    await download.saveAs(file);
    await expect.poll(() => pageA.getByRole('status').filter({ hasText: 'Downloaded handlebook-backup-' }).textContent()).toMatch(
      /41 customers, 42 interactions, 6 replies, 1 pack and your settings/,
    );
    await expect.poll(() => pageA.getByText(/^Last backup: /).count()).toBe(1);
    const expected = await dump(pageA);
    expect(typeof expected.local['backup.lastExportedAt']).toBe('number');
    expect(expected.customers).toHaveLength(41);
    expect(expected.interactions).toHaveLength(42);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'handlebook-backup', version: 1, counts: { customers: 41, interactions: 42, templates: 6, packs: 1 } });
    expect(errorsA).toEqual([]);

    const b = await launch();
    const pageB = await openLibrary(b, 'backup');
    const errorsB = collectPageErrors(pageB);
    // Something to be replaced.
    await send(pageB, 'notes.add', { ref: { handle: 'someone_else' }, displayName: 'Someone', text: 'will be gone' });
    await pageB.getByLabel('Choose a backup file to restore').setInputFiles(file);
    const previewB = pageB.getByRole('region', { name: 'Restore preview' });
    await expect.poll(() => previewB.getByRole('definition').allTextContents()).toEqual(['41', '42', '6', '1', '1', '0', '0', '0']);
    await pageB.screenshot({ path: '/tmp/hb-backup-preview.png', fullPage: true });
    await previewB.getByLabel(/^Replace:/).check();
    // The port must wake a stopped worker, as after 30 s idle in real Chrome.
    await stopServiceWorker(b);
    await previewB.getByRole('button', { name: 'Replace and restore' }).click();
    await expect.poll(() => pageB.getByRole('status').filter({ hasText: 'Restored' }).textContent(), { timeout: 30_000 }).toBe(
      'Restored 41 customers, 42 interactions, 6 replies and 1 pack, and your settings.',
    );
    const actual = await dump(pageB);
    expectSameData(actual, expected);

    // What the restore does not carry: the stored pack version behind "take theirs" (it lives
    // outside the backup format). Everything else matches, and the restored book exports to
    // the same file apart from its time stamp.
    const [again] = await Promise.all([pageB.waitForEvent('download'), pageB.getByRole('button', { name: 'Export backup' }).click()]);
    const file2 = join(mkdtempSync(join(tmpdir(), 'hb-backup-')), 'again.json');
    await again.saveAs(file2);
    const strip = (t: string) => t.replace(/"exportedAt":"[^"]+"/, '');
    expect(strip(readFileSync(file2, 'utf8'))).toBe(strip(text));
    expect(errorsB).toEqual([]);
  });

  it('a refused backup changes nothing and names the place of each problem', async () => {
    const s = await launch();
    const page = await openLibrary(s, 'backup');
    await seedBook(page);
    const before = await dump(page);
    const broken = {
      format: 'handlebook-backup',
      version: 1,
      exportedAt: '2025-01-01T00:00:00Z',
      counts: { customers: 2, interactions: 0, templates: 0, packs: 0 },
      customers: [
        { key: 'h:ok', handle: 'ok', handleLower: 'ok', handleHistory: [], displayName: '', tags: [], status: 'none', notes: [], fields: {}, firstSeen: 1, lastContact: 1, interactionCount: 0, createdAt: 1, updatedAt: 1 },
        { key: 'not a key', handle: 7, handleLower: 'x', handleHistory: [], displayName: '', tags: [], status: 'lost', notes: [], fields: {}, firstSeen: 1, lastContact: 1, interactionCount: 0, createdAt: 1, updatedAt: 1, extra: true },
      ],
      interactions: [],
      templates: [],
      packs: [],
      settings: { agentName: '', initials: '', signOff: false, charLimit: 280, guardPatterns: [], pickerShortcut: 'Alt+Shift+R', shortcutExpansion: true },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'hb-bad-')), 'bad.json');
    writeFileSync(file, JSON.stringify(broken, null, 2));
    await page.getByLabel('Choose a backup file to restore').setInputFiles(file);
    await expect.poll(() => page.getByRole('list', { name: 'Problems found' }).locator('li').allTextContents()).toEqual([
      'customers.1.key: key must look like "id:12345" or "h:handle"',
      'customers.1.handle: handle must be text (it is a number)',
      'customers.1.status: status must be one of "none", "open", "waiting_us", "waiting_them", "resolved"',
      'customers.1.extra: unknown field "extra"',
    ]);
    expect(await page.getByRole('region', { name: 'Restore preview' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/hb-backup-errors.png', fullPage: true });
    expect(await dump(page)).toEqual(before);
  });

  it('merges a backup into existing data: the newer customer record wins', async () => {
    const a = await launch();
    const pageA = await openLibrary(a, 'backup');
    await send(pageA, 'notes.add', { ref: { handle: 'shared' }, displayName: 'Shared', text: 'from the backup' });
    await send(pageA, 'notes.add', { ref: { handle: 'only_in_backup' }, displayName: 'B', text: 'x' });
    const [download] = await Promise.all([pageA.waitForEvent('download'), pageA.getByRole('button', { name: 'Export backup' }).click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'hb-merge-')), 'merge.json');
    await download.saveAs(file);

    const b = await launch();
    const pageB = await openLibrary(b, 'backup');
    await send(pageB, 'notes.add', { ref: { handle: 'only_here' }, displayName: 'Here', text: 'stays' });
    await new Promise((r) => setTimeout(r, 20));
    await send(pageB, 'notes.add', { ref: { handle: 'shared' }, displayName: 'Shared', text: 'newer, made here' });
    await pageB.getByLabel('Choose a backup file to restore').setInputFiles(file);
    const preview = pageB.getByRole('region', { name: 'Restore preview' });
    await preview.getByLabel(/Also restore settings/).uncheck();
    await preview.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => pageB.getByRole('status').filter({ hasText: 'Restored' }).textContent()).toBe('Restored 1 customer (1 newer here kept), 0 interactions, 0 replies and 0 packs.');
    const data = await dump(pageB);
    expect(data.customers.map((c) => [c.key, (c.notes as { text: string }[]).map((n) => n.text)]).sort()).toEqual([
      ['h:only_here', ['stays']],
      ['h:only_in_backup', ['x']],
      ['h:shared', ['newer, made here']],
    ]);
  });
});
