import { describe, expect, it } from 'vitest';
import { CustomerCache } from '@/lib/content/customer-cache';
import type { AccountRef } from '@/lib/db/identity';
import type { CustomerSummary } from '@/lib/db/summaries';

function summary(handle: string): CustomerSummary {
  return { key: `h:${handle}`, handle, displayName: handle, tags: [], status: 'none', noteCount: 1, interactionCount: 0, lastContact: 0, recentInteractions: 0 };
}

function setup() {
  const calls: AccountRef[][] = [];
  const flushes: (() => void)[] = [];
  const cache = new CustomerCache(
    async (refs) => {
      calls.push(refs);
      return Object.fromEntries(refs.map((r) => [r.handle.toLowerCase(), r.handle.startsWith('c') ? summary(r.handle) : null]));
    },
    (fn) => flushes.push(fn),
    (e) => {
      throw e;
    },
  );
  const runFlush = async () => {
    for (const fn of flushes.splice(0)) fn();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { cache, calls, runFlush };
}

describe('CustomerCache', () => {
  it('sends one lookup per flush for all new authors, and none for known ones', async () => {
    const { cache, calls, runFlush } = setup();
    cache.want([{ handle: 'carl' }, { handle: 'dora' }]);
    cache.want([{ handle: 'Carl' }, { handle: 'cleo', userId: '5' }]);
    await runFlush();
    expect(calls).toEqual([[{ handle: 'carl' }, { handle: 'dora' }, { handle: 'cleo', userId: '5' }]]);
    expect(cache.get('CARL')).toMatchObject({ handle: 'carl' });
    expect(cache.get('dora')).toBeNull();
    cache.want([{ handle: 'carl' }, { handle: 'dora' }]);
    await runFlush();
    expect(calls).toHaveLength(1);
  });

  it('asks again only for the handles the background says changed, with their known ids', async () => {
    const { cache, calls, runFlush } = setup();
    const heard: string[][] = [];
    cache.subscribe((h) => heard.push([...h]), new AbortController().signal);
    cache.want([{ handle: 'cleo', userId: '5' }, { handle: 'dora' }]);
    await runFlush();
    cache.onChanged({ handlebook: 1, type: 'changed', handles: ['cleo', 'unrelated'], all: false, templates: false, settings: false });
    await runFlush();
    expect(calls[1]).toEqual([{ handle: 'cleo', userId: '5' }]);
    expect(heard.at(-1)).toEqual(['cleo']);
  });

  it('refreshes everything on a bulk change', async () => {
    const { cache, calls, runFlush } = setup();
    cache.want([{ handle: 'cleo' }, { handle: 'dora' }]);
    await runFlush();
    cache.onChanged({ handlebook: 1, type: 'changed', handles: [], all: true, templates: false, settings: false });
    await runFlush();
    expect(calls[1]!.map((r) => r.handle).sort()).toEqual(['cleo', 'dora']);
  });
});
