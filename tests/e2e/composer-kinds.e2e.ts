import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, replicaData, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';

// The composer bar on X's other composers: the reply modal, mobile web's plain textarea, and
// the agent's sign-off appended to canned replies.

const FOCUSED = replicaData.FOCUSED_TWEET;
let session: ExtensionSession;
let admin: Page;

beforeEach(async () => {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
  admin = await session.openExtensionPage('dashboard.html');
  await send(admin, 'templates.save', { draft: { title: 'Thanks', body: 'Thanks {{first_name}}, on it!', shortcut: 'thx', tags: [] } });
});
afterEach(async () => {
  await session?.close();
});

const customerKey = async (handle: string) =>
  (await send<{ customer: { key: string } | null }>(admin, 'customers.get', { ref: { handle } })).customer?.key;

describe('other composers', () => {
  it('works in the reply modal and logs the reply against the tweet shown in it', async () => {
    const replyTo = replicaData.HOME_TWEETS.find((t) => !t.promoted && !t.repostedBy && !t.quote)!;
    const page = await session.context.newPage();
    await page.goto('https://x.com/home');
    await page.evaluate((id) => window.__replica.openComposeModal(id), replyTo.id);
    const dialog = page.locator('[role="dialog"]');
    const box = dialog.locator('[data-testid="tweetTextarea_0"]');
    await dialog.locator('[data-handlebook="composer"]').waitFor();
    await box.click();
    await page.keyboard.type('Hello there ;thx');
    const firstName = replyTo.name.split(' ')[0];
    await expect.poll(() => page.evaluate(() => window.__replica.composerText(0, 'modal'))).toBe(`Hello there Thanks ${firstName}, on it!`);
    await expect.poll(() => dialog.locator('[data-handlebook="composer"]').getAttribute('data-weighted-length')).not.toBe('0');
    await dialog.locator('button[data-testid="tweetButton"]').click();
    await expect.poll(() => page.evaluate(() => window.__replica.sent.length)).toBe(1);
    await expect.poll(() => customerKey(replyTo.handle)).toBeTruthy();
    const { interactions } = await send<{ interactions: { inReplyToId: string; direction: string }[] }>(admin, 'interactions.list', {
      customerKey: (await customerKey(replyTo.handle))!,
    });
    expect(interactions).toMatchObject([{ direction: 'out', inReplyToId: replyTo.id }]);
  });

  it('works in mobile web\'s plain textarea', async () => {
    const page = await session.context.newPage();
    await page.goto(`https://mobile.x.com/${FOCUSED.handle}/status/${FOCUSED.id}`);
    const box = page.locator('textarea[data-testid="tweetTextarea_0"]');
    await page.locator('[data-handlebook="composer"]').waitFor();
    await box.click();
    await page.keyboard.type('Hi! ;thx');
    await expect.poll(() => box.inputValue()).toBe('Hi! Thanks Mara, on it!');
    await expect.poll(() => page.evaluate(() => window.__replica.composerText(0))).toBe('Hi! Thanks Mara, on it!');
    await expect.poll(() => page.locator('[data-handlebook="composer"]').getAttribute('data-weighted-length')).toBe('23');
  });

  it('appends the agent\'s sign-off when it is turned on, counted in the budget', async () => {
    await admin.evaluate(() =>
      (globalThis as any).chrome.storage.sync.set({ settings: { agentName: 'Jo Bloggs', initials: 'JB', signOff: true } }),
    );
    const page = await session.context.newPage();
    await page.goto(`https://x.com/${FOCUSED.handle}/status/${FOCUSED.id}`);
    await page.locator('[data-handlebook="composer"]').first().waitFor();
    await page.click('[data-testid="tweetTextarea_0"]');
    await page.keyboard.type(';thx');
    await expect.poll(() => page.evaluate(() => window.__replica.composerText(0))).toBe('Thanks Mara, on it! ^JB');
    await expect.poll(() => page.locator('[data-handlebook="composer"][data-box-index="0"]').getAttribute('data-weighted-length')).toBe(String('Thanks Mara, on it! ^JB'.length));
  });
});
