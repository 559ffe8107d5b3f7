import { badgeLabel } from '../content/badge-label';
import { readTweet, readTweetHeader, authorBlock } from '../x/tweet';
import { markInjected, INJECTED_ATTRIBUTE } from '../x/injected';
import { removeInjected } from '../x/injected';
import type { Feature, FeatureContext } from './feature';

const ID = 'badge';

/**
 * A small badge after every tweet author's name: "+ note" for strangers, tags / interaction
 * count / last contact for customers. Plain DOM, not React (a React root per tweet costs
 * ~10x more, DESIGN.md section 4). X recycles cells, so each badge remembers the handle and
 * status id it was made for and is rebuilt when the article now shows another tweet.
 */
export const authorBadge: Feature = {
  id: ID,
  include: () => true,
  anchors: ['tweet', 'author'],
  init(ctx) {
    const render = (badge: HTMLElement) => {
      const handle = badge.dataset.handle!;
      const summary = ctx.customers.get(handle);
      if (summary === undefined) return; // answer not here yet: keep the quiet placeholder
      const label = badgeLabel(handle, summary, Date.now());
      badge.textContent = label.text;
      badge.title = label.description;
      badge.setAttribute('aria-label', label.description);
      badge.dataset.known = String(label.known);
      badge.dataset.waiting = String(label.waiting);
      badge.dataset.repeat = String(label.repeat);
    };

    const process = (articles: Element[]) => {
      const refs = [];
      for (const article of articles) {
        const badge = ensureBadge(ctx, article);
        if (!badge) continue;
        render(badge);
        refs.push({ handle: badge.dataset.handle!, ...(badge.dataset.userId ? { userId: badge.dataset.userId } : {}) });
      }
      if (refs.length) ctx.customers.want(refs);
    };

    // Answers arrive for a few handles at a time: find their badges in the live page rather
    // than remembering badges (X recycles and drops cells; a memory of them would leak).
    ctx.customers.subscribe((handles) => {
      for (const handle of handles) {
        for (const badge of ctx.doc.querySelectorAll<HTMLElement>(`[${INJECTED_ATTRIBUTE}="${ID}"][data-handle="${CSS.escape(handle)}" i]`)) {
          render(badge);
        }
      }
    }, ctx.signal);

    ctx.page.watchTweets(process, ctx.signal);
    ctx.signal.addEventListener('abort', () => removeInjected(ctx.doc, ID));
  },
};

/** Finds or makes the one badge of this article, matching the tweet it shows right now. */
function ensureBadge(ctx: FeatureContext, article: Element): HTMLElement | null {
  const tweet = readTweetHeader(article);
  const block = authorBlock(article);
  const existing = [...article.querySelectorAll<HTMLElement>(`[${INJECTED_ATTRIBUTE}="${ID}"]`)].filter(
    (b) => b.closest('article') === article,
  );
  if (!tweet || !block) {
    for (const b of existing) b.remove();
    return null;
  }
  const identity = `${tweet.handle.toLowerCase()}/${tweet.statusId ?? ''}`;
  const current = existing.find((b) => b.dataset.identity === identity);
  for (const b of existing) if (b !== current) b.remove(); // recycled cell or duplicate
  if (current) {
    if (current.parentElement !== block) block.append(current);
    return current;
  }

  const badge = markInjected(ctx.doc.createElement('button'), ID);
  badge.type = 'button';
  badge.dataset.identity = identity;
  badge.dataset.handle = tweet.handle;
  if (tweet.userId) badge.dataset.userId = tweet.userId;
  badge.textContent = '…';
  badge.setAttribute('aria-label', `Handlebook: @${tweet.handle}`);
  badge.addEventListener('click', (event) => {
    // The whole article is a link to the tweet on X: keep the click for ourselves.
    event.preventDefault();
    event.stopPropagation();
    // The tweet's text is read only now: every new tweet must stay cheap to badge.
    const full = readTweet(article) ?? { ...tweet, text: '' };
    ctx.panel.open(
      {
        handle: tweet.handle,
        displayName: tweet.displayName,
        ...(tweet.userId ?? ctx.customers.userIdOf(tweet.handle)
          ? { userId: tweet.userId ?? ctx.customers.userIdOf(tweet.handle)! }
          : {}),
        ...(tweet.statusId ? { statusId: tweet.statusId } : {}),
        tweetText: full.text,
        ...(tweet.time ? { tweetTime: tweet.time } : {}),
      },
      badge,
    );
  });
  // Last in the author row (name · @handle · time): X lays that row out horizontally, so the
  // badge sits on the same line and the tweet keeps its height.
  block.append(badge);
  return badge;
}
