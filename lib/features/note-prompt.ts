import { markInjected, removeInjected } from '../x/injected';
import { tweetAuthor, tweetOf } from '../x/tweet';
import { openCardFor } from './author-badge';
import { listen, type Feature } from './feature';

const ID = 'note-prompt';

/**
 * "+ note" on the tweet under the pointer or keyboard focus, when its author is not a customer
 * yet: the way to start a customer's record. ONE button for the whole page, moved to the tweet
 * being hovered or focused, so the tweets streaming past cost nothing (customers' tweets carry
 * their own badge instead, author-badge.ts).
 */
export const notePrompt: Feature = {
  id: ID,
  include: () => true,
  anchors: ['tweet', 'author'],
  init(ctx) {
    const button = markInjected(ctx.doc.createElement('button'), ID);
    button.type = 'button';
    button.textContent = '+ note';
    let article: Element | null = null;

    const hide = () => {
      button.remove();
      article = null;
    };

    const showOn = (target: EventTarget | null) => {
      if (!(target instanceof Element) || button.contains(target)) return;
      const next = tweetOf(target);
      if (!next) return;
      const author = tweetAuthor(next);
      // A customer's tweet has its badge; a tweet nobody answered about yet gets the prompt.
      if (!author || ctx.customers.get(author.handle)) return hide();
      // Already there (X may have recycled the cell under it: then it moves or is gone).
      if (next === article && button.parentElement === author.block && button.dataset.handle === author.handle) return;
      article = next;
      button.dataset.handle = author.handle;
      button.setAttribute('aria-label', `Add a Handlebook note about @${author.handle}`);
      button.title = `Add a Handlebook note about @${author.handle}`;
      author.block.append(button);
    };

    listen(ctx, ctx.doc, 'pointerover', (event) => showOn(event.target), { passive: true });
    listen(ctx, ctx.doc, 'focusin', (event) => showOn(event.target));
    button.addEventListener('click', (event) => {
      // The whole article is a link to the tweet on X: keep the click for ourselves.
      event.preventDefault();
      event.stopPropagation();
      if (article) openCardFor(ctx, article, button);
    });
    // The author just became a customer (a note was saved): their badge takes over.
    ctx.customers.subscribe((handles) => {
      const handle = button.dataset.handle?.toLowerCase();
      if (handle && handles.has(handle) && ctx.customers.get(handle)) hide();
    }, ctx.signal);
    ctx.signal.addEventListener('abort', () => removeInjected(ctx.doc, ID));
  },
};
