import { describe, expect, it } from 'vitest';
import { DAY_MS, firstResponseStats, median, openCases, repeatCustomers } from '@/lib/customers/overview';
import { customer, interaction } from './fixtures';

const NOW = 1_750_000_000_000;
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('openCases', () => {
  it('lists open and waiting-on-us cases, the longest waiting first, with their waiting time', () => {
    const list = openCases(
      [
        customer('a', { status: 'waiting_us', waitingSince: NOW - 2 * HOUR }),
        customer('b', { status: 'open', waitingSince: NOW - 5 * HOUR }),
        customer('c', { status: 'waiting_them', waitingSince: NOW - 9 * HOUR }),
        customer('d', { status: 'resolved', waitingSince: NOW - 9 * HOUR }),
        customer('e', { status: 'none' }),
        customer('f', { status: 'waiting_us', waitingSince: NOW - 30 * MIN }),
      ],
      NOW,
    );
    expect(list.map((c) => c.customer.handle)).toEqual(['b', 'a', 'f']);
    expect(list.map((c) => c.waitingMs)).toEqual([5 * HOUR, 2 * HOUR, 30 * MIN]);
  });

  it('puts cases opened by hand (no waiting time) after the waiting ones, least recently contacted first', () => {
    const list = openCases(
      [
        customer('late', { status: 'open', lastContact: NOW - HOUR }),
        customer('waits', { status: 'waiting_us', waitingSince: NOW - MIN }),
        customer('early', { status: 'open', lastContact: NOW - DAY_MS }),
      ],
      NOW,
    );
    expect(list.map((c) => c.customer.handle)).toEqual(['waits', 'early', 'late']);
    expect(list[1]!.waitingMs).toBeUndefined();
  });

  it('never reports a negative wait (clock skew)', () => {
    expect(openCases([customer('x', { status: 'open', waitingSince: NOW + 5_000 })], NOW)[0]!.waitingMs).toBe(0);
  });

  it('is empty without open cases', () => {
    expect(openCases([customer('x', { status: 'resolved' })], NOW)).toEqual([]);
    expect(openCases([], NOW)).toEqual([]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeUndefined();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('firstResponseStats', () => {
  it('takes the median over answered cases of the last 7 days only', () => {
    const stats = firstResponseStats(
      [
        interaction('h:a', NOW - HOUR, { direction: 'out', responseMs: 10 * MIN }),
        interaction('h:b', NOW - 2 * DAY_MS, { direction: 'out', responseMs: 30 * MIN }),
        interaction('h:c', NOW - 6 * DAY_MS, { direction: 'out', responseMs: 90 * MIN }),
        interaction('h:d', NOW - 3 * DAY_MS, { direction: 'out', responseMs: 4 * HOUR }),
        // Older than a week: not this week.
        interaction('h:e', NOW - 8 * DAY_MS, { direction: 'out', responseMs: 1 * MIN }),
        // Replies that answered no waiting case carry no responseMs.
        interaction('h:f', NOW - HOUR, { direction: 'out' }),
        interaction('h:g', NOW - HOUR, { direction: 'in' }),
      ],
      NOW,
    );
    expect(stats).toEqual({ medianMs: 60 * MIN, cases: 4 });
  });

  it('counts the window edge, reports no median when nothing was answered', () => {
    expect(firstResponseStats([interaction('h:a', NOW - 7 * DAY_MS, { responseMs: 5 })], NOW)).toEqual({ medianMs: 5, cases: 1 });
    expect(firstResponseStats([interaction('h:a', NOW - 7 * DAY_MS - 1, { responseMs: 5 })], NOW)).toEqual({ medianMs: undefined, cases: 0 });
    expect(firstResponseStats([], NOW)).toEqual({ medianMs: undefined, cases: 0 });
  });

  it('includes a zero-minute response', () => {
    expect(firstResponseStats([interaction('h:a', NOW, { responseMs: 0 })], NOW)).toEqual({ medianMs: 0, cases: 1 });
  });
});

describe('repeatCustomers', () => {
  it('finds customers with 3+ interactions in the last 30 days, most first', () => {
    const list = repeatCustomers(
      [
        // a: 3 in the window (both directions count)
        interaction('h:a', NOW - DAY_MS, { direction: 'in' }),
        interaction('h:a', NOW - 2 * DAY_MS, { direction: 'out' }),
        interaction('h:a', NOW - 29 * DAY_MS),
        // b: 4 in the window
        ...[1, 2, 3, 4].map((d) => interaction('h:b', NOW - d * HOUR)),
        // c: 3, but one is 31 days old
        interaction('h:c', NOW - DAY_MS),
        interaction('h:c', NOW - 2 * DAY_MS),
        interaction('h:c', NOW - 31 * DAY_MS),
        // d: 2
        interaction('h:d', NOW - DAY_MS),
        interaction('h:d', NOW - DAY_MS),
      ],
      NOW,
    );
    expect(list).toEqual([
      { customerKey: 'h:b', count: 4, lastAt: NOW - HOUR },
      { customerKey: 'h:a', count: 3, lastAt: NOW - DAY_MS },
    ]);
  });

  it('orders ties by the most recent interaction and honours custom thresholds', () => {
    const list = repeatCustomers(
      [interaction('h:old', NOW - 5 * DAY_MS), interaction('h:new', NOW - DAY_MS), interaction('h:old', NOW - 6 * DAY_MS), interaction('h:new', NOW - 2 * DAY_MS)],
      NOW,
      { threshold: 2, windowMs: 7 * DAY_MS },
    );
    expect(list.map((r) => r.customerKey)).toEqual(['h:new', 'h:old']);
    // The window start is exclusive, as Dexie's above().
    expect(repeatCustomers([1, 2, 3].map(() => interaction('h:x', NOW - 30 * DAY_MS)), NOW)).toEqual([]);
  });
});
