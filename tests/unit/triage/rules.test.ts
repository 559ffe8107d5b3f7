import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HandlebookDatabase } from '@/lib/db/database';
import { logIncoming } from '@/lib/db/interactions';
import { getCustomer } from '@/lib/db/customer-store';
import { HANDLERS, type HandlerContext } from '@/lib/background/handlers';
import { saveSettings } from '@/lib/settings/store';
import { applyRules, compileRules } from '@/lib/triage/rules';
import type { TriageRule } from '@/lib/settings/schema';

const RULES: TriageRule[] = [
  { id: 'refund', terms: 'refund "money back" -giveaway', tags: ['billing'], status: 'open' },
  { id: 'late', terms: 'late #shipping "not arrived"', tags: ['shipping', 'billing'] },
  { id: 'thanks', terms: 'thanks', tags: ['praise'], status: 'resolved' },
];

describe('applyRules', () => {
  const rules = compileRules(RULES);

  it('adds the tags of every matching rule once, and takes the status of the first that sets one', () => {
    expect(applyRules(rules, 'Late again. I want a refund')).toEqual({ tags: ['billing', 'shipping'], status: 'open', ruleIds: ['refund', 'late'] });
    expect(applyRules(rules, 'late, thanks anyway')).toEqual({ tags: ['shipping', 'billing', 'praise'], status: 'resolved', ruleIds: ['late', 'thanks'] });
  });

  it('does nothing when no rule matches or a minus term rules the tweet out', () => {
    expect(applyRules(rules, 'Lovely beans')).toEqual({ tags: [], ruleIds: [] });
    expect(applyRules(rules, 'refund for the giveaway?')).toEqual({ tags: [], ruleIds: [] });
  });
});

describe('a logged tweet and the rules', () => {
  let db: HandlebookDatabase;
  let n = 0;
  beforeEach(() => {
    fakeBrowser.reset();
    db = new HandlebookDatabase(`test-rules-${n++}`);
  });
  afterEach(async () => {
    await db.delete();
  });
  const tweet = (id: string, text: string, openCase = false) => ({ ref: { handle: 'mara' }, displayName: 'Mara', tweetId: id, text, tweetedAt: 1_000, openCase });

  it('tags the customer and opens the case, waiting from the tweet', async () => {
    const { customer } = await logIncoming(db, { ...tweet('1', 'refund please'), rules: { tags: ['billing'], status: 'open' } }, 5_000);
    expect(customer).toMatchObject({ tags: ['billing'], status: 'open', waitingSince: 1_000 });
    expect(await getCustomer(db, 'h:mara')).toMatchObject({ tags: ['billing'], status: 'open', waitingSince: 1_000 });
  });

  it("keeps the customer's tags, and a rule's status wins over opening a case", async () => {
    await logIncoming(db, { ...tweet('1', 'hi', true), rules: { tags: ['vip'] } }, 2_000);
    const { customer } = await logIncoming(db, { ...tweet('2', 'thanks!', true), rules: { tags: ['praise', 'vip'], status: 'resolved' } }, 3_000);
    expect(customer.tags).toEqual(['vip', 'praise']);
    expect(customer.status).toBe('resolved');
    expect(customer.waitingSince).toBeUndefined();
  });

  it('applies the rules saved in the settings when interactions.logIncoming is handled', async () => {
    await saveSettings({ triageRules: RULES });
    const ctx: HandlerContext = { db, now: () => 9_000, changed: () => {}, version: 'test' };
    const logged = await HANDLERS['interactions.logIncoming']({ ref: { handle: 'mara' }, displayName: 'Mara', tweetId: '7', text: 'Where is my MONEY back?', openCase: false }, ctx);
    expect(logged.customer).toMatchObject({ tags: ['billing'], status: 'open', waitingSince: 9_000 });
    const plain = await HANDLERS['interactions.logIncoming']({ ref: { handle: 'ann' }, displayName: 'Ann', tweetId: '8', text: 'Nice beans', openCase: false }, ctx);
    expect(plain.customer).toMatchObject({ tags: [], status: 'none' });
    // A rule changed in another browser applies to the next logged tweet.
    await saveSettings({ triageRules: [{ id: 'beans', terms: 'beans', tags: ['praise'] }] });
    const again = await HANDLERS['interactions.logIncoming']({ ref: { handle: 'ann' }, displayName: 'Ann', tweetId: '9', text: 'More beans', openCase: false }, ctx);
    expect(again.customer.tags).toEqual(['praise']);
  });
});
