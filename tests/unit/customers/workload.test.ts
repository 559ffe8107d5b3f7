import { describe, expect, it } from 'vitest';
import { teamWorkload } from '@/lib/customers/workload';
import { customer } from './fixtures';

const MIN = 60_000;
const NOW = 100 * 24 * 60 * MIN;
const ana = { member: 'm-ana', name: 'Ana' };
const ben = { member: 'm-ben', name: 'Ben' };
const gone = { member: 'm-gus', name: 'Gus' };

describe('teamWorkload', () => {
  it('counts open cases per owner and the median first response of each member this week', () => {
    const customers = [
      customer('a', { status: 'waiting_us', assignee: ana }),
      customer('b', { status: 'waiting_them', assignee: ana }),
      customer('c', { status: 'resolved', assignee: ana }),
      customer('d', { status: 'open', assignee: gone }),
      customer('e', { status: 'open' }),
      customer('f', { status: 'none' }),
    ];
    const activity = [
      { customerKey: 'h:a', at: NOW - 10 * MIN, responseMs: 4 * MIN, author: 'Ana' },
      { customerKey: 'h:b', at: NOW - 20 * MIN, responseMs: 10 * MIN, author: 'Ana' },
      { customerKey: 'h:b', at: NOW - 30 * MIN, responseMs: 30 * MIN, author: 'Ana' },
      { customerKey: 'h:x', at: NOW - 8 * 24 * 60 * MIN, responseMs: 1 * MIN, author: 'Ben' }, // last week
      { customerKey: 'h:x', at: NOW - MIN, author: 'Ben' }, // no response time: not a first response
      { customerKey: 'h:x', at: NOW - MIN, responseMs: 2 * MIN }, // nobody named
    ];
    expect(teamWorkload(customers, activity, [ana, ben], NOW)).toEqual([
      { member: 'm-ana', name: 'Ana', openCases: 2, waitingOnUs: 1, medianFirstResponseMs: 10 * MIN, answered: 3 },
      { member: 'm-ben', name: 'Ben', openCases: 0, waitingOnUs: 0, medianFirstResponseMs: undefined, answered: 0 },
      { member: 'm-gus', name: 'Gus', openCases: 1, waitingOnUs: 1, medianFirstResponseMs: undefined, answered: 0 },
      { member: null, name: 'Unassigned', openCases: 1, waitingOnUs: 1, medianFirstResponseMs: undefined, answered: 0 },
    ]);
  });
});
