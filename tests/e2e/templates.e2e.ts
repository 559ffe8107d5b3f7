import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork } from './support/replica-x';
import { send } from './support/seed';

// The template editor in the real extension: create, edit, duplicate, delete; live placeholder
// errors that keep Save disabled (and a background that refuses them anyway); the length as X
// counts it; usage statistics; search and folder filter; hostile text rendered as text.

let session: ExtensionSession;
let page: Page;
let errors: Error[];

beforeEach(async () => {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  page = await session.openExtensionPage('dashboard.html#templates');
  errors = collectPageErrors(page);
  await page.getByRole('heading', { name: 'Canned replies' }).waitFor();
});
afterEach(async () => {
  await session?.close();
});

interface Stored {
  id: string;
  title: string;
  body: string;
  shortcut?: string;
  folder?: string;
  tags: string[];
  lang?: string;
  usageCount: number;
  lastUsedAt?: number;
}

async function stored(): Promise<Stored[]> {
  const { templates } = await send<{ templates: Stored[] }>(page, 'templates.list', {});
  return templates.sort((a, b) => a.title.localeCompare(b.title));
}

const list = () => page.getByRole('list', { name: 'Canned replies' });
const editor = () => page.getByRole('form', { name: /reply/i });
const save = () => editor().getByRole('button', { name: 'Save' });

describe('template editor', () => {
  it('creates a reply with every field, shows live placeholder errors and keeps Save disabled until they are fixed', async () => {
    await page.getByRole('button', { name: 'New reply' }).click();
    await editor().getByLabel('Title').fill('Order delayed');
    const body = editor().getByLabel('Reply text');
    await body.fill('Hi {{frist_name}},\nyour order {{field.order_id}} is late {{?reason');
    const problems = editor().getByRole('list', { name: 'Placeholder problems' });
    await expect.poll(() => problems.locator('li').allTextContents()).toEqual(['Line 1: Unknown variable "frist_name"', 'Line 2: This {{ is never closed with }}']);
    expect(await save().isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/hb-templates-errors.png', fullPage: true });

    await body.fill('Hi {{first_name}},\nyour order {{field.order_id}} is late. ');
    await expect.poll(() => problems.count()).toBe(0);
    // The placeholder list inserts at the caret.
    await body.press('End');
    await editor().getByText('Placeholders', { exact: true }).click();
    await editor().getByRole('list', { name: 'Placeholders' }).getByRole('button', { name: '{{agent}}' }).click();
    await expect.poll(() => body.inputValue()).toBe('Hi {{first_name}},\nyour order {{field.order_id}} is late. {{agent}}');
    // Length as X counts it (placeholders as written).
    expect(await editor().getByLabel('Length as X counts it').textContent()).toBe('67 / 280');
    await editor().getByLabel('Shortcut').fill(';late');
    await editor().getByLabel('Folder').fill('Shipping');
    await editor().getByLabel('Tags').fill('shipping, delay, shipping');
    await editor().getByLabel('Language').fill('en');
    expect(await save().isEnabled()).toBe(true);
    await save().click();
    await expect.poll(async () => (await stored()).length).toBe(1);
    expect((await stored())[0]).toMatchObject({
      title: 'Order delayed',
      body: 'Hi {{first_name}},\nyour order {{field.order_id}} is late. {{agent}}',
      shortcut: 'late',
      folder: 'Shipping',
      tags: ['shipping', 'delay'],
      lang: 'en',
      usageCount: 0,
    });
    await expect.poll(() => list().getByRole('button', { name: /Order delayed/ }).textContent()).toContain(';late');
    expect(errors).toEqual([]);
  });

  it('the background refuses a body with placeholder errors even without the editor', async () => {
    const reply = await page.evaluate(() =>
      (globalThis as any).chrome.runtime.sendMessage({ handlebook: 1, type: 'templates.save', payload: { draft: { title: 'x', body: 'Hi {{nmae}}', tags: [] } } }),
    );
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('Unknown variable "nmae"') } });
    expect(await stored()).toEqual([]);
  });

  it('edits, duplicates and deletes; shows usage and last use; search and folder filter', async () => {
    const { template } = await send<{ template: Stored }>(page, 'templates.save', {
      draft: { title: 'Refund sent', body: 'Your refund is on its way, {{first_name}}.', shortcut: 'refund', folder: 'Billing', tags: ['refund'] },
    });
    await send(page, 'templates.save', { draft: { title: 'Hello', body: 'Hello!', folder: 'General', tags: [] } });
    await send(page, 'templates.save', { draft: { title: 'Loose', body: 'No folder here', tags: [] } });
    // Used twice from the composer.
    for (const text of ['Your refund is on its way, Mara.', 'Your refund is on its way, Joe.']) {
      await send(page, 'interactions.logOutgoing', { ref: { handle: 'mara' }, displayName: 'Mara', inReplyToText: 'refund?', text, templateId: template.id });
    }
    await page.reload();
    await list().getByRole('button', { name: /Refund sent/ }).click();
    const usage = editor().getByLabel('Usage');
    await expect.poll(() => usage.textContent()).toMatch(/^Used 2 timesLast used: .+\d{4}Updated: /);
    expect(await list().getByRole('button', { name: /Refund sent/ }).textContent()).toContain('used 2 times');

    // Edit.
    await editor().getByLabel('Title').fill('Refund issued');
    await save().click();
    await expect.poll(async () => (await stored()).map((t) => t.title)).toEqual(['Hello', 'Loose', 'Refund issued']);
    expect((await stored()).find((t) => t.title === 'Refund issued')).toMatchObject({ id: template.id, usageCount: 2 });

    // Duplicate: a copy without the shortcut, selected in the editor.
    await editor().getByRole('button', { name: 'Duplicate' }).click();
    await expect.poll(() => editor().getByLabel('Title').inputValue()).toBe('Refund issued (copy)');
    const copy = (await stored()).find((t) => t.title === 'Refund issued (copy)')!;
    expect(copy).toMatchObject({ body: 'Your refund is on its way, {{first_name}}.', folder: 'Billing', usageCount: 0 });
    expect(copy.shortcut).toBeUndefined();

    // Search and folder filter.
    await page.getByLabel('Search replies').fill('refund');
    await expect.poll(() => list().getByRole('button').allTextContents()).toHaveLength(2);
    await page.getByLabel('Search replies').fill('');
    await page.getByLabel('Folder filter').selectOption('General');
    await expect.poll(() => list().getByRole('button').count()).toBe(1);
    await page.getByLabel('Folder filter').selectOption({ label: 'No folder' });
    await expect.poll(() => list().getByRole('button').allTextContents()).toEqual([expect.stringContaining('Loose')]);
    await page.getByLabel('Folder filter').selectOption({ label: 'All folders' });

    // Delete asks first.
    await list().getByRole('button', { name: /Refund issued \(copy\)/ }).click();
    await editor().getByRole('button', { name: 'Delete' }).click();
    await editor().getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(async () => (await stored()).map((t) => t.title)).toEqual(['Hello', 'Loose', 'Refund issued']);
    expect(errors).toEqual([]);
  });

  it('renders hostile and long text as text without breaking the layout', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await send(page, 'templates.save', { draft: { title: `${evil} ‮gnol‬ ${'W'.repeat(300)}`.slice(0, 200), body: `${evil}\n${'x'.repeat(5000)}`, folder: 'F'.repeat(100), tags: [] } });
    await list().getByRole('button').first().click();
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    // Nothing overflows the window horizontally.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: '/tmp/hb-templates-hostile.png', fullPage: true });
  });
});
