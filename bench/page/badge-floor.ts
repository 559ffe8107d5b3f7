// Bundled and evaluated in the replica timeline page's main world, with NO extension
// (bench/timeline.ts badgeFloor): what the least possible badge costs X's page, whoever adds it.
// A badge can only come after X has laid the tweet out (its author is read from the rendered
// tweet, its text from a lookup), so adding one makes Chromium lay the tweet out again. Here the
// badge is a bare <span> with its text and no style, added by the page itself: in the author
// row (where Handlebook puts its badge), or out of the flow (absolutely positioned in the
// tweet, which spares the row's flex layout). Only style and layout are timed, not paint, so
// these are lower bounds of what any badge costs.

import { SELECTORS } from '../../lib/x/selectors';
import { tweetAuthor } from '../../lib/x/tweet';
import type { StreamItem } from './stream-driver';

export interface BadgeFloor {
  /** Customer tweets measured (the stream's recycled cells by cust_N authors). */
  tweets: number;
  /** Style + layout forced after appending the span to the author row, minus the same forced layout without it, µs. */
  usInline: number;
  /** The same for an absolutely positioned span in the tweet, µs. */
  usOutOfFlow: number;
  /** Share of the stream's tweets that are by customers (the ones that get a badge). */
  customerShare: number;
}

type Mode = 'none' | 'inline' | 'outOfFlow';
const CUSTOMER = /^cust_/;
/** Tweets badged per layout pass: the stream brings 20 tweets a frame, 35 % by customers. */
const BATCH = 7;

function addSpan(article: Element, mode: Mode): void {
  if (mode === 'none') return;
  const span = document.createElement('span');
  span.textContent = 'vip · 4 · 2d';
  if (mode === 'outOfFlow') {
    span.style.cssText = 'position: absolute; top: 0; right: 0';
    article.append(span);
  } else {
    tweetAuthor(article)!.block.append(span);
  }
}

/**
 * Total ms of the forced style + layout after `mode`'s change, over every tweet in `items`, put
 * into `cells` a batch at a time: badges arrive for several tweets at once (one lookup answer per
 * frame), and one layout pass takes them all.
 */
function measure(cells: readonly HTMLElement[], items: readonly string[], mode: Mode): number {
  let total = 0;
  for (let i = 0; i + cells.length <= items.length; i += cells.length) {
    cells.forEach((cell, j) => (cell.innerHTML = items[i + j]!));
    void cells[0]!.offsetHeight; // X has laid the tweets out
    const articles = cells.map((cell) => cell.querySelector(SELECTORS.tweet)!);
    for (const article of articles) tweetAuthor(article); // read before the clock starts, as a badge's author is
    const start = performance.now();
    for (const article of articles) addSpan(article, mode);
    void cells[0]!.offsetHeight;
    total += performance.now() - start;
  }
  return total;
}

export async function badgeFloor(url: string, rounds: number): Promise<BadgeFloor> {
  const items = (await (await fetch(url)).json()) as StreamItem[];
  const scratch = document.createElement('div');
  const byCustomer = (html: string) => {
    scratch.innerHTML = html;
    const article = scratch.querySelector(SELECTORS.tweet);
    return !!article && CUSTOMER.test(tweetAuthor(article)?.handle ?? '');
  };
  const customerShare = items.filter((i) => byCustomer(i.html)).length / items.length;
  const customers = items.filter((i) => i.kind === 'recycle' && byCustomer(i.html)).map((i) => i.html);
  // Cells in the middle of the live timeline, so tweets are laid out where X lays them out;
  // BATCH of them at a time, about the customer tweets of one frame of the stream.
  const live = [...document.querySelectorAll<HTMLElement>(SELECTORS.cell)];
  const cells = live.slice(Math.floor(live.length / 2) - Math.floor(BATCH / 2)).slice(0, BATCH);
  const originals = cells.map((cell) => cell.innerHTML);
  // Noise only adds time: each mode's fastest round counts.
  const best: Record<Mode, number> = { none: Infinity, inline: Infinity, outOfFlow: Infinity };
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['none', 'inline', 'outOfFlow'] as const) best[mode] = Math.min(best[mode], measure(cells, customers, mode));
  }
  cells.forEach((cell, j) => (cell.innerHTML = originals[j]!));
  const measured = customers.length - (customers.length % cells.length);
  const us = (mode: Mode) => ((best[mode] - best.none) / measured) * 1000;
  return { tweets: measured, usInline: us('inline'), usOutOfFlow: us('outOfFlow'), customerShare };
}

(window as unknown as { __badgeFloor: typeof badgeFloor }).__badgeFloor = badgeFloor;
