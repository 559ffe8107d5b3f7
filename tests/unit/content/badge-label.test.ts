import { describe, expect, it } from 'vitest';
import { badgeLabel, shortDuration } from '@/lib/content/badge-label';
import type { CustomerSummary } from '@/lib/db/summaries';

const HOUR = 3_600_000;
const base: CustomerSummary = {
  key: 'h:a', handle: 'a', displayName: 'A', tags: [], status: 'none', noteCount: 0, interactionCount: 0, lastContact: 0, recentInteractions: 0,
};

describe('badgeLabel', () => {
  it('invites a note for strangers', () => {
    expect(badgeLabel('someone', null, 0)).toMatchObject({ text: '+ note', known: false, waiting: false, repeat: false });
  });

  it('shows the first two tags, interaction count and time since last contact', () => {
    const label = badgeLabel('a', { ...base, tags: ['VIP', 'refund', 'beta'], interactionCount: 4, lastContact: 0 + 1 }, 2 * 24 * HOUR + 1);
    expect(label.text).toBe('VIP refund · 4 · 2d');
    expect(label.description).toContain('tags: VIP, refund, beta');
  });

  it('marks an open case waiting for our answer with its waiting time', () => {
    const label = badgeLabel('a', { ...base, status: 'waiting_us', waitingSince: 0 }, 3 * HOUR);
    expect(label).toMatchObject({ waiting: true, text: 'waiting 3h' });
    expect(badgeLabel('a', { ...base, status: 'resolved', waitingSince: 0 }, 3 * HOUR).waiting).toBe(false);
  });

  it("names the other member who owns an open case, never oneself, and nobody once it is closed", () => {
    const ben = { member: 'm-ben', name: 'Ben' };
    const owned = { ...base, status: 'waiting_us' as const, assignee: ben, interactionCount: 2 };
    expect(badgeLabel('a', owned, 0, 'm-ana')).toMatchObject({ text: "Ben's · 2", owner: 'Ben' });
    expect(badgeLabel('a', owned, 0, 'm-ana').description).toContain("Ben's case");
    expect(badgeLabel('a', owned, 0, 'm-ben')).toMatchObject({ text: '2' });
    expect(badgeLabel('a', owned, 0, 'm-ben').owner).toBeUndefined();
    expect(badgeLabel('a', owned, 0, 'm-ben').description).toContain('your case');
    expect(badgeLabel('a', { ...owned, status: 'resolved' }, 0, 'm-ana').owner).toBeUndefined();
  });

  it('marks repeat customers (3+ interactions in 30 days)', () => {
    expect(badgeLabel('a', { ...base, interactionCount: 5, recentInteractions: 3 }, 0).repeat).toBe(true);
    expect(badgeLabel('a', { ...base, interactionCount: 5, recentInteractions: 2 }, 0).repeat).toBe(false);
    expect(badgeLabel('a', { ...base, interactionCount: 5, recentInteractions: 4 }, 0).description).toContain('repeat customer: 4 interactions in 30 days');
    // The row keeps 10 times: 10 in 30 days may be more.
    expect(badgeLabel('a', { ...base, interactionCount: 40, recentInteractions: 10 }, 0).description).toContain('repeat customer: 10 or more interactions in 30 days');
  });

  it('falls back to the note count for a customer with only notes', () => {
    expect(badgeLabel('a', { ...base, noteCount: 2 }, 0).text).toBe('2 notes');
  });
});

describe('shortDuration', () => {
  it.each([
    [0, 'now'], [59_000, 'now'], [60_000, '1m'], [HOUR, '1h'], [25 * HOUR, '1d'], [15 * 24 * HOUR, '2w'],
    [90 * 24 * HOUR, '3mo'], [800 * 24 * HOUR, '2y'], [-5, 'now'],
  ])('%i ms is %s', (ms, text) => expect(shortDuration(ms)).toBe(text));
});
