import { request } from '../messages/client';
import { summarize } from '../db/summaries';
import { markInjected, removeInjected } from '../x/injected';
import { focusedTweet, readTweet, tweetArticles } from '../x/tweet';
import { isTriagePage } from '../x/urls';
import { TRIAGE_ID } from './triage-markers';
import type { Feature, FeatureContext } from './feature';

const ID = 'triage-keys';
const UNANSWERED = `[data-handlebook="${TRIAGE_ID}"][data-answered="false"]`;
/**
 * Dims answered tweets (opacity only: nothing moves). Injected only while "unanswered only" is
 * on: unlike page-styles.ts's rules it ends in X's own tag, so it is not left in the page.
 */
const DIM_CSS = `article:has([data-handlebook="${TRIAGE_ID}"][data-answered="true"]) { opacity: 0.35; }`;

/**
 * Keyboard-first triage on X's mentions and searches (X's own j/k move between tweets):
 * - Alt+Shift+L logs the focused tweet, opening (or updating) its author's case;
 * - Alt+Shift+D marks it handled without a reply (recorded as an answer);
 * - Alt+Shift+N moves to the next unanswered tweet;
 * - Alt+Shift+U, or the "Unanswered only" switch at the bottom of the page, dims answered tweets.
 */
export const triageKeys: Feature = {
  id: ID,
  include: isTriagePage,
  anchors: ['tweet'],
  init(ctx) {
    const toggle = markInjected(ctx.doc.createElement('button'), ID);
    toggle.type = 'button';
    toggle.textContent = 'Unanswered only';
    toggle.title = 'Dim the tweets the desk already answered (Alt+Shift+U)';
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', () => setDimmed(ctx, toggle, toggle.getAttribute('aria-pressed') !== 'true'));
    ctx.doc.body.append(toggle);

    ctx.doc.addEventListener(
      'keydown',
      (event) => {
        if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
        const actions: Record<string, () => void> = {
          KeyL: () => logFocused(ctx),
          KeyD: () => handleFocused(ctx),
          KeyN: () => nextUnanswered(ctx),
          KeyU: () => setDimmed(ctx, toggle, toggle.getAttribute('aria-pressed') !== 'true'),
        };
        const action = actions[event.code];
        if (!action) return;
        event.preventDefault();
        event.stopPropagation();
        action();
      },
      { capture: true, signal: ctx.signal },
    );
    ctx.signal.addEventListener('abort', () => removeInjected(ctx.doc, ID));
  },
};

function setDimmed(ctx: FeatureContext, toggle: HTMLElement, on: boolean): void {
  toggle.setAttribute('aria-pressed', String(on));
  ctx.doc.querySelector(`style[data-handlebook="${ID}"]`)?.remove();
  if (!on) return;
  const style = markInjected(ctx.doc.createElement('style'), ID);
  style.textContent = DIM_CSS;
  (ctx.doc.head ?? ctx.doc.documentElement).append(style);
}

function focusedTweetInfo(ctx: FeatureContext) {
  const article = focusedTweet(ctx.doc);
  const tweet = article && readTweet(article);
  if (!tweet?.statusId) return null;
  const userId = tweet.userId ?? ctx.customers.userIdOf(tweet.handle);
  return { tweet, statusId: tweet.statusId, ref: userId ? { handle: tweet.handle, userId } : { handle: tweet.handle } };
}

function logFocused(ctx: FeatureContext): void {
  const found = focusedTweetInfo(ctx);
  if (!found) return;
  const { tweet, statusId, ref } = found;
  request('interactions.logIncoming', {
    ref,
    displayName: tweet.displayName,
    tweetId: statusId,
    text: tweet.text,
    ...(tweet.time ? { tweetedAt: Date.parse(tweet.time) } : {}),
    openCase: true,
  })
    .then(({ customer }) => ctx.customers.put(customer.handle, summarize(customer)))
    .catch(ctx.report);
}

function handleFocused(ctx: FeatureContext): void {
  const found = focusedTweetInfo(ctx);
  if (!found) return;
  const { tweet, statusId, ref } = found;
  request('interactions.markHandled', { ref, displayName: tweet.displayName, tweetId: statusId, text: tweet.text })
    .then(({ customer }) => ctx.customers.put(customer.handle, summarize(customer)))
    .catch(ctx.report);
}

/** Focuses the next tweet below the focused one (or the first) that nobody answered. */
function nextUnanswered(ctx: FeatureContext): void {
  const current = focusedTweet(ctx.doc);
  const articles = [...tweetArticles(ctx.doc)];
  const after = current ? articles.slice(articles.indexOf(current) + 1) : articles;
  const next = after.find((a) => a.querySelector(UNANSWERED)?.closest('article') === a) as HTMLElement | undefined;
  if (next) {
    next.focus();
    next.scrollIntoView({ block: 'center' });
  } else {
    // None rendered below: scroll on, so X loads more (the next press finds them).
    articles[articles.length - 1]?.scrollIntoView({ block: 'start' });
  }
}
