import { describe, expect, it } from 'vitest';
import type { Customer } from '@/lib/db/types';
import { answeredWithinTarget, crossedSince, MINUTE_MS, nextDue, pastTarget, targetMsOf } from '@/lib/sla/targets';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';

const T0 = Date.UTC(2026, 11, 7, 9, 0);
const MIN = MINUTE_MS;

function customer(handle: string, patch: Partial<Customer>): Customer {
  return {
    key: `h:${handle}`, handle, handleLower: handle, handleHistory: [], displayName: handle, tags: [], status: 'none', notes: [], fields: {},
    firstSeen: T0 - 1000 * MIN, lastContact: T0 - 1000 * MIN, interactionCount: 1, createdAt: T0 - 1000 * MIN, updatedAt: T0 - 1000 * MIN, ...patch,
  };
}

const book = [
  customer('ann', { status: 'waiting_us', waitingSince: T0 - 90 * MIN }),
  customer('bob', { status: 'waiting_us', waitingSince: T0 - 61 * MIN }),
  customer('cat', { status: 'waiting_us', waitingSince: T0 - 59 * MIN }),
  customer('dan', { status: 'open', waitingSince: T0 - 500 * MIN }),
  customer('eve', { status: 'waiting_them', lastContact: T0 - 3 * 24 * 60 * MIN }),
  customer('fay', { status: 'resolved', waitingSince: T0 - 900 * MIN }),
  // Opened by hand, no tweet logged: no clock.
  customer('gus', { status: 'waiting_us' }),
];

describe('service-level targets', () => {
  it('has a target of 60 minutes for a case waiting on us by default, and none for other statuses', () => {
    expect(targetMsOf(DEFAULT_SETTINGS.slaTargets, 'waiting_us')).toBe(60 * MIN);
    expect(targetMsOf(DEFAULT_SETTINGS.slaTargets, 'open')).toBeUndefined();
    expect(targetMsOf(DEFAULT_SETTINGS.slaTargets, 'resolved')).toBeUndefined();
  });

  it('lists the cases past target, the longest waiting first', () => {
    expect(pastTarget(book, DEFAULT_SETTINGS.slaTargets, T0).map((c) => c.customer.handle)).toEqual(['ann', 'bob']);
    const all = pastTarget(book, { open: 120, waiting_us: 60, waiting_them: 24 * 60 }, T0);
    expect(all.map((c) => c.customer.handle)).toEqual(['eve', 'dan', 'ann', 'bob']);
    expect(all[0]).toMatchObject({ since: T0 - 3 * 24 * 60 * MIN, targetMs: 24 * 60 * MIN, dueAt: T0 - 2 * 24 * 60 * MIN });
  });

  it('counts a case past target from the minute it is due', () => {
    const cat = book[2]!;
    expect(pastTarget([cat], DEFAULT_SETTINGS.slaTargets, T0 + MIN - 1)).toEqual([]);
    expect(pastTarget([cat], DEFAULT_SETTINGS.slaTargets, T0 + MIN)).toHaveLength(1);
    expect(nextDue(book, DEFAULT_SETTINGS.slaTargets, T0)).toBe(T0 + MIN);
  });

  it('gives the same answer after a restart as without one: only stored times and the clock count', () => {
    // A worker that checked at T0, was stopped, and came back 3 hours later (or a browser
    // closed overnight) computes from the same stored book; nothing depends on timers.
    const targets = DEFAULT_SETTINGS.slaTargets;
    const later = T0 + 180 * MIN;
    const continuous = pastTarget(book, targets, later).map((c) => c.customer.key);
    const afterRestart = pastTarget(structuredClone(book), targets, later).map((c) => c.customer.key);
    expect(afterRestart).toEqual(continuous);
    expect(continuous).toEqual(['h:ann', 'h:bob', 'h:cat']);
  });

  it('announces each case once: those that passed the target since the last stored check', () => {
    const targets = DEFAULT_SETTINGS.slaTargets;
    // Checked at T0: ann and bob were late already; cat passes at T0 + 1 min.
    expect(crossedSince(book, targets, T0, T0 + 30 * 1000)).toEqual([]);
    expect(crossedSince(book, targets, T0, T0 + 2 * MIN).map((c) => c.customer.handle)).toEqual(['cat']);
    // The next check, a minute later, announces nothing again.
    expect(crossedSince(book, targets, T0 + 2 * MIN, T0 + 3 * MIN)).toEqual([]);
    // The browser was closed from T0 to the next morning: cat passed in between, once.
    expect(crossedSince(book, targets, T0, T0 + 14 * 60 * MIN).map((c) => c.customer.handle)).toEqual(['cat']);
  });

  it('gives the share of cases answered within target over the last 7 days', () => {
    const day = 24 * 60 * MIN;
    const entries = [
      { customerKey: 'h:a', at: T0 - 1 * day, responseMs: 20 * MIN },
      { customerKey: 'h:b', at: T0 - 2 * day, responseMs: 60 * MIN },
      { customerKey: 'h:c', at: T0 - 3 * day, responseMs: 61 * MIN },
      { customerKey: 'h:d', at: T0 - 4 * day, responseMs: 5 * 60 * MIN },
      // Not an answer to a waiting case, and one older than a week.
      { customerKey: 'h:e', at: T0 - 1 * day },
      { customerKey: 'h:f', at: T0 - 8 * day, responseMs: 1 * MIN },
    ];
    expect(answeredWithinTarget(entries, DEFAULT_SETTINGS.slaTargets, T0)).toEqual({ answered: 4, within: 2, share: 0.5 });
    expect(answeredWithinTarget([], DEFAULT_SETTINGS.slaTargets, T0)).toEqual({ answered: 0, within: 0, share: undefined });
    expect(answeredWithinTarget(entries, {}, T0).share).toBeUndefined();
  });
});
