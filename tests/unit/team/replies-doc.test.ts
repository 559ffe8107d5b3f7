import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Template } from '@/lib/db/types';
import { applyTemplateEdit, readTemplates } from '@/lib/team/replies-doc';

// The team's canned replies (lib/team/replies-doc.ts): field by field, so two members changing
// different parts of one reply keep both changes, and an edit outlives a concurrent delete.

const t0 = Date.UTC(2026, 11, 1, 9);
const reply: Template = {
  id: 'r1',
  title: 'Refund',
  body: 'Hi {{first_name}}, your refund is on its way.',
  shortcut: 'refund',
  tags: ['billing'],
  usageCount: 3,
  createdAt: t0,
  updatedAt: t0,
  source: { packId: 'team-voice', upstreamId: 'refund', upstreamHash: 'abc', edited: false },
};

function copies(): [Y.Doc, Y.Doc] {
  const base = new Y.Doc();
  applyTemplateEdit(base, { id: reply.id, after: reply });
  const [a, b] = [new Y.Doc(), new Y.Doc()];
  Y.applyUpdate(a, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(base));
  return [a, b];
}

function exchange(a: Y.Doc, b: Y.Doc) {
  const [toB, toA] = [Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))];
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

describe('the team’s replies document', () => {
  it('holds a reply whole, optional fields included', () => {
    const [a] = copies();
    expect(readTemplates(a)).toEqual([reply]);
  });

  it('keeps one member’s body edit and another’s usage count at the same time', () => {
    const [a, b] = copies();
    applyTemplateEdit(a, { id: 'r1', before: reply, after: { ...reply, body: 'Hello {{first_name}}!', updatedAt: t0 + 5 } });
    applyTemplateEdit(b, { id: 'r1', before: reply, after: { ...reply, usageCount: 4, lastUsedAt: t0 + 6 } });
    exchange(a, b);
    for (const doc of [a, b]) {
      expect(readTemplates(doc)).toEqual([{ ...reply, body: 'Hello {{first_name}}!', updatedAt: t0 + 5, usageCount: 4, lastUsedAt: t0 + 6 }]);
    }
  });

  it('keeps a reply one member edits while another deletes it', () => {
    const [a, b] = copies();
    applyTemplateEdit(a, { id: 'r1', before: reply });
    exchange(a, b);
    applyTemplateEdit(b, { id: 'r1', before: reply, after: { ...reply, title: 'Refund (new)' } });
    exchange(a, b);
    expect(readTemplates(a).map((t) => t.title)).toEqual(['Refund (new)']);
  });

  it('removes a field the member cleared', () => {
    const [a] = copies();
    const { shortcut: _gone, ...without } = reply;
    applyTemplateEdit(a, { id: 'r1', before: reply, after: without });
    expect(readTemplates(a)).toEqual([without]);
  });
});
