import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
  AwarenessPresence,
  STATE_TTL_MS,
  TAB_REPORT_TTL_MS,
  liveReports,
  mergeReports,
  nextExpiry,
  parseTabReports,
  presenceMap,
  readMemberState,
  samePresenceMap,
  withoutTab,
  withReport,
  type PresenceMap,
} from '@/lib/team/presence';
import { PagePresence, joinNames, replyingWords, viewingWords, type PresenceAnswer } from '@/lib/content/presence';

// Presence (lib/team/presence.ts): per-tab reports merged into one member's activity, expiry,
// the other members' states turned into handle -> names; and the tab's side (lib/content/presence.ts).

const t0 = Date.UTC(2026, 11, 1, 9);

describe('tab reports', () => {
  it('merges the fresh reports of every tab, lower-cased, sorted and without duplicates', () => {
    let reports = withReport({}, 1, { replying: 'Mara_Okafor', viewing: null }, t0);
    reports = withReport(reports, 2, { replying: 'bob', viewing: 'MARA_OKAFOR' }, t0 + 1_000);
    reports = withReport(reports, 3, { replying: 'mara_okafor', viewing: 'bob' }, t0 + 2_000);
    expect(mergeReports(reports, t0 + 3_000)).toEqual({ replying: ['bob', 'mara_okafor'], viewing: ['bob', 'mara_okafor'] });
  });

  it('replaces a tab’s report, and an empty one removes the tab', () => {
    let reports = withReport({}, 7, { replying: 'bob', viewing: null }, t0);
    reports = withReport(reports, 7, { replying: null, viewing: 'cai' }, t0 + 10);
    expect(mergeReports(reports, t0 + 20)).toEqual({ replying: [], viewing: ['cai'] });
    reports = withReport(reports, 7, { replying: null, viewing: null }, t0 + 30);
    expect(reports).toEqual({});
  });

  it('drops a closed tab at once', () => {
    const reports = withReport(withReport({}, 1, { replying: 'bob', viewing: null }, t0), 2, { replying: 'cai', viewing: null }, t0);
    expect(mergeReports(withoutTab(reports, 1), t0).replying).toEqual(['cai']);
    expect(withoutTab(reports, 99)).toBe(reports);
  });

  it('expires a report not sent again within the TTL, and says when the next one expires', () => {
    let reports = withReport({}, 1, { replying: 'bob', viewing: null }, t0);
    reports = withReport(reports, 2, { replying: 'cai', viewing: null }, t0 + 5_000);
    expect(nextExpiry(reports, t0 + 6_000)).toBe(t0 + TAB_REPORT_TTL_MS);
    const later = t0 + TAB_REPORT_TTL_MS + 1;
    expect(mergeReports(reports, later).replying).toEqual(['cai']);
    expect(Object.keys(liveReports(reports, later))).toEqual(['2']);
    expect(nextExpiry(liveReports(reports, later), later)).toBe(t0 + 5_000 + TAB_REPORT_TTL_MS);
    // Re-sent: fresh again.
    reports = withReport(reports, 1, { replying: 'bob', viewing: null }, later);
    expect(mergeReports(reports, later + 1_000).replying).toEqual(['bob', 'cai']);
  });

  it('ignores handles that are not handles, and keeps only well-formed stored reports', () => {
    expect(withReport({}, 1, { replying: 'not a handle', viewing: '<b>' }, t0)).toEqual({});
    const stored = { '1': { replying: 'Bob', viewing: null, at: t0 }, x: { replying: 'bob', at: t0 }, '2': { replying: 'bob' }, '3': 'junk', '4': { replying: 5, viewing: 'cai', at: t0 } };
    expect(parseTabReports(stored)).toEqual({ '1': { replying: 'bob', viewing: null, at: t0 }, '4': { replying: null, viewing: 'cai', at: t0 } });
    expect(parseTabReports(undefined)).toEqual({});
  });
});

