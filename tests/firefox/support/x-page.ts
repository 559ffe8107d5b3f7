// What the Firefox tests do on a replica x.com page: the same contract the Chromium suite reads
// (tests/e2e/support/x-page.ts: data-handlebook nodes, X's data-testids, the card's labels),
// through Puppeteer. The card lives in our shadow root: `>>>` pierces it.
import { expect } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { BADGE, TWEET } from '../../e2e/support/x-page';

export { BADGE, TWEET };
const PANEL = '[data-handlebook="panel"]';
const AUTHOR_LINK = '[data-testid="User-Name"] a[href^="/"]';

export const cardSelector = (handle: string) => `${PANEL} >>> [role="dialog"][aria-label="Handlebook card for @${handle}"]`;

/** The author handle of every tweet on the page, in order (read from X's author row). */
export async function authorHandles(page: Page): Promise<string[]> {
  await page.waitForSelector(TWEET);
  return page.$$eval(TWEET, (articles, link) => articles.map((a) => (a.querySelector(link)?.getAttribute('href') ?? '').slice(1)), AUTHOR_LINK);
}

/** For each tweet: its author and how many of our badges are its own (not a quoted tweet's). */
function badgeRows(page: Page): Promise<{ author: string; badges: number }[]> {
  return page.$$eval(
    TWEET,
    (articles, link, badge) =>
      articles.map((a) => ({
        author: (a.querySelector(link)?.getAttribute('href') ?? '').slice(1).toLowerCase(),
        badges: [...a.querySelectorAll(badge)].filter((b) => b.closest('article') === a).length,
      })),
    AUTHOR_LINK,
    BADGE,
  );
}

/** Every tweet by one of `customers` has exactly one badge, every other tweet none. Returns the tweet count. */
export async function expectBadgesOnCustomers(page: Page, customers: readonly string[]): Promise<number> {
  const known = customers.map((h) => h.toLowerCase());
  let tweets = 0;
  await expect
    .poll(() => badgeRows(page), { timeout: 10_000 })
    .toSatisfy((rows: { author: string; badges: number }[]) => {
      tweets = rows.length;
      return rows.length > 0 && rows.every((r) => r.badges === (known.includes(r.author) ? 1 : 0));
    });
  return tweets;
}

/** The text of the first badge for `handle`, or null while there is none. */
export function badgeText(page: Page, handle: string): Promise<string | null> {
  return page.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, `${BADGE}[data-handle="${handle}"]`);
}

/** The badge's full description (its aria-label), or null while there is none. */
export function badgeDescription(page: Page, handle: string): Promise<string | null> {
  return page.evaluate((sel) => document.querySelector(sel)?.getAttribute('aria-label') ?? null, `${BADGE}[data-handle="${handle}"]`);
}

/** Opens the card for `handle` (a customer: from its badge) and returns the dialog. */
export async function openCardFromBadge(page: Page, handle: string): Promise<ElementHandle<Element>> {
  const badge = await page.waitForSelector(`${BADGE}[data-handle="${handle}"]`, { timeout: 10_000 });
  await badge!.click();
  return (await page.waitForSelector(cardSelector(handle), { timeout: 10_000 }))!;
}

/** Closes the open card with its × button (Escape works only while focus is inside it). */
export async function closeCard(page: Page, handle: string): Promise<void> {
  await (await page.waitForSelector(`${cardSelector(handle)} button[aria-label="Close Handlebook card"]`))!.click();
  await page.waitForFunction((sel) => !document.querySelector('[data-handlebook="panel"]')?.shadowRoot?.querySelector(sel), {}, cardSelector(handle).split(' >>> ')[1]!);
}

/** The saved notes shown in an open card, newest first (each is an editable textarea). */
export function cardNotes(card: ElementHandle<Element>): Promise<string[]> {
  return card.$$eval('ol[aria-label="Notes, newest first"] textarea', (areas) => areas.map((a) => (a as HTMLTextAreaElement).value));
}

/** Types a note into an open card's "New note" field and saves it with the button. */
export async function addNoteInCard(page: Page, card: ElementHandle<Element>, text: string): Promise<void> {
  const field = await card.$('.hb-notes > textarea');
  if (!field) throw new Error('The card has no "New note" field');
  await field.click();
  await page.keyboard.type(text);
  const save = await card.$('.hb-notes > button.hb-primary');
  expect(await save!.evaluate((b) => b.textContent)).toBe('Save note');
  await save!.click();
  await expect.poll(() => cardNotes(card)).toContain(text);
}
