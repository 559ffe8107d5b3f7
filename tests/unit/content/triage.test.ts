import { describe, expect, it, vi } from 'vitest';
import { TriageCache } from '@/lib/content/triage-cache';
import { triageWords } from '@/lib/features/triage-markers';

const MIN = 60_000;

describe('triageWords', () => {
  it('says how long an unanswered tweet has waited', () => {
    expect(triageWords(null, 0, 23 * MIN)).toEqual({ text: 'waiting 23m', title: 'Handlebook: nobody answered this yet; posted 23m ago' });
    expect(triageWords(null, undefined, 0).text).toBe('unanswered');
  });

  it('says who answered and when, or that it was marked handled', () => {
    expect(triageWords({ at: 0, by: 'Ana', handled: false, count: 1 }, 0, 5 * MIN)).toEqual({ text: '✓ Ana · 5m', title: 'Handlebook: answered by Ana 5m ago' });
    expect(triageWords({ at: 0, handled: true, count: 1 }, 0, 2 * 60 * MIN).text).toBe('✓ handled · 2h');
    expect(triageWords({ at: 0, by: 'Ben', handled: false, count: 2 }, 0, 0).title).toBe('Handlebook: answered by Ben just now (2 answers)');
  });

  it('says it is still looking while the background has not answered', () => {
    expect(triageWords(undefined, 0, 0).text).toBe('…');
  });
});

describe('TriageCache', () => {
  const change = (handles: string[], all = false) => ({ handlebook: 1 as const, type: 'changed' as const, handles, all, templates: false, settings: false });

  it('asks once for every tweet wanted in a task, and remembers unanswered ones as null', async () => {
    const lookup = vi.fn(async () => ({ '1': { at: 5, handled: false, count: 1 } }));
    let flush: () => void = () => undefined;
    const cache = new TriageCache(lookup, (fn) => (flush = fn), () => undefined);
    const heard = vi.fn();
    cache.subscribe(heard, new AbortController().signal);
    cache.want([{ statusId: '1', handle: 'Bob' }, { statusId: '2', handle: 'cai' }]);
    cache.want([{ statusId: '1', handle: 'Bob' }]);
    flush();
    await vi.waitFor(() => expect(heard).toHaveBeenCalled());
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup).toHaveBeenCalledWith(['1', '2']);
    expect(cache.get('1')).toEqual({ at: 5, handled: false, count: 1 });
    expect(cache.get('2')).toBeNull();
    expect(cache.get('3')).toBeUndefined();
  });

  it("asks again about an author's tweets when their records changed, not about others'", async () => {
    const lookup = vi.fn(async (): Promise<Record<string, { at: number; handled: boolean; count: number }>> => ({}));
    const cache = new TriageCache(lookup, (fn) => fn(), () => undefined);
    cache.want([{ statusId: '1', handle: 'Bob' }, { statusId: '2', handle: 'cai' }]);
    await vi.waitFor(() => expect(cache.get('2')).toBeNull());
    lookup.mockResolvedValueOnce({ '1': { at: 9, handled: true, count: 1 } });
    cache.onChanged(change(['bob']));
    expect(cache.get('1')).toBeUndefined();
    await vi.waitFor(() => expect(cache.get('1')).toEqual({ at: 9, handled: true, count: 1 }));
    expect(lookup).toHaveBeenLastCalledWith(['1']);
    cache.onChanged(change([], true));
    await vi.waitFor(() => expect(lookup).toHaveBeenLastCalledWith(['1', '2']));
  });
});
