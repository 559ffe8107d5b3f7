import { focusedTweet } from '../x/tweet';
import { openCardFor } from './author-badge';
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
        if (!article || !openCardFor(ctx, article, article as HTMLElement)) return;
        event.preventDefault();
        event.stopPropagation();
      },
      { capture: true, signal: ctx.signal },
    );
  },
};
