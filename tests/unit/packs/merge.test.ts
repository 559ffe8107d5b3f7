import { describe, expect, it } from 'vitest';
import type { Template } from '../../../lib/db/types';
import { hashTemplateContent } from '../../../lib/packs/content-hash';
import { type PackFile, type PackTemplate } from '../../../lib/packs/format';
import { applyImportPlan, planPackImport, planUnsubscribe, type ImportPlan } from '../../../lib/packs/merge';
import { localTemplate } from './fixtures';

const NOW = 5_000_000;

function pack(templates: PackTemplate[], id = 'acme'): PackFile {
  return { format: 'handlebook-pack', version: 1, id, name: 'Acme', templates };
}

function ids(): () => string {
  let n = 0;
  return () => `new-${++n}`;
}

/** A local copy of `upstream` as an earlier import would have written it. */
function importedCopy(upstream: PackTemplate, fields: Partial<Template> = {}, packId = 'acme'): Template {
  return localTemplate({
    title: upstream.title,
    body: upstream.body,
    ...(upstream.shortcut !== undefined ? { shortcut: upstream.shortcut } : {}),
    ...(upstream.folder !== undefined ? { folder: upstream.folder } : {}),
    tags: upstream.tags ? [...upstream.tags] : [],
    ...(upstream.lang !== undefined ? { lang: upstream.lang } : {}),
    usageCount: 7,
    lastUsedAt: 4_000,
    source: { packId, upstreamId: upstream.id, upstreamHash: hashTemplateContent(upstream), edited: false },
    ...fields,
  });
}

const v1: PackTemplate = { id: 'ship', title: 'Shipping', body: 'On its way', shortcut: 'ship', folder: 'Orders', tags: ['a'], lang: 'en' };
const v2: PackTemplate = { id: 'ship', title: 'Shipping', body: 'On its way, tracking inside', shortcut: 'ship', tags: ['a', 'b'] };

function statuses(plan: ImportPlan): Record<string, string> {
  return Object.fromEntries(plan.items.map((i) => [i.upstream.id, i.status]));
}

describe('planPackImport', () => {
  it('classifies new, unchanged, changed and conflict, and finds templates the pack dropped', () => {
    const unchangedUp: PackTemplate = { id: 'same', title: 'Same', body: 'Same body' };
    const goneUp: PackTemplate = { id: 'gone', title: 'Gone', body: 'Gone body' };
    const conflictV1: PackTemplate = { id: 'conf', title: 'Conf', body: 'v1' };
    const conflictV2: PackTemplate = { id: 'conf', title: 'Conf', body: 'v2' };
    const local = [
      importedCopy(unchangedUp),
      importedCopy(v1), // will be "changed"
      importedCopy(conflictV1, { body: 'my own words' }),
      importedCopy(goneUp),
      localTemplate({ title: 'Unrelated' }),
      importedCopy({ id: 'new', title: 'x', body: 'y' }, {}, 'other-pack'),
    ];
    // Mark the conflict copy as edited.
    local[2]!.source!.edited = true;
    const plan = planPackImport(pack([unchangedUp, v2, conflictV2, { id: 'new', title: 'New', body: 'Fresh' }]), local);
    expect(statuses(plan)).toEqual({ same: 'unchanged', ship: 'changed', conf: 'conflict', new: 'new' });
    expect(plan.removedUpstream.map((t) => t.source?.upstreamId)).toEqual(['gone']);
    expect(plan.counts).toEqual({ new: 1, unchanged: 1, changed: 1, conflict: 1, removedUpstream: 1 });
    expect(plan.packId).toBe('acme');
    expect(plan.items.find((i) => i.upstream.id === 'ship')!.upstreamHash).toBe(hashTemplateContent(v2));
  });

  it('an edited copy whose pack template did not change is unchanged: the edit stands', () => {
    const local = [importedCopy(v1, { body: 'edited locally' })];
    local[0]!.source!.edited = true;
    expect(statuses(planPackImport(pack([v1]), local))).toEqual({ ship: 'unchanged' });
    expect(applyImportPlan(planPackImport(pack([v1]), local), {}, NOW, ids())).toEqual({ put: [], delete: [] });
  });

  it('an edited copy that already equals the new upstream is unchanged, and its flags are cleared', () => {
    const local = importedCopy(v1, { title: v2.title, body: v2.body, tags: ['a', 'b'] });
    delete local.folder;
    delete local.lang;
    local.source = { ...local.source!, edited: true, upstreamChanged: true };
    const plan = planPackImport(pack([v2]), [local]);
    expect(statuses(plan)).toEqual({ ship: 'unchanged' });
    const { put } = applyImportPlan(plan, {}, NOW, ids());
    expect(put).toEqual([{ ...local, source: { packId: 'acme', upstreamId: 'ship', upstreamHash: hashTemplateContent(v2), edited: false } }]);
  });

  it('a second local copy of the same upstream template is treated as removed', () => {
    const first = importedCopy(v1, { createdAt: 1 });
    const second = importedCopy(v1, { createdAt: 2 });
    const plan = planPackImport(pack([v1]), [second, first]);
    expect(plan.items[0]!.status).toBe('unchanged');
    expect(plan.items[0]!.status !== 'new' && plan.items[0]!.local.id).toBe(first.id);
    expect(plan.removedUpstream).toEqual([second]);
    expect(applyImportPlan(plan, {}, NOW, ids()).delete).toEqual([second.id]);
  });

  it('ignores a duplicate id in a hand-built pack (parsePack would refuse it)', () => {
    const plan = planPackImport(pack([v1, { ...v2 }]), []);
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]!.upstream).toBe(v1);
  });
});

