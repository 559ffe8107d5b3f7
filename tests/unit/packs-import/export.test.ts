import { describe, expect, it } from 'vitest';
import type { Template } from '@/lib/db/types';
import { buildExportCsv, buildExportPack, exportIds } from '@/lib/packs/export';
import { parseImport } from '@/lib/packs/import';
import { planPackImport } from '@/lib/packs/merge';

let n = 0;
function tpl(fields: Partial<Template>): Template {
  n++;
  return { id: `uuid-${n}`, title: `T${n}`, body: 'Body', tags: [], usageCount: 0, createdAt: n, updatedAt: n, ...fields };
}

const NOW = new Date('2025-02-03T04:05:06.789Z');

describe('exporting templates as a pack', () => {
  it('keeps upstream ids of the pack being exported and makes the others from titles', () => {
    const list = [
      tpl({ title: 'Shipping delay', source: { packId: 'acme', upstreamId: 'ship', upstreamHash: 'h', edited: false } }),
      tpl({ title: 'Shipping delay' }),
      tpl({ title: 'ship' }),
      tpl({ title: 'From elsewhere', source: { packId: 'other', upstreamId: 'x', upstreamHash: 'h', edited: false } }),
      tpl({ title: '!!!' }),
    ];
    expect(exportIds(list, 'acme')).toEqual(['ship', 'shipping-delay', 'ship-2', 'from-elsewhere', 'template']);
  });

  it('writes a pack that reads back to the same templates, and re-importing it changes nothing', () => {
    const list = [
      tpl({ title: 'Hello', body: 'Hi {{first_name}}!', shortcut: 'hi', folder: 'General', tags: ['greet'], lang: 'en' }),
      tpl({ title: 'Refund', body: 'Refunded.\n\nThanks.' }),
    ];
    const result = buildExportPack(list, { id: 'team', name: 'Team', author: 'Dana' }, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pack).toMatchObject({ id: 'team', name: 'Team', author: 'Dana', updatedAt: '2025-02-03T04:05:06Z' });
    const back = parseImport(result.text);
    expect(back.ok && back.pack).toEqual(result.pack);
    // Exported from the pack's own templates, the same pack is "unchanged" for its subscribers.
    const linked = result.pack.templates.map((t, i) => ({ ...list[i]!, source: { packId: 'team', upstreamId: t.id, upstreamHash: 'stale', edited: false } }));
    const plan = planPackImport(result.pack, linked);
    expect(plan.counts).toMatchObject({ unchanged: 2, new: 0 });
  });

  it('names the template when a reply breaks a rule of the pack format', () => {
    const result = buildExportPack([tpl({ title: 'Fine' }), tpl({ title: 'Tagged', tags: ['a, b'] }), tpl({ title: 'Lang', lang: 'not a language' })], { id: 'Bad Id', name: 'X' }, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['id', '"Tagged" tags.0', '"Lang" lang']);
    expect(buildExportPack([], { id: 'x', name: 'X' }).ok).toBe(false);
  });

  it('writes CSV with a byte-order mark that reads back with the same ids', () => {
    const list = [tpl({ title: 'Délai', body: '=cmd|x', tags: ['a', 'b'] }), tpl({ title: 'Second', body: 'Line 1\nLine 2, "quoted"' })];
    const csv = buildExportCsv(list, 'team');
    expect(csv.startsWith('\ufeffid,title,body')).toBe(true);
    const back = parseImport(csv, { fileName: 'team.csv' });
    expect(back.ok && back.pack.templates).toEqual([
      { id: 'delai', title: 'Délai', body: '=cmd|x', tags: ['a', 'b'] },
      { id: 'second', title: 'Second', body: 'Line 1\nLine 2, "quoted"' },
    ]);
  });
});
