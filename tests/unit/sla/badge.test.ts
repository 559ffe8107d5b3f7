import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { HandlebookDatabase } from '@/lib/db/database';
import { logIncoming, logOutgoing } from '@/lib/db/interactions';
import { badgeText, checkSla, pastTargetCases } from '@/lib/background/sla-watch';
import { saveSettings } from '@/lib/settings/store';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 9, 0);
let db: HandlebookDatabase;
let n = 0;

beforeEach(() => {
  fakeBrowser.reset();
  db = new HandlebookDatabase(`test-sla-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const waiting = (handle: string, tweetId: string, minutesAgo: number) =>
  logIncoming(db, { ref: { handle }, displayName: handle, tweetId, text: 'help', tweetedAt: T0 - minutesAgo * MIN, openCase: true }, T0 - minutesAgo * MIN);

describe('the toolbar badge', () => {
  it('counts the cases past target from the book, at any later check', async () => {
    await waiting('ann', '11', 90);
    await waiting('bob', '22', 30);
    await waiting('cat', '33', 5);
    expect(await checkSla(db, T0)).toBe(1);
    expect(await browser.action.getBadgeText({})).toBe('1');
    // The worker was stopped and starts again 40 minutes later: only stored times count.
    expect(await checkSla(db, T0 + 40 * MIN)).toBe(2);
    expect(await browser.action.getBadgeText({})).toBe('2');
    // An answer ends the wait; a longer target in the settings takes bob off too.
    await logOutgoing(db, { ref: { handle: 'ann' }, displayName: 'ann', inReplyToId: '11', inReplyToText: 'help', text: 'On it' }, T0 + 41 * MIN);
    await saveSettings({ slaTargets: { waiting_us: 120 } });
    expect(await checkSla(db, T0 + 42 * MIN)).toBe(0);
    expect(await browser.action.getBadgeText({})).toBe('');
  });

  it('lists the cases past target oldest first, with the tweet to answer', async () => {
    await waiting('bob', '22', 70);
    await waiting('ann', '11', 90);
    await waiting('ann', '12', 80);
    const { cases } = await pastTargetCases(db, T0);
    expect(cases.map((c) => [c.handle, c.tweetId, c.since])).toEqual([
      ['ann', '12', T0 - 90 * MIN],
      ['bob', '22', T0 - 70 * MIN],
    ]);
  });

  it('shows nothing at zero and caps long counts', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(12_000)).toBe('999+');
  });
});