describe('the other members’ presence', () => {
  const ana = { memberId: 'm-ana', name: 'Ana', replying: ['mara_okafor'], viewing: [], at: t0 };
  const ben = { memberId: 'm-ben', name: 'Ben', replying: ['mara_okafor', 'bob'], viewing: ['cai'], at: t0 };
  const me = { memberId: 'm-me', name: 'Me', replying: ['mara_okafor'], viewing: ['bob'], at: t0 };

  it('maps each handle to the names replying and viewing, sorted, leaving this member out', () => {
    const map = presenceMap(
      [
        { state: ben, receivedAt: t0 },
        { state: ana, receivedAt: t0 },
        { state: me, receivedAt: t0 },
      ],
      'm-me',
      t0 + 1_000,
    );
    expect(map).toEqual({
      bob: { replying: ['Ben'], viewing: [] },
      cai: { replying: [], viewing: ['Ben'] },
      mara_okafor: { replying: ['Ana', 'Ben'], viewing: [] },
    });
  });

  it('skips states received too long ago (by the receiver’s clock, not the sender’s `at`)', () => {
    const entries = [
      { state: { ...ana, at: t0 - 10 * 60_000 }, receivedAt: t0 }, // sender's clock is off: still fresh
      { state: ben, receivedAt: t0 - STATE_TTL_MS - 1 },
    ];
    expect(Object.keys(presenceMap(entries, 'm-me', t0))).toEqual(['mara_okafor']);
    expect(presenceMap(entries, 'm-me', t0).mara_okafor!.replying).toEqual(['Ana']);
  });

  it('counts a member once however many clients it has, and ignores states that are not ours', () => {
    const map = presenceMap(
      [
        { state: ana, receivedAt: t0 },
        { state: { ...ana, replying: ['mara_okafor', 'MARA_OKAFOR'] }, receivedAt: t0 },
        { state: {}, receivedAt: t0 },
        { state: { memberId: 'x', name: '', replying: ['bob'] }, receivedAt: t0 },
        { state: { memberId: 'y', name: 'Yan', replying: 'bob' }, receivedAt: t0 },
        { state: { memberId: 'z', name: 'Zed', replying: ['../etc', 42, 'ok_handle'] }, receivedAt: t0 },
      ],
      'm-me',
      t0,
    );
    expect(map).toEqual({ mara_okafor: { replying: ['Ana'], viewing: [] }, ok_handle: { replying: ['Zed'], viewing: [] } });
    expect(readMemberState(null)).toBeNull();
    expect(readMemberState({ memberId: 'a', name: ' Ana ', replying: [], viewing: [] })?.name).toBe('Ana');
  });

  it('compares maps by content', () => {
    const a: PresenceMap = { bob: { replying: ['Ana'], viewing: [] } };
    expect(samePresenceMap(a, { bob: { replying: ['Ana'], viewing: [] } })).toBe(true);
    expect(samePresenceMap(a, { bob: { replying: ['Ana', 'Ben'], viewing: [] } })).toBe(false);
    expect(samePresenceMap(a, {})).toBe(false);
  });
});

