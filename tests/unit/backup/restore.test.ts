import { afterEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { backupParts, exportBackup, readBackupContents, serializeBackup } from '@/lib/backup/export';
import { parseBackup, type BackupData } from '@/lib/backup/format';
import { restoreBackup } from '@/lib/backup/restore';
import { RestoreSession, RESTORE_PORT_NAME, type RestoreServerMessage } from '@/lib/backup/session';
import { handleRestorePort, type RestorePort } from '@/lib/background/backup-port';
import { chunkEnd } from '@/lib/backup/client';
import type { Settings } from '@/lib/settings/schema';
import { dump, dumpStores, sampleContents, sampleSettings, seed } from './fixtures';
import { writeTemplates } from '@/lib/db/template-store';
import { readAllCustomers, writeCustomers } from '@/lib/db/customer-store';
import { readAllInteractions, readHistory, writeHistory } from '@/lib/db/history-store';
import { readBookCounts } from '@/lib/db/book-counts';
import { expectHandlesOf } from '../db/customer-handles-check';
import { activityDaysOf, dayOf, entriesOf, type ActivityDay } from '@/lib/db/activity-days';
import { bookBlockOf } from '@/lib/db/buckets';
import type { Customer, Interaction } from '@/lib/db/types';

let n = 0;
const dbs: HandlebookDatabase[] = [];
async function freshDb(): Promise<HandlebookDatabase> {
  const db = new HandlebookDatabase(`backup-${n++}-${Math.random().toString(36).slice(2)}`);
  await db.open();
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function parsed(text: string): BackupData {
  const result = parseBackup(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
  return result.backup;
}

const byId = <T extends { id: number | string }>(rows: T[]) => rows.toSorted((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
// Entries of a day are stored in the order they were written; what matters is which they are.
// A day's entries in a fixed order (they are stored in write order).
const days = (rows: ActivityDay[]) => byId(rows).map((d) => ({ id: d.id, entries: entriesOf(d).sort((a, b) => a.at - b.at || (a.customerKey < b.customerKey ? -1 : 1)) }));

/** What derives from the book is exactly that of these customers and interactions. */
async function expectDerivedFrom(db: HandlebookDatabase, customers: Customer[], interactions: Interaction[]) {
  expect(await readBookCounts(db)).toEqual({ customers: customers.length, interactions: interactions.length });
  await expectHandlesOf(db, customers);
  expect(days(await db.activityDays.toArray())).toEqual(days(activityDaysOf(interactions)));
}

/** What derives from the book is in step with what the book holds. */
async function expectDerivedInStep(db: HandlebookDatabase) {
  await expectDerivedFrom(db, await readAllCustomers(db), await readAllInteractions(db));
}

async function exportFrom(db: HandlebookDatabase, settings: Settings = sampleSettings()): Promise<string> {
  return serializeBackup({ ...(await readBackupContents(db)), settings }, new Date('2025-03-01T00:00:00Z'));
}

describe('round trip', () => {
  it('a backup written by this version restores to exactly the same data, field by field', async () => {
    const source = await freshDb();
    const c = sampleContents();
    await seed(source, c);
    const text = await exportFrom(source);
    const target = await freshDb();
    // Something to be replaced: a customer (and its handle), its history (on another day).
    await writeCustomers(target, { put: [{ ...c.customers[1]!, key: 'h:someone_else', handle: 'someone_else', handleLower: 'someone_else' }] });
    await writeHistory(target, { put: [{ ...c.interactions[0]!, id: 'old-1', customerKey: 'h:someone_else', at: 1_600_000_000_000, dedupeKey: 'in:old' }] });
    await target.settings.put({ key: 'pack-upstream:old', value: [] });
    const backup = parsed(text);
    const outcome = await restoreBackup(target, backup, 'replace');
    expect(outcome).toEqual({ mode: 'replace', customers: { written: 2, keptLocal: 0 }, interactions: { written: 2, skippedDuplicates: 0 }, templates: 3, packs: 2 });
    const a = await dump(source);
    const b = await dump(target);
    for (const table of ['customers', 'interactions', 'templates', 'packs'] as const) {
      expect(b[table]).toHaveLength(a[table].length);
      a[table].forEach((row, i) => {
        const other = b[table][i] as unknown as Record<string, unknown>;
        const mine = row as unknown as Record<string, unknown>;
        expect(Object.keys(other).sort()).toEqual(Object.keys(mine).sort());
        for (const key of Object.keys(mine)) expect(other[key]).toStrictEqual(mine[key]);
      });
    }
    expect(b.settings).toEqual([]);
    const proto = Object.getOwnPropertyDescriptor(b.customers.find((x) => x.key === 'id:1001')!.fields, '__proto__');
    expect(proto?.value).toBe('not a prototype');
    expect(backup.settings).toStrictEqual(sampleSettings());
    // The counts, the handles and the activity are the backup's, nothing of the old book.
    await expectDerivedFrom(target, backup.customers, backup.interactions);
    expect(await readBookCounts(target)).toEqual({ customers: 2, interactions: 2 });
    // And the restored database exports to the same file.
    expect(await exportFrom(target)).toBe(text);
  });

  it('reads a book of several slices whole, block after block, as the stores list it', async () => {
    const db = await freshDb();
    const base = sampleContents();
    await seed(db, base);
    const customers = Array.from({ length: 400 }, (_, i) => ({
      ...base.customers[1]!,
      key: `h:user${(i * 7919) % 100_000}`,
      handle: `user${(i * 7919) % 100_000}`,
      handleLower: `user${(i * 7919) % 100_000}`,
    }));
    const interactions = Array.from({ length: 1_501 }, (_, i) => ({
      ...base.interactions[0]!,
      id: `i${(i * 104_729) % 1_000_003}`,
      customerKey: customers[i % customers.length]!.key,
      tweetId: String(1_900_000_000_000_000_000n + BigInt(i)),
      dedupeKey: `bulk:${i}`,
    }));
    await writeCustomers(db, { put: customers });
    await writeHistory(db, { put: interactions });
    // The export reads 64 blocks a slice: both stores take several.
    expect(await db.customerBlocks.count()).toBeGreaterThan(2 * 64);
    expect(await db.historyBlocks.count()).toBeGreaterThan(2 * 64);
    const contents = await readBackupContents(db);
    expect(contents.customers).toStrictEqual(await readAllCustomers(db));
    expect(contents.interactions).toStrictEqual(await readAllInteractions(db));
    // Exactly what was written, each once.
    const key = (c: Customer) => c.key;
    const sorted = <T>(rows: T[], of: (row: T) => string) => rows.toSorted((a, b) => (of(a) < of(b) ? -1 : 1));
    expect(sorted(contents.customers, key)).toEqual(sorted([...base.customers, ...customers], key));
    expect(sorted(contents.interactions, (i) => i.id)).toEqual(sorted([...base.interactions, ...interactions], (i) => i.id));
    // Block after block; a block's customers in key order.
    const places = contents.customers.map((c) => [bookBlockOf(c.key), c.key] as const);
    expect(places.every(([id, k], n) => n === 0 || id > places[n - 1]![0] || (id === places[n - 1]![0] && k > places[n - 1]![1]))).toBe(true);
    const blocks = contents.interactions.map((i) => bookBlockOf(i.customerKey));
    expect(blocks.every((id, n) => n === 0 || id >= blocks[n - 1]!)).toBe(true);
    expect(contents.templates).toStrictEqual(base.templates.toSorted((a, b) => (a.id < b.id ? -1 : 1)));
    expect(contents.packs).toStrictEqual(await db.packs.toArray());
    // The export writes the same file from the slices as they come, without keeping the rows.
    const at = new Date('2025-03-01T00:00:00Z');
    const exported = await exportBackup(db, sampleSettings(), at);
    expect(exported.parts.join('')).toBe(serializeBackup({ ...contents, settings: sampleSettings() }, at));
    expect(exported.counts).toEqual({
      customers: contents.customers.length,
      interactions: contents.interactions.length,
      templates: contents.templates.length,
      packs: contents.packs.length,
    });
    expect(parsed(exported.parts.join('')).interactions).toHaveLength(interactions.length + base.interactions.length);
  });

  it('exports and checks a big book (100,000 customers, 500,000 interactions)', async () => {
    const customers = Array.from({ length: 100_000 }, (_, i) => ({
      ...sampleContents().customers[1]!,
      key: `h:user${i}`,
      handle: `user${i}`,
      handleLower: `user${i}`,
      displayName: `User ${i}`,
      tags: i % 3 ? ['vip'] : [],
      notes: i % 10 ? [] : [{ id: `n${i}`, text: 'A note about this customer', createdAt: i, updatedAt: i }],
    }));
    const interactions = Array.from({ length: 500_000 }, (_, i) => ({
      id: `i${i}`,
      customerKey: `h:user${i % 100_000}`,
      direction: (i % 2 ? 'in' : 'out') as 'in' | 'out',
      tweetId: String(1_800_000_000_000_000_000n + BigInt(i)),
      excerpt: 'Where is my order? It was due on Monday.',
      text: 'Where is my order? It was due on Monday and I have not heard anything since.',
      at: 1_700_000_000_000 + i,
      dedupeKey: `in:${i}`,
    }));
    // Speed is the benchmark's business (npm run bench); this checks the big file is whole.
    const parts = backupParts({ customers, interactions, templates: [], packs: [], settings: sampleSettings() }, new Date());
    const result = parseBackup(parts.join(''));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.backup.customers).toHaveLength(100_000);
      expect(result.backup.interactions).toHaveLength(500_000);
      expect(result.backup.interactions[499_999]).toStrictEqual(interactions[499_999]);
    }
  }, 120_000);
});

describe('merge', () => {
  it('keeps the newer customer, skips interactions already logged, writes templates and packs over', async () => {
    const db = await freshDb();
    const c = sampleContents();
    const localNewer = { ...c.customers[0]!, displayName: 'Local Mara', updatedAt: c.customers[0]!.updatedAt + 1 };
    const localOlder = { ...c.customers[1]!, displayName: 'Local Bob', updatedAt: 1 };
    const localOnly = { ...c.customers[1]!, key: 'h:carol', handle: 'carol', handleLower: 'carol' };
    await writeCustomers(db, { put: [localNewer, localOlder, localOnly] });
    // The same incoming tweet logged locally under another id: the backup's copy is skipped.
    await writeHistory(db, { put: [{ ...c.interactions[0]!, id: 'local-i1' }] });
    await writeTemplates(db, { put: [{ ...c.templates[0]!, body: 'local body' }], delete: [] });

    const outcome = await restoreBackup(db, parsed(serializeBackup(c, new Date())), 'merge');
    expect(outcome).toEqual({ mode: 'merge', customers: { written: 1, keptLocal: 1 }, interactions: { written: 1, skippedDuplicates: 1 }, templates: 3, packs: 2 });
    const after = await dump(db);
    expect(after.customers.map((x) => [x.key, x.displayName])).toEqual([
      ['h:bob', ''],
      ['h:carol', ''],
      ['id:1001', 'Local Mara'],
    ]);
    expect(after.interactions.map((x) => x.id)).toEqual(['i2', 'local-i1']);
    expect(after.templates.find((t) => t.id === 'tpl-1')!.body).toBe(c.templates[0]!.body);
    expect(after.packs).toHaveLength(2);
    expect(await readBookCounts(db)).toEqual({ customers: 3, interactions: 2 });
    await expectDerivedInStep(db);
  });

  it('a backup interaction skipped as already logged overwrites nothing: the local row with its id stays', async () => {
    const db = await freshDb();
    const c = sampleContents();
    const mara = c.customers[0]!;
    const row = (id: string, dedupeKey: string, text: string): Interaction => ({ id, customerKey: mara.key, direction: 'in', excerpt: text, text, at: 10, dedupeKey });
    await writeCustomers(db, { put: [mara] });
    await writeHistory(db, { put: [row('1', 'in:X', 'local A'), row('2', 'in:Y', 'local B')] });
    // Backup row 1 carries the dedupe key local row 2 holds: it is skipped, so local row 1 is kept.
    const outcome = await restoreBackup(db, { customers: [], interactions: [row('1', 'in:Y', 'backup')], templates: [], packs: [] }, 'merge');
    expect(outcome.interactions).toEqual({ written: 0, skippedDuplicates: 1 });
    expect((await readHistory(db, mara.key)).map((i) => [i.id, i.text])).toEqual([
      ['1', 'local A'],
      ['2', 'local B'],
    ]);
    await expectDerivedInStep(db);
  });

  it('a backup interaction with the id of a local one filed under another customer moves it there', async () => {
    const db = await freshDb();
    const c = sampleContents();
    const [mara, bob] = c.customers as [Customer, Customer];
    await writeCustomers(db, { put: [mara, bob] });
    // Local "i1" is Bob's, on another day, with another dedupe key; the backup files it under Mara.
    const localI1: Interaction = { ...c.interactions[0]!, customerKey: bob.key, at: 1_600_000_000_000, dedupeKey: 'in:local', text: 'local' };
    expect(bookBlockOf(bob.key)).not.toBe(bookBlockOf(mara.key));
    await writeHistory(db, { put: [localI1] });

    const outcome = await restoreBackup(db, parsed(serializeBackup({ ...c, customers: [], templates: [], packs: [] }, new Date())), 'merge');
    expect(outcome.interactions).toEqual({ written: 2, skippedDuplicates: 0 });
    const all = await readAllInteractions(db);
    expect(all.filter((i) => i.id === 'i1')).toEqual([c.interactions[0]]);
    expect(await readHistory(db, bob.key)).toEqual([]);
    expect((await readHistory(db, mara.key)).map((i) => i.id)).toEqual(['i1', 'i2']);
    expect(await readBookCounts(db)).toEqual({ customers: 2, interactions: 2 });
    // Bob's day has no entry left, Mara's days have theirs.
    await expectDerivedInStep(db);
    expect(await db.activityDays.get(dayOf(localI1.at))).toBeUndefined();
  });

  it('a failure inside the transaction writes nothing, in either mode', async () => {
    for (const mode of ['replace', 'merge'] as const) {
      const db = await freshDb();
      const c = sampleContents();
      // The backup adds Bob and i2 to this, so either mode writes the book before the packs fail.
      await seed(db, { ...c, customers: [c.customers[0]!], interactions: [c.interactions[0]!] });
      const before = await dumpStores(db);
      const hook = () => {
        throw new Error('boom');
      };
      const backup = parsed(serializeBackup({ ...c, packs: [...c.packs, { id: 'new-pack', name: 'N', templateCount: 0, importedAt: 1 }] }, new Date()));
      db.packs.hook('creating', hook);
      await expect(restoreBackup(db, backup, mode)).rejects.toThrow(/boom/);
      db.packs.hook('creating').unsubscribe(hook);
      // Blocks, activity, counts: all as they were.
      expect(await dumpStores(db)).toEqual(before);
      await expectDerivedInStep(db);
      // The same restore, not failing, does change them: the failed one had writes to undo.
      await restoreBackup(db, backup, mode);
      const after = await dumpStores(db);
      for (const store of ['customerBlocks', 'historyBlocks', 'activityDays', 'bookState'] as const) {
        expect(after[store], `${mode}: ${store}`).not.toEqual(before[store]);
      }
      expect(await readBookCounts(db)).toEqual({ customers: 2, interactions: 2 });
    }
  });
});

describe('restore session (the port protocol)', () => {
  const nothingStored = async (db: HandlebookDatabase) =>
    (await readAllCustomers(db)).length === 0 && (await readAllInteractions(db)).length === 0 && (await db.bookState.count()) === 0;

  async function run(db: HandlebookDatabase, messages: unknown[], saved: Settings[] = []) {
    const restored: unknown[] = [];
    const session = new RestoreSession({ db, saveSettings: async (s) => void saved.push(s), onRestored: (o) => void restored.push(o) });
    const replies: (RestoreServerMessage | null)[] = [];
    for (const m of messages) replies.push(await session.handle(m));
    return { replies, restored };
  }

  function messagesFor(backup: BackupData, chunk = 1, withSettings = true): unknown[] {
    const out: unknown[] = [
      { type: 'begin', mode: 'replace', counts: backup.counts, ...(withSettings ? { settings: backup.settings } : {}) },
    ];
    for (const table of ['customers', 'interactions', 'templates', 'packs'] as const) {
      const rows = backup[table] as unknown[];
      for (let i = 0; i < rows.length; i += chunk) out.push({ type: 'rows', table, offset: i, rows: rows.slice(i, i + chunk) });
    }
    out.push({ type: 'commit' });
    return out;
  }

  it('collects chunks and writes them only on commit, then saves the settings', async () => {
    const db = await freshDb();
    const backup = parsed(serializeBackup(sampleContents(), new Date()));
    const saved: Settings[] = [];
    const messages = messagesFor(backup, 1);
    const session = new RestoreSession({ db, saveSettings: async (s) => void saved.push(s) });
    for (const m of messages.slice(0, -1)) {
      expect((await session.handle(m))?.type).toBe('ack');
      expect(await readAllCustomers(db)).toEqual([]);
    }
    const done = await session.handle({ type: 'commit' });
    expect(done).toMatchObject({ type: 'done', settingsRestored: true, outcome: { customers: { written: 2 } } });
    expect(saved).toEqual([sampleSettings()]);
    expect(await readAllCustomers(db)).toHaveLength(2);
    expect(await readAllInteractions(db)).toHaveLength(2);
    expect(await readBookCounts(db)).toEqual({ customers: 2, interactions: 2 });
  });

  it('in a team’s book, refuses to replace it (that would empty every member’s book) and merges instead', async () => {
    const db = await freshDb();
    const backup = parsed(serializeBackup(sampleContents(), new Date()));
    const team = new RestoreSession({ db, saveSettings: async () => undefined, teamName: 'Northwind support' });
    expect(await team.handle(messagesFor(backup)[0])).toEqual({
      type: 'error',
      errors: [{ path: 'mode', message: 'you are in the team "Northwind support": a backup can be merged into the team\'s book, not replace it' }],
    });
    const merging = new RestoreSession({ db, saveSettings: async () => undefined, teamName: 'Northwind support' });
    const messages = messagesFor(backup).map((m, i) => (i === 0 ? { ...(m as object), mode: 'merge' } : m));
    let last: RestoreServerMessage | null = null;
    for (const m of messages) last = await merging.handle(m);
    expect(last).toMatchObject({ type: 'done' });
    expect(await readAllCustomers(db)).toHaveLength(2);
  });

  it('a bad row stops the restore with its place in the file, and nothing is written', async () => {
    const db = await freshDb();
    const backup = parsed(serializeBackup(sampleContents(), new Date()));
    const messages = messagesFor(backup, 1);
    const bad = messages.findIndex((m) => (m as { table?: string; offset?: number }).table === 'interactions' && (m as { offset: number }).offset === 1);
    (messages[bad] as { rows: Record<string, unknown>[] }).rows = [{ ...backup.interactions[1]!, at: 'yesterday' }];
    const { replies, restored } = await run(db, messages);
    expect(replies[bad]).toEqual({ type: 'error', errors: [{ path: 'interactions.1.at', message: 'at must be a number (it is text)' }] });
    expect(replies.at(-1)).toMatchObject({ type: 'error' });
    expect(restored).toEqual([]);
    expect(await nothingStored(db)).toBe(true);
  });

  it('refuses duplicates across chunks, too many rows, rows out of order and bad settings', async () => {
    const db = await freshDb();
    const backup = parsed(serializeBackup(sampleContents(), new Date()));
    const dup = messagesFor({ ...backup, interactions: [backup.interactions[0]!, { ...backup.interactions[1]!, dedupeKey: backup.interactions[0]!.dedupeKey }] }, 1);
    expect((await run(db, dup)).replies.at(-1)).toEqual({ type: 'error', errors: [{ path: 'interactions.1.dedupeKey', message: 'duplicate dedupeKey "in:555" (also used by interactions.0)' }] });
    const tooMany = messagesFor(backup, 1);
    (tooMany[0] as { counts: { customers: number } }).counts.customers = 1;
    expect((await run(db, tooMany)).replies[2]).toMatchObject({ type: 'error', errors: [{ message: expect.stringMatching(/more customers arrived/) }] });
    const order = messagesFor(backup, 1);
    [order[1], order[2]] = [order[2], order[1]];
    expect((await run(db, order)).replies[1]).toMatchObject({ type: 'error', errors: [{ message: expect.stringMatching(/out of order/) }] });
    const settings = messagesFor(backup, 1);
    (settings[0] as { settings: unknown }).settings = { ...backup.settings, charLimit: 0 };
    expect((await run(db, settings)).replies[0]).toMatchObject({ type: 'error', errors: [{ path: 'settings.charLimit' }] });
    expect((await run(db, [{ type: 'nonsense' }])).replies[0]).toMatchObject({ type: 'error' });
    expect(await nothingStored(db)).toBe(true);
  });

  it('a port closed before commit writes nothing', async () => {
    const db = await freshDb();
    const backup = parsed(serializeBackup(sampleContents(), new Date()));
    const session = new RestoreSession({ db, saveSettings: async () => undefined });
    for (const m of messagesFor(backup, 2).slice(0, -1)) await session.handle(m);
    session.abort();
    expect(await session.handle({ type: 'commit' })).toMatchObject({ type: 'error' });
    expect(await nothingStored(db)).toBe(true);
  });
});

describe('restore port', () => {
  const identity = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };

  function fakePort(sender: RestorePort['sender'], name = RESTORE_PORT_NAME) {
    const listeners: ((m: unknown) => void)[] = [];
    const posted: unknown[] = [];
    let disconnected = false;
    const port: RestorePort = {
      name,
      sender,
      postMessage: (m) => posted.push(m),
      disconnect: () => {
        disconnected = true;
      },
      onMessage: { addListener: (cb) => listeners.push(cb) },
      onDisconnect: { addListener: () => undefined },
    };
    return { port, posted, send: (m: unknown) => listeners.forEach((l) => l(m)), disconnected: () => disconnected };
  }

  it('accepts only our own extension pages, like the router', async () => {
    const db = await freshDb();
    const ctx = { db, now: () => 1, changed: () => undefined, version: '0' };
    const deps = { saveSettings: async () => undefined };
    for (const sender of [
      { id: 'ext-id', url: 'https://x.com/home', tab: { id: 1, url: 'https://x.com/home' } },
      { id: 'other-ext', url: 'chrome-extension://other-ext/page.html' },
      { id: 'ext-id', url: 'https://evil.example.com/', tab: { id: 3, url: 'https://evil.example.com/' } },
      {},
    ]) {
      const fake = fakePort(sender);
      expect(handleRestorePort(fake.port, identity, ctx, deps)).toBe(false);
      expect(fake.disconnected()).toBe(true);
    }
    expect(handleRestorePort(fakePort({ id: 'ext-id', url: 'chrome-extension://ext-id/dashboard.html' }, 'something-else').port, identity, ctx, deps)).toBe(false);

    const ok = fakePort({ id: 'ext-id', url: 'chrome-extension://ext-id/dashboard.html', tab: { id: 9 } });
    expect(handleRestorePort(ok.port, identity, ctx, deps)).toBe(true);
    ok.send({ type: 'ping' });
    await new Promise((r) => setTimeout(r, 10));
    expect(ok.posted).toEqual([{ type: 'pong' }]);
  });
});


describe('chunking rows for the port', () => {
  it('ends a chunk at the row limit or the size budget, whichever comes first, never empty', () => {
    const small = Array.from({ length: 12 }, (_, i) => ({ i }));
    expect(chunkEnd(small, 0, 5, 1_000_000)).toBe(5);
    expect(chunkEnd(small, 10, 5, 1_000_000)).toBe(12);
    const big = [{ t: 'x'.repeat(100) }, { t: 'x'.repeat(100) }, { t: 'x'.repeat(100) }];
    expect(chunkEnd(big, 0, 5_000, 250)).toBe(2);
    // A single row over the budget still goes alone.
    expect(chunkEnd(big, 0, 5_000, 10)).toBe(1);
  });
});
