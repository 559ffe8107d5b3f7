import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandlebookDatabase } from '@/lib/db/database';
import { saveTemplate } from '@/lib/db/templates';
import { route } from '@/lib/background/router';
import {
  csvPackIdentity,
  detectImportKind,
  importPackIntoDb,
  parseImport,
  readUpstreamSnapshot,
  removePackFromDb,
  resolveUpstreamChange,
} from '@/lib/packs/import';
import { type PackFile } from '@/lib/packs/format';
import { parsePack, serializePack } from '@/lib/packs/pack-file';
import { applyImportPlan, planPackImport } from '@/lib/packs/merge';
import { context, freshDb, identity, msg, packJson, pageSender, contentSender, seqId, snapshot } from './helpers';
import { countTemplates, getTemplate, readAllTemplates } from '@/lib/db/template-store';

let db: HandlebookDatabase;

beforeEach(async () => {
  db = freshDb();
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function pack(text: string): PackFile {
  const parsed = parsePack(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.pack;
}

const v1 = packJson([
  { id: 'hello', title: 'Hello', body: 'Hi {{first_name}}!', shortcut: 'hi', folder: 'Greetings', tags: ['greet'] },
  { id: 'refund', title: 'Refund', body: 'Your refund is on its way.' },
  { id: 'bye', title: 'Bye', body: 'Bye for now.' },
]);

describe('detecting what a file is', () => {
  it('tells packs, Zendesk exports and CSV apart', () => {
    expect(detectImportKind(v1)).toBe('pack');
    expect(detectImportKind('\ufeff  ' + v1, 'team.json')).toBe('pack');
    expect(detectImportKind('{"macros":[]}')).toBe('zendesk');
    expect(detectImportKind('{"macro":{"title":"x"}}')).toBe('zendesk');
    expect(detectImportKind('[{"title":"x"}]')).toBe('zendesk');
    expect(detectImportKind('title,body\nA,B\n')).toBe('csv');
    expect(detectImportKind('{"format":"handlebook-pack"', 'broken.json')).toBe('pack');
    expect(detectImportKind('{"whatever":1}')).toBe('pack');
    // The file name wins for .csv, even when the content starts like JSON.
    expect(detectImportKind('{"a":1}', 'sheet.csv')).toBe('csv');
  });

  it('derives a CSV pack from the file name', () => {
    expect(csvPackIdentity('Acme replies.csv')).toEqual({ id: 'csv-acme-replies', name: 'Acme replies' });
    expect(csvPackIdentity('C:\\Users\\dana\\Réponses équipe.CSV')).toEqual({ id: 'csv-reponses-equipe', name: 'Réponses équipe' });
    expect(csvPackIdentity(undefined)).toEqual({ id: 'csv-pasted', name: 'Pasted CSV' });
    expect(csvPackIdentity('!!!.csv')).toEqual({ id: 'csv-pasted', name: 'Pasted CSV' });
    const parsed = parseImport('title,body\nThanks,Thank you!\n', { fileName: 'Support.csv' });
    expect(parsed).toMatchObject({ ok: true, kind: 'csv', pack: { id: 'csv-support', name: 'Support', templates: [{ id: 'thanks', title: 'Thanks', body: 'Thank you!' }] } });
  });

  it('reports every error of a bad file with its place', () => {
    const bad = parseImport(packJson([{ id: 'a', title: '', body: 'x' }, { id: 'a', title: 'B' }]));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.path)).toEqual(['templates.0.title', 'templates.1.id', 'templates.1.body']);
    const csv = parseImport('title,body,colour\nA,B,red\n', { fileName: 'x.csv' });
    expect(csv).toMatchObject({ ok: false, kind: 'csv', errors: [{ path: 'row 1, column 3' }] });
  });
});

describe('importing into the database', () => {
  it('adds a new pack: templates linked to it and the Pack row, in one go', async () => {
    const outcome = await importPackIntoDb(db, pack(v1), { now: 100, newId: seqId });
    expect(outcome.counts).toEqual({ new: 3, unchanged: 0, changed: 0, conflict: 0, removedUpstream: 0 });
    const templates = await readAllTemplates(db);
    expect(templates).toHaveLength(3);
    const hello = templates.find((t) => t.title === 'Hello')!;
    expect(hello).toMatchObject({ body: 'Hi {{first_name}}!', shortcut: 'hi', folder: 'Greetings', tags: ['greet'], usageCount: 0, createdAt: 100 });
    expect(hello.source).toMatchObject({ packId: 'acme', upstreamId: 'hello', edited: false });
    expect(await db.packs.get('acme')).toEqual({ id: 'acme', name: 'Acme replies', templateCount: 3, importedAt: 100 });
  });

  it('applies each conflict choice, updates unedited templates and removes dropped ones', async () => {
    await importPackIntoDb(db, pack(v1), { now: 100, newId: seqId });
    const byUpstream = async (id: string) => (await readAllTemplates(db)).find((t) => t.source?.upstreamId === id)!;
    // The agent edits "hello" and "refund"; "bye" stays as imported.
    for (const id of ['hello', 'refund']) {
      const t = await byUpstream(id);
      await saveTemplate(db, { id: t.id, title: t.title, body: `${t.body} (my words)`, tags: t.tags, ...(t.shortcut ? { shortcut: t.shortcut } : {}) }, 200);
    }
    const v2 = pack(
      packJson([
        { id: 'hello', title: 'Hello', body: 'Hello {{first_name}}, welcome!', shortcut: 'hi' },
        { id: 'refund', title: 'Refund', body: 'Refund sent today.' },
        { id: 'new-one', title: 'New', body: 'Brand new.' },
      ]),
    );
    // "bye" was dropped upstream and not edited: it goes.
    const outcome = await importPackIntoDb(db, v2, { now: 300, newId: seqId, resolutions: { hello: 'keep-both', refund: 'take-theirs' } });
    expect(outcome.counts).toEqual({ new: 1, unchanged: 0, changed: 0, conflict: 2, removedUpstream: 1 });
    const all = await readAllTemplates(db);
    expect(all.map((t) => t.title).sort()).toEqual(['Hello', 'Hello (mine)', 'New', 'Refund']);
    const mine = all.find((t) => t.title === 'Hello (mine)')!;
    expect(mine.body).toBe('Hi {{first_name}}! (my words)');
    expect(mine.source).toBeUndefined();
    expect(mine.shortcut).toBe('hi-mine');
    expect((await byUpstream('hello')).body).toBe('Hello {{first_name}}, welcome!');
    expect((await byUpstream('refund'))).toMatchObject({ body: 'Refund sent today.', source: { edited: false } });
    expect(await db.packs.get('acme')).toMatchObject({ templateCount: 3, importedAt: 300 });
  });

  it('keeps my edit by default, flags it, and offers the pack version later', async () => {
    await importPackIntoDb(db, pack(v1), { now: 100, newId: seqId });
    const refund = (await readAllTemplates(db)).find((t) => t.source?.upstreamId === 'refund')!;
    await saveTemplate(db, { id: refund.id, title: 'Refund', body: 'My refund text', tags: [] }, 150);
    const v2 = pack(packJson([{ id: 'hello', title: 'Hello', body: 'Hi {{first_name}}!', shortcut: 'hi', folder: 'Greetings', tags: ['greet'] }, { id: 'refund', title: 'Refund', body: 'Refund v2.' }, { id: 'bye', title: 'Bye', body: 'Bye for now.' }]));
    const outcome = await importPackIntoDb(db, v2, { now: 200, newId: seqId });
    expect(outcome.flagged).toBe(1);
    const flagged = (await getTemplate(db, refund.id))!;
    expect(flagged.body).toBe('My refund text');
    expect(flagged.source).toMatchObject({ edited: true, upstreamChanged: true });
    expect((await readUpstreamSnapshot(db, 'acme')).map((t) => t.body)).toEqual(['Refund v2.']);

    // Importing the same version again asks nothing and keeps the flag.
    const again = await importPackIntoDb(db, v2, { now: 250, newId: seqId });
    expect(again.counts.conflict).toBe(0);
    expect((await getTemplate(db, refund.id))!.source?.upstreamChanged).toBe(true);

    const taken = await resolveUpstreamChange(db, refund.id, 'take-theirs', 300);
    expect(taken).toMatchObject({ id: refund.id, body: 'Refund v2.', updatedAt: 300, source: { packId: 'acme', upstreamId: 'refund', edited: false } });
    expect(taken.source?.upstreamChanged).toBeUndefined();
    expect(await readUpstreamSnapshot(db, 'acme')).toEqual([]);
    await expect(resolveUpstreamChange(db, refund.id, 'take-theirs', 400)).rejects.toThrow(/no newer pack version/);
  });

  it('"keep mine" on a flagged template clears the flag and keeps the text', async () => {
    await importPackIntoDb(db, pack(v1), { now: 100, newId: seqId });
    const bye = (await readAllTemplates(db)).find((t) => t.source?.upstreamId === 'bye')!;
    await saveTemplate(db, { id: bye.id, title: 'Bye', body: 'See you!', tags: [] }, 150);
    await importPackIntoDb(db, pack(packJson([{ id: 'bye', title: 'Bye', body: 'Goodbye.' }])), { now: 200, newId: seqId });
    const kept = await resolveUpstreamChange(db, bye.id, 'keep-mine', 300);
    expect(kept.body).toBe('See you!');
    expect(kept.source).toEqual({ packId: 'acme', upstreamId: 'bye', upstreamHash: expect.any(String), edited: true });
  });

  /** Throws on the `failAt`-th block written (created or updated) until the returned stop(). */
  function failBlockWrite(failAt: number): { written: () => number; stop: () => void } {
    let written = 0;
    const hook = (): void => {
      if (++written === failAt) throw new Error('disk on fire');
    };
    db.templateBlocks.hook('creating', hook);
    db.templateBlocks.hook('updating', hook);
    return {
      written: () => written,
      stop: () => {
        db.templateBlocks.hook('creating').unsubscribe(hook);
        db.templateBlocks.hook('updating').unsubscribe(hook);
      },
    };
  }

  it('is all or nothing: a failure in the middle of the transaction writes nothing', async () => {
    await importPackIntoDb(db, pack(v1), { now: 100, newId: seqId });
    const before = await snapshot(db);
    // 150 templates: the pack's block is updated, then two new blocks; the second fails.
    const failure = failBlockWrite(2);
    const big = pack(packJson(Array.from({ length: 150 }, (_, i) => ({ id: `t${i}`, title: `T${i}`, body: `Body ${i}` }))));
    await expect(importPackIntoDb(db, big, { now: 200, newId: seqId })).rejects.toThrow(/disk on fire/);
    failure.stop();
    expect(failure.written()).toBe(2);
    expect(await snapshot(db)).toEqual(before);
  });

  it('is all or nothing across blocks: a failure on the 20th block of a big pack writes nothing', async () => {
    await importPackIntoDb(db, pack(v1), { now: 100, newId: seqId });
    const before = await snapshot(db);
    const failure = failBlockWrite(20);
    const big = pack(packJson(Array.from({ length: 2_500 }, (_, i) => ({ id: `t${i}`, title: `T${i}`, body: `Body ${i}` }))));
    await expect(importPackIntoDb(db, big, { now: 200, newId: seqId })).rejects.toThrow(/disk on fire/);
    failure.stop();
    expect(failure.written()).toBeGreaterThanOrEqual(20);
    expect(await snapshot(db)).toEqual(before);
  });

  it('writes a big pack exactly as the whole plan says: new, changed, conflicts, removed', async () => {
    const ids = (prefix: string) => {
      let i = 0;
      return () => `${prefix}-${String(++i).padStart(5, '0')}`;
    };
    const v1Big = Array.from({ length: 2_400 }, (_, i) => ({ id: `t${i}`, title: `T${i}`, body: `Body ${i}` }));
    await importPackIntoDb(db, pack(packJson(v1Big)), { now: 100, newId: ids('a') });
    // Local edits spread over the pack's blocks.
    const all = await readAllTemplates(db);
    const byUpstream = new Map(all.map((t) => [t.source!.upstreamId, t]));
    for (const up of ['t5', 't999', 't1000', 't2001', 't2399']) {
      const t = byUpstream.get(up)!;
      await saveTemplate(db, { id: t.id, title: t.title, body: `${t.body} (mine)`, tags: [] }, 150);
    }
    // v2: t0-t299 changed (t5 was edited: a conflict), t2300-t2399 dropped (t2399 edited: kept,
    // detached), 300 new ones, the rest as they were.
    const v2Big = [
      ...v1Big.slice(0, 2_300).map((t, i) => (i < 300 ? { ...t, body: `${t.body} v2` } : t)),
      ...Array.from({ length: 300 }, (_, i) => ({ id: `n${i}`, title: `N${i}`, body: `New ${i}` })),
    ];
    const v2 = pack(packJson(v2Big));
    const localBefore = await readAllTemplates(db);
    const expected = applyImportPlan(planPackImport(v2, localBefore), { t5: 'keep-both' }, 300, ids('b'));

    const outcome = await importPackIntoDb(db, v2, { now: 300, newId: ids('b'), resolutions: { t5: 'keep-both' } });
    expect(outcome.counts).toEqual({ new: 300, unchanged: 2_000, changed: 299, conflict: 1, removedUpstream: 100 });
    expect(outcome.written).toBe(expected.put.length);
    expect(outcome.deleted).toBe(99);
    const removed = new Set(expected.delete);
    const untouched = localBefore.filter((t) => !removed.has(t.id) && !expected.put.some((p) => p.id === t.id));
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect((await readAllTemplates(db)).sort(byId)).toEqual([...untouched, ...expected.put].sort(byId));
  });

  it('removes a pack: unedited templates go, edited ones stay detached', async () => {
    await importPackIntoDb(db, pack(v1), { now: 100, newId: seqId });
    const hello = (await readAllTemplates(db)).find((t) => t.source?.upstreamId === 'hello')!;
    await saveTemplate(db, { id: hello.id, title: 'Hello', body: 'Hey there', tags: [] }, 150);
    const removed = await removePackFromDb(db, 'acme');
    expect(removed).toMatchObject({ deleted: 2, detached: 1 });
    const left = await readAllTemplates(db);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: hello.id, body: 'Hey there' });
    expect(left[0]!.source).toBeUndefined();
    expect(await db.packs.count()).toBe(0);
  });

  it('imports 10,000 templates in one transaction, and again with changes', async () => {
    const templates = Array.from({ length: 10_000 }, (_, i) => ({ id: `t-${i}`, title: `Template ${i}`, body: `Hello {{first_name}}, this is reply number ${i}.`, folder: `F${i % 20}`, tags: ['bulk'] }));
    const text = packJson(templates);
    let t0 = performance.now();
    const first = parseImport(text);
    const parseMs = performance.now() - t0;
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    t0 = performance.now();
    const outcome = await importPackIntoDb(db, first.pack, { now: 100, newId: seqId });
    const writeMs = performance.now() - t0;
    expect(outcome.counts.new).toBe(10_000);
    expect(await countTemplates(db)).toBe(10_000);
    const changed = pack(packJson(templates.map((t, i) => (i % 2 ? { ...t, body: `${t.body} v2` } : t))));
    t0 = performance.now();
    const second = await importPackIntoDb(db, changed, { now: 200, newId: seqId });
    const updateMs = performance.now() - t0;
    expect(second.counts).toMatchObject({ changed: 5_000, unchanged: 5_000 });
    console.info(`10,000 templates (fake-indexeddb): parse ${parseMs.toFixed(0)} ms, first import ${writeMs.toFixed(0)} ms, re-import with 5,000 changes ${updateMs.toFixed(0)} ms`);
  }, 60_000);
});