describe('AwarenessPresence', () => {
  /** Two members' awareness, connected both ways as the server would relay them. */
  function pair() {
    const a = new Awareness(new Y.Doc());
    const b = new Awareness(new Y.Doc());
    a.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin !== 'remote') applyAwarenessUpdate(b, encodeAwarenessUpdate(a, [...added, ...updated, ...removed]), 'remote');
    });
    b.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin !== 'remote') applyAwarenessUpdate(a, encodeAwarenessUpdate(b, [...added, ...updated, ...removed]), 'remote');
    });
    return [a, b] as const;
  }

  it('publishes one member’s activity and shows it to the other, who never sees itself', () => {
    const [a, b] = pair();
    const ana = new AwarenessPresence(a, { memberId: 'm-ana', name: 'Ana' });
    const ben = new AwarenessPresence(b, { memberId: 'm-ben', name: 'Ben' });
    const heard: PresenceMap[] = [];
    ben.subscribe((map) => heard.push(map));

    ana.set({ replying: ['mara_okafor'], viewing: [] });
    expect(ben.map()).toEqual({ mara_okafor: { replying: ['Ana'], viewing: [] } });
    expect(ana.map()).toEqual({});
    expect(b.getStates().get(a.clientID)).toMatchObject({ memberId: 'm-ana', name: 'Ana', replying: ['mara_okafor'], viewing: [], at: expect.any(Number) });

    // The same activity again sends nothing.
    const updates = vi.fn();
    a.on('update', updates);
    ana.set({ replying: ['mara_okafor'], viewing: [] });
    expect(updates).not.toHaveBeenCalled();

    ana.set({ replying: [], viewing: [] });
    expect(ben.map()).toEqual({});
    expect(heard).toEqual([{ mara_okafor: { replying: ['Ana'], viewing: [] } }, {}]);
    for (const x of [a, b]) x.destroy();
  });

  it('forgets a member whose state is removed (disconnect) or times out', () => {
    const [a, b] = pair();
    const ana = new AwarenessPresence(a, { memberId: 'm-ana', name: 'Ana' });
    const ben = new AwarenessPresence(b, { memberId: 'm-ben', name: 'Ben' });
    ana.set({ replying: ['bob'], viewing: ['bob'] });
    expect(ben.map()).toEqual({ bob: { replying: ['Ana'], viewing: ['Ana'] } });
    // The provider removes the states of a closed connection, as the server does for others.
    a.setLocalState(null);
    expect(ben.map()).toEqual({});
    for (const x of [a, b]) x.destroy();
  });
});

describe('the tab’s presence (lib/content/presence.ts)', () => {
  afterEach(() => vi.useRealTimers());

  function connected(answer: PresenceAnswer = { active: true, handles: {} }) {
    const presence = new PagePresence();
    const report = vi.fn(async () => answer);
    const get = vi.fn(async () => answer);
    const controller = new AbortController();
    presence.connect({ report, get, onError: (e) => { throw e; }, signal: controller.signal });
    return { presence, report, get, controller };
  }

  it('tells listeners only the handles whose presence changed', () => {
    const presence = new PagePresence();
    const heard: string[][] = [];
    presence.subscribe((handles) => heard.push([...handles].sort()), new AbortController().signal);
    expect(presence.empty).toBe(true);
    presence.apply({ Bob: { replying: ['Ana'], viewing: [] }, cai: { replying: [], viewing: ['Ben'] } });
    const bob = presence.get('bob');
    presence.apply({ bob: { replying: ['Ana'], viewing: [] }, cai: { replying: ['Ben'], viewing: [] } });
    expect(presence.get('BOB')).toBe(bob);
    presence.apply({});
    expect(heard).toEqual([['bob', 'cai'], ['cai'], ['bob', 'cai']]);
    expect(presence.empty).toBe(true);
    expect(presence.replyingTo('bob')).toEqual([]);
  });

  it('reports changes once per task, repeats a non-empty report, and stops outside team mode', async () => {
    vi.useFakeTimers();
    const { presence, report } = connected();
    await vi.advanceTimersByTimeAsync(0);
    presence.setViewing('Cai');
    presence.setViewing(null);
    presence.setReplying('Bob');
    await vi.advanceTimersByTimeAsync(0);
    expect(report.mock.calls).toEqual([[{ replying: 'bob', viewing: null }]]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(report).toHaveBeenCalledTimes(2);
    presence.setReplying(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(report).toHaveBeenLastCalledWith({ replying: null, viewing: null });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(report).toHaveBeenCalledTimes(3);

    const outside = connected({ active: false, handles: {} });
    await vi.advanceTimersByTimeAsync(0);
    outside.presence.setReplying('bob');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(outside.report).not.toHaveBeenCalled();
  });

  it('says it in words', () => {
    expect(joinNames(['Ana', 'Ben', 'Cai'])).toBe('Ana, Ben and Cai');
    expect(replyingWords(['Ana'])).toBe('Ana is replying');
    expect(replyingWords(['Ana', 'Ben'], ' to @bob too')).toBe('Ana and Ben are replying to @bob too');
    expect(viewingWords(['Ana'])).toBe('Ana has this card open');
    expect(replyingWords([])).toBe('');
  });
});
