import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { REPLICA_URLS, replicaData } from '../e2e/support/replica-x';
import { launchFirefox, send, type FirefoxSession } from './support/firefox';
import { addNoteInCard, authorHandles, badgeDescription, badgeText, cardNotes, expectBadgesOnCustomers, openCardFromBadge } from './support/x-page';

// The desk in real Firefox ESR with the built add-on: badges, the card, the dashboard, on
// replica x.com pages answered by request interception (no network).

let session: FirefoxSession;
let admin: Page;

beforeEach(async () => {
  session = await launchFirefox();
  admin = await session.openExtensionPage('dashboard.html');
});
afterEach(async () => {
  await session?.close();
  // Nothing but x.com (the replica) and the add-on itself was asked for.
  expect(session.blocked).toEqual([]);
});

describe('badges in Firefox', () => {
  it('badges every tweet by a seeded customer on the home timeline, and no other', async () => {
    const page = await session.openX(REPLICA_URLS.home);
    const [first, , third] = await authorHandles(page);
    expect(await expectBadgesOnCustomers(page, [])).toBeGreaterThanOrEqual(20);
    await send(admin, 'customers.update', { ref: { handle: first! }, displayName: first!, patch: { tags: ['vip'] } });
    await send(admin, 'notes.add', { ref: { handle: third! }, displayName: third!, text: 'Asked about the refund' });
    // The background pushes the change to the open tab: no reload needed.
    await expectBadgesOnCustomers(page, [first!, third!]);
    expect(await badgeText(page, first!)).toBe('vip');
    expect(await badgeText(page, third!)).toBe('1 note');

    // A fresh tab reads them from the book when it starts.
    const other = await session.openX(REPLICA_URLS.home, { waitForBadges: true });
    await expectBadgesOnCustomers(other, [first!, third!]);
  });
});

describe('customer card in Firefox', () => {
  it('writes a note in the card and shows it again after a reload', async () => {
    const mara = replicaData.FOCUSED_TWEET.handle;
    await send(admin, 'customers.update', { ref: { handle: mara }, displayName: 'Mara Okafor', patch: { tags: ['refund'] } });
    const page = await session.openX(REPLICA_URLS.status, { waitForBadges: true });
    const card = await openCardFromBadge(page, mara);
    await addNoteInCard(page, card, 'Replacement bag shipped on Monday');
    // The tag stays the badge's text; the note count joins its description.
    await expect.poll(() => badgeDescription(page, mara)).toContain('1 note');
    expect(await badgeText(page, mara)).toBe('refund');

    await page.reload();
    await page.waitForSelector('style[data-handlebook="styles"]');
    const again = await openCardFromBadge(page, mara);
    await expect.poll(() => cardNotes(again)).toEqual(['Replacement bag shipped on Monday']);
    const { customer } = await send<{ customer: { notes: { text: string }[] } }>(admin, 'customers.get', { ref: { handle: mara } });
    expect(customer.notes.map((n) => n.text)).toEqual(['Replacement bag shipped on Monday']);
  });
});

describe('composer bar in Firefox', () => {
  const BOX = '[data-testid="tweetTextarea_0"]';
  const BAR = '[data-handlebook="composer"][data-box-index="0"]';
  const weighted = (page: Page) => page.$eval(BAR, (bar) => bar.getAttribute('data-weighted-length'));
  const draftText = (page: Page) => page.evaluate(() => (window as unknown as { __replica: { composerText(i: number): string } }).__replica.composerText(0));

  it('keeps the weighted length of the replica reply box on every keystroke', async () => {
    const page = await session.openX(REPLICA_URLS.status);
    await page.waitForSelector(BAR);
    await page.click(BOX);
    await page.keyboard.type('Hello ');
    await expect.poll(() => weighted(page)).toBe('6');
    // A URL weighs 23 whatever its length; CJK characters weigh 2 each.
    await page.keyboard.type('https://northwind.com/a/very/long/path/that/is/long ');
    await expect.poll(() => weighted(page)).toBe(String(6 + 23 + 1));
    await page.keyboard.type('東京');
    await expect.poll(() => weighted(page)).toBe(String(30 + 4));
    await expect.poll(() => page.$eval(`${BAR} .hb-meter`, (m) => m.textContent)).toBe('34 / 280');
    // What the bar counted is what X's own editor state holds.
    expect(await draftText(page)).toBe('Hello https://northwind.com/a/very/long/path/that/is/long 東京');
  });

  it("expands a ;shortcut in place with the customer's first name, and X's editor state holds it", async () => {
    await send(admin, 'templates.save', { draft: { title: 'Thanks', body: 'Thanks {{first_name}}, we are on it!', shortcut: 'thx', tags: [] } });
    const page = await session.openX(REPLICA_URLS.status);
    await page.waitForSelector(BAR);
    await page.click(BOX);
    await page.keyboard.type('Hi! ;thx');
    await expect.poll(() => draftText(page)).toBe('Hi! Thanks Mara, we are on it!');
    // X enables its Reply button only when Draft's own state has text.
    expect(await page.$eval('button[data-testid="tweetButtonInline"]', (b) => (b as HTMLButtonElement).disabled)).toBe(false);
  });
});