describe('through the router', () => {
  // The router logs handler failures; these tests cause them on purpose.
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('imports a pack file with the chosen resolutions and tells the tabs', async () => {
    const { ctx, changes } = context(db);
    const reply = await route(msg('packs.import', { kind: 'pack', text: v1, resolutions: {} }), pageSender, identity, ctx);
    expect(reply).toMatchObject({ ok: true, data: { packId: 'acme', packName: 'Acme replies', counts: { new: 3 }, written: 3, deleted: 0 } });
    expect(changes).toEqual([{ templates: true }]);
  });

  it('a rejected file writes nothing', async () => {
    const { ctx, changes } = context(db);
    await route(msg('packs.import', { kind: 'pack', text: v1, resolutions: {} }), pageSender, identity, ctx);
    const before = await snapshot(db);
    changes.length = 0;
    for (const [kind, text] of [
      ['pack', packJson([{ id: 'ok', title: 'Fine', body: 'x' }, { id: 'bad id!', title: 'B', body: 'y' }])],
      ['pack', '{"format":"handlebook-pack",'],
      ['csv', 'title,body,nope\nA,B,C\n'],
      ['zendesk', '{"format":"handlebook-pack"}'],
    ] as const) {
      const reply = await route(msg('packs.import', { kind, text, resolutions: {} }), pageSender, identity, ctx);
      expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Nothing was imported/) } });
    }
    expect(await snapshot(db)).toEqual(before);
    expect(changes).toEqual([]);
  });

  it('refuses pack operations from content scripts', async () => {
    const { ctx } = context(db);
    for (const [type, payload] of [
      ['packs.import', { kind: 'pack', text: v1, resolutions: {} }],
      ['packs.remove', { packId: 'acme' }],
      ['packs.subscribe', { url: 'https://example.com/p.json' }],
      ['packs.refresh', {}],
      ['templates.resolveUpstream', { id: 'x', choice: 'take-theirs' }],
    ] as const) {
      expect(await route(msg(type, payload), contentSender, identity, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await countTemplates(db)).toBe(0);
  });

  it('refuses to save a template with unknown variables or an unclosed {{', async () => {
    const { ctx } = context(db);
    for (const body of ['Hi {{frist_name}}', 'Hi {{first_name', 'Hi {{}}']) {
      const reply = await route(msg('templates.save', { draft: { title: 'T', body, tags: [] } }), pageSender, identity, ctx);
      expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/problem/) } });
    }
    expect(await countTemplates(db)).toBe(0);
    const ok = await route(msg('templates.save', { draft: { title: 'T', body: 'Hi {{first_name|there}} {{?order}} {{field.plan}}', tags: [] } }), pageSender, identity, ctx);
    expect(ok.ok).toBe(true);
  });

  it('exported packs read back to the same templates', () => {
    const parsed = pack(v1);
    expect(pack(serializePack(parsed))).toEqual(parsed);
  });
});
