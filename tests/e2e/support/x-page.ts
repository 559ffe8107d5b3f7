import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';

export const BADGE = '[data-handlebook="badge"]';
export const TWEET = 'article[data-testid="tweet"]';

/** Opens an x.com URL in a new tab (served by the replica routes) and waits for our badges. */
export async function openX(context: BrowserContext, url: string, options: { waitForBadges?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  if (options.waitForBadges ?? true) await page.waitForSelector(BADGE, { timeout: 15_000 });
  return page;
}

/** Every tweet article has exactly one badge of its own. */
export async function expectOneBadgePerTweet(page: Page): Promise<number> {
  let tweets = 0;
  await expect
    .poll(
      async () =>
        page.evaluate(
          ([tweetSel, badgeSel]) => {
            const articles = [...document.querySelectorAll(tweetSel!)];
            return articles.map((a) => [...a.querySelectorAll(badgeSel!)].filter((b) => b.closest('article') === a).length);
          },
          [TWEET, BADGE],
        ),
      { timeout: 5_000 },
    )
    .toSatisfy((counts: number[]) => {
      tweets = counts.length;
      return counts.length > 0 && counts.every((c) => c === 1);
    });
  return tweets;
}

/** The badge beside the first tweet by `handle`. */
export function badgeOf(page: Page, handle: string) {
  return page.locator(`${BADGE}[data-handle="${handle}"]`).first();
}

/** Opens the card from a badge, writes a note, and waits until it is saved. */
export async function writeNote(page: Page, handle: string, text: string): Promise<void> {
  await badgeOf(page, handle).click();
  const card = page.getByRole('dialog', { name: `Handlebook card for @${handle}` });
  await card.getByLabel('New note').fill(text);
  await card.getByRole('button', { name: 'Save note' }).click();
  await expect.poll(() => card.getByRole('list', { name: 'Notes, newest first' }).locator('textarea').first().inputValue()).toBe(text);
}
