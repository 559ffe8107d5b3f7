import { request } from '../messages/client';
import { pageRoster } from '../content/team-roster';
import { summarize } from '../db/summaries';
import { focusedTweet, readTweet } from '../x/tweet';
import { openCardFor } from './author-badge';
import type { Feature } from './feature';

/**
 * Alt+Shift+T in team mode: "take it". The case of the tweet X has focused (X's own j/k moves
 * focus) becomes this member's, and its card opens to show it. Outside a team the keys are
 * left to the page.
 */
export const takeShortcut: Feature = {
  id: 'take-shortcut',
  include: () => true,
  init(ctx) {
    ctx.doc.addEventListener(
      'keydown',
      (event) => {
        if (!(event.altKey && event.shiftKey && event.code === 'KeyT') || event.ctrlKey || event.metaKey || !pageRoster.me) return;
        const article = focusedTweet(ctx.doc);
        const tweet = article && readTweet(article);
        if (!article || !tweet) return;
        event.preventDefault();
        event.stopPropagation();
        const userId = tweet.userId ?? ctx.customers.userIdOf(tweet.handle);
        request('customers.assign', { ref: userId ? { handle: tweet.handle, userId } : { handle: tweet.handle }, displayName: tweet.displayName, to: 'me' })
          .then(({ customer }) => {
            ctx.customers.put(customer.handle, summarize(customer));
            openCardFor(ctx, article, article as HTMLElement);
          })
          .catch(ctx.report);
      },
      { capture: true, signal: ctx.signal },
    );
  },
};
