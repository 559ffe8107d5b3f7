import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';

export const BADGE = '[data-handlebook="badge"]';
export const NOTE_PROMPT = '[data-handlebook="note-prompt"]';
export const TWEET = 'article[data-testid="tweet"]';
/** Our stylesheet: the content script put it into the page when it started. */
const STARTED = 'style[data-handlebook="styles"]';

/**
 * Opens an x.com URL in a new tab (served by the replica routes) and waits until the content
 * script runs; with `waitForBadges`, until a customer's badge is shown too.
 */
export async function openX(context: BrowserContext, url: string, options: { waitForBadges?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(STARTED, { state: 'attached', timeout: 15_000 });
  if (options.waitForBadges) await page.waitForSelector(BADGE, { timeout: 15_000 });
  return page;
}

/** The author handle of every tweet on the page, in order (read from X's author row). */
export async function authorHandles(page: Page): Promise<string[]> {
  await page.waitForSelector(TWEET);
  return page.locator(TWEET).evaluateAll((articles) =>
    articles.map((a) => {
      const link = a.querySelector('[data-testid="User-Name"] a[href^="/"]');
      return (link?.getAttribute('href') ?? '').slice(1);
    }),
  );
}

/**
 * Every tweet by one of `customers` has exactly one badge of its own, every other tweet none.
 * Returns how many tweets are on the page.
 */
export async function expectBadgesOnCustomers(page: Page, customers: readonly string[]): Promise<number> {
  const known = customers.map((h) => h.toLowerCase());
  let tweets = 0;
  await expect
    .poll(
      async () =>
        page.evaluate(
          ([tweetSel, badgeSel]) =>
            [...document.querySelectorAll(tweetSel!)].map((a) => ({
              author: (a.querySelector('[data-testid="User-Name"] a[href^="/"]')?.getAttribute('href') ?? '').slice(1).toLowerCase(),
              badges: [...a.querySelectorAll(badgeSel!)].filter((b) => b.closest('article') === a).length,
            })),
          [TWEET, BADGE],
        ),
      { timeout: 5_000 },
    )
    .toSatisfy((rows: { author: string; badges: number }[]) => {
      tweets = rows.length;
      return rows.length > 0 && rows.every((r) => r.badges === (known.includes(r.author) ? 1 : 0));
    });
  return tweets;
}

/** The badge beside the first tweet by `handle` (a customer). */
export function badgeOf(page: Page, handle: string) {
  return page.locator(`${BADGE}[data-handle="${handle}"]`).first();
}

/** The first tweet by `handle`. */
export function tweetBy(page: Page, handle: string) {
  return page.locator(TWEET).filter({ has: page.locator(`[data-testid="User-Name"] a[href="/${handle}"]`) }).first();
}

/** Hovers the first tweet by `handle` and returns the "+ note" prompt shown on it. */
export async function notePromptOn(page: Page, handle: string, options: { timeout?: number } = {}) {
  await tweetBy(page, handle).locator('[data-testid="User-Name"]').first().hover(options);
  const prompt = tweetBy(page, handle).locator(NOTE_PROMPT);
  await prompt.waitFor(options);
  return prompt;
}

/** Opens the customer card for `handle`: from its badge, or from the note prompt of a stranger. */
export async function openCard(page: Page, handle: string, options: { timeout?: number } = {}) {
  if (await badgeOf(page, handle).count()) await badgeOf(page, handle).click(options);
  else await (await notePromptOn(page, handle, options)).click(options);
  const card = page.getByRole('dialog', { name: `Handlebook card for @${handle}` });
  await card.waitFor(options);
  return card;
}

/** Opens the card, writes a note, and waits until it is saved. */
export async function writeNote(page: Page, handle: string, text: string): Promise<void> {
  const card = await openCard(page, handle);
  await card.getByLabel('New note').fill(text);
  await card.getByRole('button', { name: 'Save note' }).click();
  await expect.poll(() => card.getByRole('list', { name: 'Notes, newest first' }).locator('textarea').first().inputValue()).toBe(text);
}
