import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, replicaData, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';

// The composer bar on the replica reply box, built with the real draft-js like X's: the Reply
// button enables only when Draft's own state holds text, so every insertion below is proved to
// reach X's state, not just the DOM.

const FOCUSED = replicaData.FOCUSED_TWEET;
const STATUS_URL = `https://x.com/${FOCUSED.handle}/status/${FOCUSED.id}`;
const BOX = '[data-testid="tweetTextarea_0"]';
const BAR = '[data-handlebook="composer"][data-box-index="0"]';
const SEND = 'button[data-testid="tweetButtonInline"]';

let session: ExtensionSession;
let admin: Page;

beforeEach(async () => {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
  admin = await session.openExtensionPage('dashboard.html');
});
afterEach(async () => {
  await session?.close();
});

async function template(fields: { title: string; body: string; shortcut?: string; tags?: string[] }) {
  return (await send<{ template: { id: string } }>(admin, 'templates.save', { draft: { tags: [], ...fields } })).template;
}

async function openStatus(): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(STATUS_URL);
  await page.waitForSelector(BAR);
  return page;
}

const draftText = (page: Page, index = 0) => page.evaluate((i) => window.__replica.composerText(i), index);
const weighted = (page: Page) => page.locator(BAR).getAttribute('data-weighted-length');
const sent = (page: Page) => page.evaluate(() => window.__replica.sent);

