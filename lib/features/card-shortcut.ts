import { focusedTweet, readTweet } from '../x/tweet';
import type { Feature } from './feature';

/** Alt+Shift+H: open the customer card of the tweet X has focused (X's own j/k moves focus). */
export const cardShortcut: Feature = {
  id: 'card-shortcut',
  include: () => true,
  init(ctx) {
    ctx.doc.addEventListener(
      'keydown',
      (event) => {
        if (!(event.altKey && event.shiftKey && event.code === 'KeyH') || event.ctrlKey || event.metaKey) return;
        const article = focusedTweet(ctx.doc);
        const tweet = article && readTweet(article);
        if (!tweet) return;
        event.preventDefault();
        event.stopPropagation();
        ctx.panel.open(
          {
            handle: tweet.handle,
            displayName: tweet.displayName,
            ...(tweet.userId ? { userId: tweet.userId } : {}),
            ...(tweet.statusId ? { statusId: tweet.statusId } : {}),
            tweetText: tweet.text,
            ...(tweet.time ? { tweetTime: tweet.time } : {}),
          },
          article as HTMLElement,
        );
      },
      { capture: true, signal: ctx.signal },
    );
  },
};
