import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { SCHEMA_HISTORY } from '@/lib/db/schema-history';
import {
  countTemplates,
  getTemplate,
  getTemplates,
  groupOf,
  readAllTemplates,
  readPackTemplates,
  TEMPLATES_PER_BLOCK,
  writeTemplates,
  type TemplateBlock,
  templateWriteTables,
} from '@/lib/db/template-store';
import type { Template } from '@/lib/db/types';
import { seededRandom } from '../../fixtures/x/data';

// Templates are stored in blocks (lib/db/template-store.ts). These tests hold the store to a
// plain Map of templates by id: after every write, what the store reads back equals the Map,
// and the blocks keep their rules (one group each, at most TEMPLATES_PER_BLOCK, `ids` matching,
// no empty block, every template in exactly one block).

let db: HandlebookDatabase;
let n = 0;

beforeEach(async () => {
  db = new HandlebookDatabase(`test-template-store-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function template(id: string, packId?: string, body = `Body of ${id}`): Template {
  return {
    id,
    title: `Title ${id}`,
    body,
    tags: [],
    usageCount: 0,
    createdAt: 1,
    updatedAt: 1,
    ...(packId !== undefined ? { source: { packId, upstreamId: `up-${id}`, upstreamHash: 'h', edited: false } } : {}),
  };
}

const byId = (a: Template, b: Template) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function expectStoreEquals(expected: Map<string, Template>): Promise<void> {
  const all = [...expected.values()].sort(byId);
  expect(await readAllTemplates(db)).toEqual(all);
  expect(await countTemplates(db)).toBe(all.length);
  for (const group of new Set(all.map(groupOf))) {
    if (group !== '') expect(await readPackTemplates(db, group)).toEqual(all.filter((t) => groupOf(t) === group));
  }
  const blocks: TemplateBlock[] = await db.templateBlocks.toArray();
  const seen = new Set<string>();
  for (const block of blocks) {
    expect(block.templates.length).toBeGreaterThan(0);
    expect(block.templates.length).toBeLessThanOrEqual(TEMPLATES_PER_BLOCK);
    expect(block.ids).toEqual(block.templates.map((t) => t.id));
    const group = block.id.slice(0, block.id.lastIndexOf('/'));
    for (const t of block.templates) {
      expect(groupOf(t)).toBe(group);
      expect(seen.has(t.id)).toBe(false);
      seen.add(t.id);
    }
  }
}

describe('the template store', () => {
  it('writes 10,000 templates of one pack as 100 blocks and reads them back in id order', async () => {
    const templates = Array.from({ length: 10_000 }, (_, i) => template(`t-${String(9_999 - i).padStart(5, '0')}`, 'big'));
    await writeTemplates(db, { put: templates, delete: [] });
    expect(await db.templateBlocks.count()).toBe(100);
    await expectStoreEquals(new Map(templates.map((t) => [t.id, t])));
    expect((await db.templateBlocks.toArray()).map((b) => b.id)).toEqual(Array.from({ length: 100 }, (_, i) => `big/${String(i).padStart(6, '0')}`));
  });

  it('fills the last block of a group before opening a new one, one template at a time', async () => {
    const expected = new Map<string, Template>();
    for (let i = 0; i < TEMPLATES_PER_BLOCK + 5; i++) {
      const t = template(`own-${i}`);
      await writeTemplates(db, { put: [t], delete: [] });
      expected.set(t.id, t);
    }
    expect((await db.templateBlocks.toArray()).map((b) => [b.id, b.templates.length])).toEqual([
      ['/000000', TEMPLATES_PER_BLOCK],
      ['/000001', 5],
    ]);
    await expectStoreEquals(expected);
  });

  it('replaces a template in its block, moves it when its group changes, and deletes emptied blocks', async () => {
    await writeTemplates(db, { put: [template('a', 'acme'), template('b', 'acme'), template('c')], delete: [] });
    const edited = { ...template('a', 'acme'), body: 'edited' };
    await writeTemplates(db, { put: [edited], delete: [] });
    expect(await getTemplate(db, 'a')).toEqual(edited);
    // A removed pack's edited reply stays as the person's own: it moves to their group.
    const { source: _pack, ...detached } = template('b', 'acme');
    await writeTemplates(db, { put: [detached], delete: ['a'] });
    expect(await readPackTemplates(db, 'acme')).toEqual([]);
    expect((await db.templateBlocks.toArray()).map((b) => b.id)).toEqual(['/000000']);
    await expectStoreEquals(new Map([['b', detached], ['c', template('c')]]));
    expect(await getTemplates(db, ['c', 'nope', 'b'])).toEqual([template('c'), undefined, detached]);
  });

  it('lets the last of several puts of one id win, and applies deletes before puts', async () => {
    await writeTemplates(db, { put: [template('x', 'p'), { ...template('x', 'p'), body: 'second' }], delete: [] });
    expect((await getTemplate(db, 'x'))!.body).toBe('second');
    await writeTemplates(db, { put: [{ ...template('x'), body: 'back' }], delete: ['x'] });
    await expectStoreEquals(new Map([['x', { ...template('x'), body: 'back' }]]));
  });

  it('keeps a pack range apart from packs whose ids start the same way', async () => {
    await writeTemplates(db, { put: [template('1', 'a'), template('2', 'a-b'), template('3', 'ab'), template('4')], delete: [] });
    expect((await readPackTemplates(db, 'a')).map((t) => t.id)).toEqual(['1']);
    expect((await readPackTemplates(db, 'a-b')).map((t) => t.id)).toEqual(['2']);
  });

  it('agrees with a Map after 300 random writes, small (through the ids index) and big (every block read)', async () => {
    const rnd = seededRandom(42);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const groups = [undefined, 'acme', 'team', 'csv-sheet'];
    const expected = new Map<string, Template>();
    let next = 0;
    for (let step = 0; step < 300; step++) {
      // Mostly small writes; every tenth one big enough to take the read-everything path.
      const size = step % 10 === 9 ? 40 + Math.floor(rnd() * 200) : 1 + Math.floor(rnd() * 6);
      const put: Template[] = [];
      const del: string[] = [];
      const existing = [...expected.keys()];
      for (let i = 0; i < size; i++) {
        const r = rnd();
        if (r < 0.5 || existing.length === 0) put.push(template(`id-${String(next++).padStart(5, '0')}`, pick(groups)));
        else if (r < 0.8) put.push(template(pick(existing), pick(groups), `edit ${step}`));
        else del.push(pick(existing));
      }
      await writeTemplates(db, { put, delete: del });
      for (const id of del) expected.delete(id);
      for (const t of put) expected.set(t.id, t);
      if (step % 25 === 24 || step === 299) await expectStoreEquals(expected);
    }
    expect(expected.size).toBeGreaterThan(500);
  }, 30_000); // 300 transactions: seconds on a busy 2-core machine

  it('writes nothing when the surrounding transaction fails', async () => {
    await writeTemplates(db, { put: [template('kept')], delete: [] });
    const before = await db.templateBlocks.toArray();
    await expect(
      db.transaction('rw', templateWriteTables(db), async () => {
        await writeTemplates(db, { put: Array.from({ length: 250 }, (_, i) => template(`new-${i}`, 'p')), delete: ['kept'] });
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await db.templateBlocks.toArray()).toEqual(before);
  });
});

describe('the version 4 upgrade', () => {
  it('moves every template row of version 3 into blocks by group', async () => {
    const name = `template-upgrade-${n++}`;
    const old = new Dexie(name);
    for (const entry of SCHEMA_HISTORY.filter((e) => e.version <= 3)) {
      const v = old.version(entry.version).stores(entry.stores);
      if (entry.upgrade) v.upgrade(entry.upgrade);
    }
    const rows = [...Array.from({ length: 250 }, (_, i) => template(`p-${i}`, 'pack')), ...Array.from({ length: 30 }, (_, i) => template(`o-${i}`))];
    await old.table('templates').bulkAdd(rows);
    old.close();

    const upgraded = new HandlebookDatabase(name);
    try {
      expect((await upgraded.templateBlocks.toArray()).map((b) => [b.id, b.templates.length])).toEqual([
        ['/000000', 30],
        ['pack/000000', 100],
        ['pack/000001', 100],
        ['pack/000002', 50],
      ]);
      const previous = db;
      db = upgraded;
      await expectStoreEquals(new Map(rows.map((t) => [t.id, t])));
      db = previous;
      expect(upgraded.tables.map((t) => t.name)).not.toContain('templates');
    } finally {
      await upgraded.delete();
    }
  });
});