describe('composer bar', () => {
  it('keeps the exact weighted length on every keystroke', async () => {
    const page = await openStatus();
    await page.click(BOX);
    await page.keyboard.type('Hello ');
    await expect.poll(() => weighted(page)).toBe('6');
    await page.keyboard.type('https://northwind.com/a/very/long/path/that/is/long ');
    await expect.poll(() => weighted(page)).toBe(String(6 + 23 + 1));
    await page.keyboard.type('東京');
    await expect.poll(() => weighted(page)).toBe(String(30 + 4));
    await expect.poll(() => page.locator(`${BAR} .hb-meter`).textContent()).toBe('34 / 280');
  });

  it('expands a ;shortcut in place, with the customer\'s first name, and X\'s state sees it', async () => {
    await template({ title: 'Thanks', body: 'Thanks {{first_name}}, we are on it!', shortcut: 'thx' });
    const page = await openStatus();
    const errors = collectPageErrors(page);
    await page.click(BOX);
    await page.keyboard.type('Hi! ;thx');
    await expect.poll(() => draftText(page)).toBe('Hi! Thanks Mara, we are on it!');
    expect(await page.locator(SEND).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('inserts from the picker with fields filled from the customer, multi-paragraph text intact', async () => {
    await send(admin, 'customers.update', {
      ref: { handle: FOCUSED.handle },
      displayName: 'Mara Okafor',
      patch: { fields: { order_id: 'NW-48213' } },
    });
    await template({ title: 'Refund on its way', body: 'Hi {{first_name}},\n\nthe refund for {{field.order_id}} is on its way.\n\n{{agent|The team}}', tags: ['refund'] });
    await template({ title: 'Unrelated greeting', body: 'Good morning!' });
    const page = await openStatus();
    await page.click(BOX);
    await page.click(`${BAR} button[aria-label="Insert a canned reply"]`);
    const picker = page.getByRole('dialog', { name: 'Canned replies' });
    await picker.getByLabel('Search canned replies').fill('refund');
    await expect.poll(() => picker.getByLabel('Preview').textContent()).toContain('NW-48213');
    await picker.getByLabel('Search canned replies').press('Enter');
    await expect.poll(() => draftText(page)).toBe('Hi Mara,\n\nthe refund for NW-48213 is on its way.\n\nThe team');
    expect(await page.locator(SEND).isEnabled()).toBe(true);
  });

  it('asks for fill-ins before inserting', async () => {
    await template({ title: 'Order lookup', body: 'Thanks! I found order {{?order number}}.', shortcut: 'order' });
    const page = await openStatus();
    await page.click(BOX);
    await page.keyboard.type(';order');
    const picker = page.getByRole('dialog', { name: 'Canned replies' });
    await picker.getByLabel('order number').fill('A-77');
    await picker.getByLabel('order number').press('Enter');
    await expect.poll(() => draftText(page)).toBe('Thanks! I found order A-77.');
  });

  it('splits an over-long reply into a numbered thread and fills two boxes', async () => {
    const page = await openStatus();
    await page.click(BOX);
    const long = `${'We are sorry about the damaged bag. '.repeat(6)}A replacement ships today. ${'Thanks for your patience with us. '.repeat(3)}`;
    await page.keyboard.insertText(long.trim());
    await expect.poll(() => page.locator(`${BAR}[data-over="true"]`).count()).toBe(1);
    await page.click(`${BAR} button[aria-label="Split into a thread"]`);
    await page.getByRole('dialog', { name: 'Split into a thread' }).getByRole('button', { name: 'Fill thread boxes' }).click();
    await expect.poll(() => page.evaluate(() => window.__replica.composerBoxes())).toBe(2);
    // The second box fills after X added it: wait for Draft's own state to hold its part.
    await expect.poll(() => draftText(page, 1)).toMatch(/ 2\/2$/);
    const first = await draftText(page, 0);
    const second = await draftText(page, 1);
    expect(first).toMatch(/ 1\/2$/);
    expect(second).toMatch(/ 2\/2$/);
    expect(`${first!.replace(/ 1\/2$/, '')} ${second!.replace(/ 2\/2$/, '')}`.replace(/\s+/g, ' ')).toBe(long.trim().replace(/\s+/g, ' '));
    // The bar re-measures on the next frame after Draft re-rendered each box.
    for (const i of [0, 1]) {
      await expect
        .poll(async () => Number(await page.locator(`[data-handlebook="composer"][data-box-index="${i}"]`).getAttribute('data-weighted-length')))
        .toBeLessThanOrEqual(280);
    }
  });
});

describe('send guards', () => {
  for (const [name, text, expected] of [
    ['a card number', 'Your card 4111 1111 1111 1111 was charged', 'Personal data in a public reply'],
    ['an email address', 'Write to mara.okafor@example.com please', 'Personal data in a public reply'],
    ['an unfilled placeholder', 'Hi {{first_name}}, thanks!', 'Unfilled placeholder'],
    ['too much text', 'x'.repeat(300), 'Too long'],
  ] as const) {
    it(`stops ${name} and sends only after confirmation`, async () => {
      const page = await openStatus();
      await page.click(BOX);
      await page.keyboard.insertText(text);
      await page.click(SEND);
      const guard = page.getByRole('alertdialog', { name: 'Check before sending' });
      await expect.poll(() => guard.textContent()).toContain(expected);
      expect(await sent(page)).toEqual([]);
      await guard.getByRole('button', { name: 'Go back and edit' }).click();
      expect(await sent(page)).toEqual([]);
      expect(await draftText(page)).toBe(text);

      await page.keyboard.press('Control+Enter');
      await guard.getByRole('button', { name: 'Send anyway' }).click();
      await expect.poll(async () => (await sent(page)).length).toBe(1);
      expect((await sent(page))[0]!.texts).toEqual([text]);
    });
  }

  it('lets a clean reply straight through', async () => {
    const page = await openStatus();
    await page.click(BOX);
    await page.keyboard.type('Sorry about that! A replacement ships today.');
    await page.click(SEND);
    await expect.poll(async () => (await sent(page)).length).toBe(1);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  });
});

describe('history captured for you', () => {
  it('logs the sent reply once, against the customer replied to, with the canned reply used', async () => {
    const used = await template({ title: 'Replacement', body: 'So sorry {{first_name}}! A replacement ships today.', shortcut: 'replace' });
    const page = await openStatus();
    await page.click(BOX);
    await page.keyboard.type(';replace');
    await expect.poll(() => draftText(page)).toBe('So sorry Mara! A replacement ships today.');
    await page.click(SEND);
    await expect.poll(async () => (await sent(page)).length).toBe(1);

    await expect
      .poll(async () => (await send<{ customer: { interactionCount: number } | null }>(admin, 'customers.get', { ref: { handle: FOCUSED.handle } })).customer?.interactionCount)
      .toBe(1);
    const { customer } = await send<{ customer: { key: string } }>(admin, 'customers.get', { ref: { handle: FOCUSED.handle } });
    const { interactions } = await send<{ interactions: { direction: string; text: string; inReplyToId: string; templateId: string }[] }>(
      admin,
      'interactions.list',
      { customerKey: customer.key },
    );
    expect(interactions).toHaveLength(1);
    expect(interactions[0]).toMatchObject({
      direction: 'out',
      text: 'So sorry Mara! A replacement ships today.',
      inReplyToId: FOCUSED.id,
      templateId: used.id,
    });
    const { templates } = await send<{ templates: { id: string; usageCount: number }[] }>(admin, 'templates.list', {});
    expect(templates.find((t) => t.id === used.id)!.usageCount).toBe(1);
  });
});
