import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { profilePage } from '../fixtures/x/pages';
import { collectPageErrors, launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, replicaData, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';
import { BADGE, authorHandles, badgeOf, openCard, openX, tweetBy } from './support/x-page';

// Customers on x.com: identity by permanent id, badge contents, the card edited in place.

const MARA = replicaData.PROFILE_USER;
/** Mara's complaint: the focused tweet of the replica status page. */
const MARA_STATUS = `/${replicaData.FOCUSED_TWEET.handle}/status/${replicaData.FOCUSED_TWEET.id}`;
const DAY = 24 * 60 * 60 * 1000;

let session: ExtensionSession;
let admin: Page;

beforeEach(async () => {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context, {
    // The same account (same id) after it renamed itself.
    // X shows the new handle everywhere on the page, sidebar included.
    pages: { '/mara_renamed': () => profilePage({ handle: 'mara_renamed', user: { ...MARA, handle: 'mara_renamed' } }).replaceAll(MARA.handle, 'mara_renamed') },
  });
  admin = await session.openExtensionPage('dashboard.html');
});
afterEach(async () => {
  await session?.close();
});

type Customer = { key: string; userId?: string; handle: string; followers?: number; notes: { text: string }[]; handleHistory: { handle: string }[]; tags: string[]; status: string; fields: Record<string, string> };
const getCustomer = async (handle: string) => (await send<{ customer: Customer | null }>(admin, 'customers.get', { ref: { handle } })).customer;

describe('identity', () => {
  it('merges a handle-only record into the permanent id, then follows a handle change', async () => {
    // A note written where X showed only her handle (the id was not on that page).
    await send(admin, 'notes.add', { ref: { handle: MARA.handle }, displayName: MARA.name, text: 'Noted before we knew her id' });
    expect((await getCustomer(MARA.handle))!.key).toBe(`h:${MARA.handle}`);
    const home = await openX(session.context, 'https://x.com/home');

    // Her profile shows the follow button that carries the numeric id.
    await home.goto(`https://x.com/${MARA.handle}`);
    await expect.poll(async () => (await getCustomer(MARA.handle))?.key).toBe(`id:${MARA.userId}`);
    const merged = (await getCustomer(MARA.handle))!;
    expect(merged.notes.map((n) => n.text)).toEqual(['Noted before we knew her id']);
    expect(merged.followers).toBe(MARA.followers);
    expect(await home.locator('[data-handlebook="profile-summary"]').textContent()).toContain('1 note');

    // Same id, new handle: one customer, with the old handle remembered.
    await home.goto('https://x.com/mara_renamed');
    await expect.poll(async () => (await getCustomer('mara_renamed'))?.handle).toBe('mara_renamed');
    const renamed = (await getCustomer('mara_renamed'))!;
    expect(renamed.key).toBe(`id:${MARA.userId}`);
    expect(renamed.handleHistory.map((h) => h.handle)).toEqual([MARA.handle]);
    expect(renamed.notes).toHaveLength(1);
    await home.locator('[data-handlebook="profile-summary"] button').click();
    await expect.poll(() => home.getByRole('dialog').textContent()).toContain('formerly @mara_okafor');
  });
});

describe('badge', () => {
  it('shows tags, interaction count, last contact and the waiting mark', async () => {
    await send(admin, 'customers.update', { ref: { handle: MARA.handle }, displayName: MARA.name, patch: { tags: ['VIP', 'damaged', 'beta'] } });
    await send(admin, 'interactions.logIncoming', {
      ref: { handle: MARA.handle },
      displayName: MARA.name,
      tweetId: '1896210000104857700',
      text: 'Still no refund',
      tweetedAt: Date.now() - 2 * DAY - 60_000,
      openCase: true,
    });
    const page = await openX(session.context, `https://x.com/${MARA.handle}`);
    const badge = badgeOf(page, MARA.handle);
    await expect.poll(() => badge.textContent()).toBe('VIP damaged · 1 · 2d · waiting 2d');
    expect(await badge.getAttribute('data-waiting')).toBe('true');
    expect(await badge.getAttribute('aria-label')).toContain('waiting for our answer for 2d');
  });
});

describe('customer card', () => {
  it('edits status, tags and fields in place; reload and another tab see them', async () => {
    const page = await openX(session.context, `https://x.com${MARA_STATUS}`);
    const errors = collectPageErrors(page);
    // Not a customer yet: the card opens from the note prompt on her tweet.
    const card = await openCard(page, MARA.handle);
    await card.getByLabel('Case', { exact: true }).selectOption('waiting_them');
    await card.getByPlaceholder('Add a tag').fill('refund');
    await card.getByPlaceholder('Add a tag').press('Enter');
    await card.getByRole('button', { name: '+ Add field' }).click();
    await card.getByLabel('Field name').fill('order_id');
    await card.getByLabel('Value of order_id').fill('NW-48213');
    await card.getByLabel('Value of order_id').blur();
    await expect.poll(async () => (await getCustomer(MARA.handle))?.fields).toEqual({ order_id: 'NW-48213' });
    const saved = (await getCustomer(MARA.handle))!;
    expect(saved).toMatchObject({ status: 'waiting_them', tags: ['refund'] });

    const other = await openX(session.context, `https://twitter.com${MARA_STATUS}`);
    await expect.poll(() => badgeOf(other, MARA.handle).textContent()).toBe('refund');
    await page.reload();
    await page.waitForSelector(BADGE);
    await badgeOf(page, MARA.handle).click();
    await expect.poll(() => card.getByLabel('Value of order_id').inputValue()).toBe('NW-48213');
    expect(await card.getByLabel('Case', { exact: true }).inputValue()).toBe('waiting_them');
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('opens the card of the tweet X has focused with Alt+Shift+H, stranger or customer', async () => {
    const page = await openX(session.context, 'https://x.com/home');
    const [first, second] = await authorHandles(page);
    // X's j/k move the focus between tweets (each article is focusable).
    await tweetBy(page, second!).focus();
    await page.keyboard.press('Alt+Shift+H');
    const card = page.getByRole('dialog', { name: `Handlebook card for @${second}` });
    await card.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);

    await send(admin, 'notes.add', { ref: { handle: first! }, displayName: first!, text: 'known' });
    await expect.poll(() => badgeOf(page, first!).count()).toBe(1);
    await tweetBy(page, first!).focus();
    await page.keyboard.press('Alt+Shift+H');
    await expect.poll(() => page.getByRole('dialog', { name: `Handlebook card for @${first}` }).textContent()).toContain('known');
  });

  it('logs a tweet from its card, opening a case that waits on us', async () => {
    const focused = replicaData.FOCUSED_TWEET;
    const page = await openX(session.context, `https://x.com/${focused.handle}/status/${focused.id}`);
    const card = await openCard(page, focused.handle);
    await card.getByRole('button', { name: 'Log this tweet' }).click();
    await expect.poll(() => card.getByRole('list', { name: 'Interactions, newest first' }).textContent()).toContain('NW-48213');
    await expect.poll(() => badgeOf(page, focused.handle).getAttribute('data-waiting')).toBe('true');
    // Logging the same tweet again records nothing new.
    await card.getByRole('button', { name: /Log/ }).click();
    const customer = (await getCustomer(focused.handle))!;
    const { interactions } = await send<{ interactions: unknown[] }>(admin, 'interactions.list', { customerKey: customer.key });
    expect(interactions).toHaveLength(1);
    expect(customer.status).toBe('waiting_us');
  });
});