describe('applyImportPlan', () => {
  it('adds a new template linked to the pack, with zero usage', () => {
    const { put, delete: del } = applyImportPlan(planPackImport(pack([v1]), []), {}, NOW, ids());
    expect(del).toEqual([]);
    expect(put).toEqual([
      {
        id: 'new-1',
        title: 'Shipping',
        body: 'On its way',
        shortcut: 'ship',
        folder: 'Orders',
        tags: ['a'],
        lang: 'en',
        usageCount: 0,
        createdAt: NOW,
        updatedAt: NOW,
        source: { packId: 'acme', upstreamId: 'ship', upstreamHash: hashTemplateContent(v1), edited: false },
      },
    ]);
    // Fields the pack template lacks are absent, not undefined.
    const bare = applyImportPlan(planPackImport(pack([{ id: 'b', title: 'B', body: 'b' }]), []), {}, NOW, ids()).put[0]!;
    expect(Object.keys(bare).sort()).toEqual(['body', 'createdAt', 'id', 'source', 'tags', 'title', 'updatedAt', 'usageCount']);
    expect(bare.tags).toEqual([]);
  });

  it('updates a changed, unedited template in place, keeping its id and usage stats', () => {
    const local = importedCopy(v1);
    const { put } = applyImportPlan(planPackImport(pack([v2]), [local]), {}, NOW, ids());
    expect(put).toEqual([
      {
        id: local.id,
        title: 'Shipping',
        body: 'On its way, tracking inside',
        shortcut: 'ship',
        tags: ['a', 'b'],
        usageCount: 7,
        lastUsedAt: 4_000,
        createdAt: local.createdAt,
        updatedAt: NOW,
        source: { packId: 'acme', upstreamId: 'ship', upstreamHash: hashTemplateContent(v2), edited: false },
      },
    ]);
    // folder and lang were dropped upstream, so they are dropped locally.
    expect(put[0]).not.toHaveProperty('folder');
    expect(put[0]).not.toHaveProperty('lang');
  });

  function conflicted(): Template {
    const local = importedCopy(v1, { body: 'My better words', shortcut: 'ship', updatedAt: 3_000 });
    local.source!.edited = true;
    return local;
  }

  it('keep-mine (and the default) keeps the local text, records the new hash and flags upstreamChanged', () => {
    const local = conflicted();
    const plan = planPackImport(pack([v2]), [local]);
    expect(plan.items[0]!.status).toBe('conflict');
    const expected = {
      put: [
        {
          ...local,
          source: { packId: 'acme', upstreamId: 'ship', upstreamHash: hashTemplateContent(v2), edited: true, upstreamChanged: true },
        },
      ],
      delete: [],
    };
    expect(applyImportPlan(plan, { ship: 'keep-mine' }, NOW, ids())).toEqual(expected);
    expect(applyImportPlan(plan, {}, NOW, ids())).toEqual(expected);
    // An unknown choice (e.g. from a stale UI) is treated as keep-mine, never as take-theirs.
    expect(applyImportPlan(plan, { ship: 'nonsense' as never }, NOW, ids())).toEqual(expected);
    // The next import of the same pack version asks nothing and writes nothing.
    const after = expected.put[0]!;
    const again = planPackImport(pack([v2]), [after]);
    expect(again.items[0]!.status).toBe('unchanged');
    expect(applyImportPlan(again, {}, NOW, ids())).toEqual({ put: [], delete: [] });
  });

  it('take-theirs overwrites the local text and clears the edit flags', () => {
    const local = conflicted();
    local.source!.upstreamChanged = true;
    const { put } = applyImportPlan(planPackImport(pack([v2]), [local]), { ship: 'take-theirs' }, NOW, ids());
    expect(put).toHaveLength(1);
    expect(put[0]).toMatchObject({ id: local.id, body: v2.body, tags: ['a', 'b'], usageCount: 7, updatedAt: NOW });
    expect(put[0]!.source).toEqual({ packId: 'acme', upstreamId: 'ship', upstreamHash: hashTemplateContent(v2), edited: false });
  });

  it('keep-both detaches the local copy as "(mine)" and adds the pack version as a new template', () => {
    const local = conflicted();
    const { put, delete: del } = applyImportPlan(planPackImport(pack([v2]), [local]), { ship: 'keep-both' }, NOW, ids());
    expect(del).toEqual([]);
    expect(put).toHaveLength(2);
    const [mine, theirs] = put;
    expect(mine).toEqual({
      ...local,
      title: 'Shipping (mine)',
      // Same shortcut as the pack's version: the detached copy gets a distinct one.
      shortcut: 'ship-mine',
      updatedAt: NOW,
      source: undefined,
    });
    expect(mine).not.toHaveProperty('source');
    expect(theirs).toMatchObject({ id: 'new-1', body: v2.body, shortcut: 'ship', usageCount: 0, createdAt: NOW });
    expect(theirs!.source).toEqual({ packId: 'acme', upstreamId: 'ship', upstreamHash: hashTemplateContent(v2), edited: false });
  });

  it('keep-both keeps titles and shortcuts within their limits', () => {
    const longTitle = 'T'.repeat(200);
    const longShortcut = 's'.repeat(40);
    const up1: PackTemplate = { id: 'x', title: longTitle, body: 'a', shortcut: longShortcut };
    const up2: PackTemplate = { ...up1, body: 'b' };
    const local = importedCopy(up1, { body: 'mine' });
    local.source!.edited = true;
    const mine = applyImportPlan(planPackImport(pack([up2]), [local]), { x: 'keep-both' }, NOW, ids()).put[0]!;
    expect(mine.title).toBe(`${'T'.repeat(193)} (mine)`);
    expect(mine.shortcut).toBe(`${'s'.repeat(35)}-mine`);
  });

  it('deletes unedited templates the pack dropped and detaches edited ones', () => {
    const gone = importedCopy({ id: 'gone', title: 'G', body: 'g' });
    const goneEdited = importedCopy({ id: 'gone2', title: 'G2', body: 'g2' }, { body: 'kept' });
    goneEdited.source!.edited = true;
    const { put, delete: del } = applyImportPlan(planPackImport(pack([]), [gone, goneEdited]), {}, NOW, ids());
    expect(del).toEqual([gone.id]);
    expect(put).toHaveLength(1);
    const { source: _dropped, ...withoutSource } = goneEdited;
    expect(put[0]).toEqual(withoutSource);
  });

  it('ignores resolutions for templates that are not in conflict, and prototype keys', () => {
    const local = importedCopy(v1);
    const plan = planPackImport(pack([v2, { id: 'constructor', title: 'C', body: 'c' }]), [local]);
    const { put } = applyImportPlan(plan, { ship: 'keep-both' }, NOW, ids());
    expect(put).toHaveLength(2);
    expect(put[0]!.body).toBe(v2.body);
    expect(put[0]!.id).toBe(local.id);
    const edited = conflicted();
    const plan2 = planPackImport(pack([{ ...v2, id: 'constructor' }]), [{ ...edited, source: { ...edited.source!, upstreamId: 'constructor' } }]);
    expect(plan2.items[0]!.status).toBe('conflict');
    // `{}.constructor` is a function, not a choice: the default (keep-mine) applies.
    expect(applyImportPlan(plan2, {}, NOW, ids()).put[0]!.source!.upstreamChanged).toBe(true);
  });

  it('never mutates the local templates it was given', () => {
    const local = conflicted();
    const changed = importedCopy({ id: 'c', title: 'C', body: 'c1' });
    const snapshot = structuredClone([local, changed]);
    const plan = planPackImport(pack([v2, { id: 'c', title: 'C', body: 'c2' }]), [local, changed]);
    const { put } = applyImportPlan(plan, { ship: 'keep-both' }, NOW, ids());
    for (const row of put) row.tags.push('mutated');
    expect([local, changed]).toEqual(snapshot);
  });
});

describe('planUnsubscribe', () => {
  it('removes unedited templates of the pack and detaches edited ones; other templates are untouched', () => {
    const a = importedCopy({ id: 'a', title: 'A', body: 'a' });
    const b = importedCopy({ id: 'b', title: 'B', body: 'b' }, { body: 'edited' });
    b.source!.edited = true;
    const other = importedCopy({ id: 'a', title: 'A', body: 'a' }, {}, 'other');
    const plain = localTemplate();
    const result = planUnsubscribe('acme', [a, b, other, plain]);
    expect(result.delete).toEqual([a.id]);
    expect(result.detach).toHaveLength(1);
    expect(result.detach[0]).not.toHaveProperty('source');
    expect(result.detach[0]).toMatchObject({ id: b.id, body: 'edited', usageCount: 7 });
    expect(b.source).toBeDefined();
  });
});
