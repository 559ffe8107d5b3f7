import { afterEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { backupParts, exportBackup, readBackupContents, serializeBackup } from '@/lib/backup/export';
import { parseBackup, type BackupData } from '@/lib/backup/format';
import { restoreBackup } from '@/lib/backup/restore';
import { RestoreSession, RESTORE_PORT_NAME, type RestoreServerMessage } from '@/lib/backup/session';
import { handleRestorePort, type RestorePort } from '@/lib/background/backup-port';
import { chunkEnd } from '@/lib/backup/client';
import type { Settings } from '@/lib/settings/schema';
import { dump, sampleContents, sampleSettings, seed } from './fixtures';
import { writeTemplates } from '@/lib/db/template-store';
import { WHOLE_STORE_SLICE_ROWS } from '@/lib/db/whole-store';

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
    // Something to be replaced.
    await target.customers.put({ ...c.customers[1]!, key: 'h:someone_else', handle: 'someone_else', handleLower: 'someone_else' });
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
    // And the restored database exports to the same file.
    expect(await exportFrom(target)).toBe(text);
  });

  it('reads a book of several slices whole and in key order, as the tables list it', async () => {
    const db = await freshDb();
    const base = sampleContents();
    await seed(db, base);
    const customers = Array.from({ length: 2 * WHOLE_STORE_SLICE_ROWS + 7 }, (_, i) => ({
      ...base.customers[1]!,
      key: `h:user${(i * 7919) % 100_000}`,
      handle: `user${(i * 7919) % 100_000}`,
      handleLower: `user${(i * 7919) % 100_000}`,
    }));
    const interactions = Array.from({ length: 3 * WHOLE_STORE_SLICE_ROWS + 1 }, (_, i) => ({
      ...base.interactions[0]!,
      id: `i${(i * 104_729) % 1_000_003}`,
      customerKey: customers[i % customers.length]!.key,
      tweetId: String(1_900_000_000_000_000_000n + BigInt(i)),
      dedupeKey: `bulk:${i}`,
    }));
    await db.customers.bulkPut(customers);
    await db.interactions.bulkPut(interactions);
    const contents = await readBackupContents(db);
    expect(contents.customers).toStrictEqual(await db.customers.toArray());
    expect(contents.interactions).toStrictEqual(await db.interactions.toArray());
    expect(contents.customers).toHaveLength(customers.length + base.customers.length);
    expect(contents.interactions).toHaveLength(interactions.length + base.interactions.length);
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
    await db.customers.bulkPut([localNewer, localOlder, localOnly]);
    // The same incoming tweet logged locally under another id: the backup's copy is skipped.
    await db.interactions.put({ ...c.interactions[0]!, id: 'local-i1' });
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
  });

  it('a failure inside the transaction writes nothing, in either mode', async () => {
    for (const mode of ['replace', 'merge'] as const) {
      const db = await freshDb();
      const c = sampleContents();
      await seed(db, { ...c, customers: [c.customers[0]!] });
      const before = await dump(db);
      const hook = () => {
        throw new Error('boom');
      };
      db.packs.hook('creating', hook);
      await expect(restoreBackup(db, parsed(serializeBackup({ ...c, packs: [...c.packs, { id: 'new-pack', name: 'N', templateCount: 0, importedAt: 1 }] }, new Date())), mode)).rejects.toThrow(/boom/);
      db.packs.hook('creating').unsubscribe(hook);
      expect(await dump(db)).toEqual(before);
    }
  });
});

describe('restore session (the port protocol)', () => {
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
      expect(await db.customers.count()).toBe(0);
    }
    const done = await session.handle({ type: 'commit' });
    expect(done).toMatchObject({ type: 'done', settingsRestored: true, outcome: { customers: { written: 2 } } });
    expect(saved).toEqual([sampleSettings()]);
    expect(await db.customers.count()).toBe(2);
    expect(await db.interactions.count()).toBe(2);
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
    expect(await db.customers.count()).toBe(0);
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
    expect(await db.customers.count()).toBe(0);
  });

  it('a port closed before commit writes nothing', async () => {
    const db = await freshDb();
    const backup = parsed(serializeBackup(sampleContents(), new Date()));
    const session = new RestoreSession({ db, saveSettings: async () => undefined });
    for (const m of messagesFor(backup, 2).slice(0, -1)) await session.handle(m);
    session.abort();
    expect(await session.handle({ type: 'commit' })).toMatchObject({ type: 'error' });
    expect(await db.customers.count()).toBe(0);
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
