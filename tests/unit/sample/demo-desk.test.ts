import { afterEach, beforeEach, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { readAllCustomers } from '@/lib/db/customer-store';
import { readAllInteractions } from '@/lib/db/history-store';
import { teamWorkload } from '@/lib/customers/workload';
import { answeredWithinTarget, pastTarget } from '@/lib/sla/targets';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { DEMO_CUSTOMERS, writeDemoDesk } from '../../e2e/support/demo-desk';
import { NOTIFICATION_TWEETS } from '../../fixtures/x/data';

// The demo's desk (tests/e2e/support/demo-desk.ts) has the story the demo promises, before any
// browser is involved: history over two weeks, cases past target, both members answering, and
// notifications some answered and some not. The demo's e2e test checks the same on the pages.

const NOW = Date.UTC(2026, 11, 7, 12);
const DAY = 24 * 60 * 60_000;
let db: HandlebookDatabase;
let n = 0;
beforeEach(() => {
  db = new HandlebookDatabase(`test-demo-desk-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

it('writes two weeks of history with cases past target, answers by Ana and Ben, and notifications both answered and not', async () => {
  await writeDemoDesk(db, NOW);
  const customers = await readAllCustomers(db);
  const interactions = await readAllInteractions(db);
  expect(customers).toHaveLength(DEMO_CUSTOMERS.length);
  const times = interactions.map((i) => i.at);
  expect(Math.max(...times)).toBeLessThan(NOW);
  expect(NOW - Math.min(...times)).toBeGreaterThan(12 * DAY);
  expect(NOW - Math.min(...times)).toBeLessThanOrEqual(14 * DAY);

  const targets = DEFAULT_SETTINGS.slaTargets;
  expect(pastTarget(customers, targets, NOW).length).toBeGreaterThanOrEqual(3);
  const week = answeredWithinTarget(interactions, targets, NOW);
  expect(week.within).toBeGreaterThan(0);
  expect(week.within).toBeLessThan(week.answered);
  expect(customers.filter((c) => c.status === 'resolved').length).toBeGreaterThanOrEqual(3);

  const members = [
    { member: 'a', name: 'Ana' },
    { member: 'b', name: 'Ben' },
  ];
  for (const row of teamWorkload(customers, interactions, members, NOW).filter((r) => r.member)) {
    expect(row.answered, row.name).toBeGreaterThan(1);
    expect(row.medianFirstResponseMs, row.name).toBeGreaterThan(0);
  }

  const answered = new Set(interactions.filter((i) => i.direction === 'out' && i.inReplyToId).map((i) => i.inReplyToId));
  const mentions = NOTIFICATION_TWEETS.map((t) => answered.has(t.id));
  expect(mentions).toContain(true);
  expect(mentions).toContain(false);
  expect(DEMO_CUSTOMERS.filter((c) => c.owner).map((c) => c.owner)).toEqual(expect.arrayContaining(['Ana', 'Ben']));
});