describe('send guard and history in Firefox', () => {
  it('holds a reply with an email address until confirmed, then logs it against the customer', async () => {
    const page = await session.openX(REPLICA_URLS.status);
    await page.waitForSelector('[data-handlebook="composer"]');
    await page.click('[data-testid="tweetTextarea_0"]');
    await page.keyboard.type('Write to mara.okafor@example.com please');
    const sent = () => page.evaluate(() => (window as unknown as { __replica: { sent: { texts: string[] }[] } }).__replica.sent);
    await page.click('button[data-testid="tweetButtonInline"]');
    const guard = await page.waitForSelector('[data-handlebook="panel"] >>> [role="alertdialog"][aria-label="Check before sending"]', { timeout: 10_000 });
    expect(await guard!.evaluate((g) => g.textContent)).toContain('Personal data in a public reply');
    expect(await sent()).toEqual([]);
    await (await guard!.$('button::-p-text(Send anyway)'))!.click();
    await expect.poll(async () => (await sent()).map((s) => s.texts)).toEqual([['Write to mara.okafor@example.com please']]);

    const mara = replicaData.FOCUSED_TWEET;
    const customer = async () => (await send<{ customer: { key: string; interactionCount: number } | null }>(admin, 'customers.get', { ref: { handle: mara.handle } })).customer;
    await expect.poll(async () => (await customer())?.interactionCount).toBe(1);
    const { interactions } = await send<{ interactions: { direction: string; inReplyToId: string; text: string }[] }>(admin, 'interactions.list', { customerKey: (await customer())!.key });
    expect(interactions).toMatchObject([{ direction: 'out', inReplyToId: mara.id, text: 'Write to mara.okafor@example.com please' }]);
  });
});

describe('dashboard in Firefox', () => {
  it('lists the customers in the book with their tags and latest note', async () => {
    await send(admin, 'customers.update', { ref: { handle: 'ann_lee' }, displayName: 'Ann Lee', patch: { tags: ['vip'], status: 'open' } });
    await send(admin, 'notes.add', { ref: { handle: 'ann_lee' }, displayName: 'Ann Lee', text: 'Promised a refund on order #1042' });
    await send(admin, 'notes.add', { ref: { handle: 'bob_stone' }, displayName: 'Bob Stone', text: 'Beta tester' });
    const rows = () => admin.$$eval('tr[data-customer]', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.customer).sort());
    // The open dashboard follows the book live.
    await expect.poll(rows, { timeout: 10_000 }).toEqual(['ann_lee', 'bob_stone']);
    await expect.poll(() => admin.$eval('#root .hb-count', (c) => c.textContent)).toBe('2 customers');
    const ann = await admin.$eval('tr[data-customer="ann_lee"]', (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(ann[1]).toContain('@ann_lee');
    expect(ann[2]).toContain('vip');
    expect(ann[7]).toBe('Promised a refund on order #1042');

    // And a dashboard opened afterwards reads them from the book.
    const fresh = await session.openExtensionPage('dashboard.html');
    await expect.poll(() => fresh.$$eval('tr[data-customer]', (trs) => trs.length), { timeout: 10_000 }).toBe(2);
  });
});
