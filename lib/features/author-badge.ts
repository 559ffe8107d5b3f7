import { badgeLabel } from '../content/badge-label';
import { pagePresence, replyingBy, replyingWords } from '../content/presence';
import { pageRoster } from '../content/team-roster';
import type { CustomerSummary } from '../db/summaries';
import { readTweet, tweetAuthor, tweetArticles } from '../x/tweet';
import { markInjected, INJECTED_ATTRIBUTE, removeInjected } from '../x/injected';
import type { Feature, FeatureContext } from './feature';

const ID = 'badge';

/**
 * A small badge after the author's name on every tweet by a customer: tags, interaction
 * count, last contact, the waiting mark. Tweets by anyone else get no node at all (the shared
 * "+ note" prompt of note-prompt.ts appears on hover or focus instead): most authors on a
 * busy timeline are strangers, and a node per tweet costs X's scrolling style and layout work
 * (DESIGN.md section 4; bench/README.md).
 *
 * Plain DOM, not React. X recycles cells: every article the observer reports is read again,
 * and its badge is made, updated or removed to match the author it shows now.
 *
 * Team presence: while other members are replying to the author, the badge carries
 * data-replying-by="Ana, Ben" (a contract tests read) and says "Ana is replying". An author who
 * is not a customer gets a presence-only badge for as long as that lasts, and no node otherwise.
 * With nobody present (the usual case) this costs one check per tweet.
 */
export const authorBadge: Feature = {
  id: ID,
  include: () => true,
  anchors: ['tweet', 'author'],
  init(ctx) {
    // The author each article showed when we last read it, and the articles we put a badge
    // in (only those can hold one to remove). Weak: X drops cells all the time.
    const authors = new WeakMap<Element, string>();
    const badged = new WeakSet<Element>();

    const removeBadges = (article: Element) => {
      if (!badged.delete(article)) return;
      for (const badge of ownBadges(article)) badge.remove();
    };

    const apply = (article: Element, handle: string) => {
      const summary = ctx.customers.get(handle);
      const replying = pagePresence.empty ? NOBODY : pagePresence.replyingTo(handle);
      if ((summary || replying.length) && placeBadge(ctx, article, handle, summary ?? null, replying)) badged.add(article);
      else removeBadges(article);
    };

    const process = (articles: Element[]) => {
      const refs = [];
      for (const article of articles) {
        const author = tweetAuthor(article);
        if (!author) {
          authors.delete(article);
          removeBadges(article);
          continue;
        }
        authors.set(article, author.handle.toLowerCase());
        apply(article, author.handle);
        if (ctx.customers.get(author.handle) === undefined) refs.push({ handle: author.handle });
      }
      if (refs.length) ctx.customers.want(refs);
    };

    // Answers arrive for a few handles at a time: visit the articles on the page now (a few
    // dozen in X's virtualised list) rather than remembering badges, which X may have dropped.
    ctx.customers.subscribe((handles) => {
      for (const article of tweetArticles(ctx.doc)) {
        const handle = authors.get(article);
        if (handle && handles.has(handle)) apply(article, handle);
      }
    }, ctx.signal);

    // Presence changed for a few handles: the same visit, for those authors only.
    pagePresence.subscribe((handles) => {
      for (const article of tweetArticles(ctx.doc)) {
        const handle = authors.get(article);
        if (handle && handles.has(handle)) apply(article, handle);
      }
    }, ctx.signal);

    // Who "me" is arrived (or changed): "Ana's" on Ana's own badges turns into nothing.
    const rosterChanged = () => {
      for (const article of tweetArticles(ctx.doc)) {
        const handle = authors.get(article);
        if (handle && ctx.customers.get(handle)?.assignee) apply(article, handle);
      }
    };
    const unsubscribe = pageRoster.subscribe(rosterChanged);
    ctx.signal.addEventListener('abort', unsubscribe);

    ctx.page.watchTweets(process, ctx.signal);
    ctx.signal.addEventListener('abort', () => removeInjected(ctx.doc, ID));
  },
};

/** This article's own badges (not those of a tweet nested in it). */
function ownBadges(article: Element): HTMLElement[] {
  return [...article.querySelectorAll<HTMLElement>(`[${INJECTED_ATTRIBUTE}="${ID}"]`)].filter((b) => b.closest('article') === article);
}

const NOBODY: readonly string[] = [];

/**
 * Makes or updates the one badge of this article; only writes what changed. False: no room.
 * `summary` null: not a customer, a presence-only badge (someone in `replying` is answering).
 */
function placeBadge(ctx: FeatureContext, article: Element, handle: string, summary: CustomerSummary | null, replying: readonly string[]): boolean {
  const existing = ownBadges(article);
  let badge = existing.find((b) => b.dataset.handle?.toLowerCase() === handle.toLowerCase());
  for (const b of existing) if (b !== badge) b.remove(); // recycled cell or duplicate
  if (!badge) {
    // Last in the author row (name · @handle · time): X lays that row out horizontally, so the
    // badge sits on the same line and the tweet keeps its height.
    const block = tweetAuthor(article)?.block;
    if (!block) return false;
    badge = createBadge(ctx, article, handle);
    block.append(badge);
  }
  const words = replyingWords(replying);
  const label = summary
    ? badgeLabel(handle, summary, Date.now(), pageRoster.me)
    : { text: '', description: `Handlebook: @${handle} is not a customer yet`, waiting: false, repeat: false };
  const description = words ? `${label.description}; ${words} to @${handle}` : label.description;
  setContent(ctx.doc, badge, label.text, words);
  if (badge.title !== description) {
    badge.title = description;
    badge.setAttribute('aria-label', description);
  }
  setFlag(badge, 'waiting', label.waiting);
  const owner = ('owner' in label && label.owner) || null;
  if (badge.getAttribute('data-owner') !== owner) {
    if (owner === null) badge.removeAttribute('data-owner');
    else badge.setAttribute('data-owner', owner);
  }
  setFlag(badge, 'repeat', label.repeat);
  const by = replying.length ? replyingBy(replying) : null;
  if (badge.getAttribute('data-replying-by') !== by) {
    if (by === null) badge.removeAttribute('data-replying-by');
    else badge.setAttribute('data-replying-by', by);
  }
  if ((badge.dataset.presenceOnly === 'true') !== !summary) {
    if (summary) delete badge.dataset.presenceOnly;
    else badge.dataset.presenceOnly = 'true';
  }
  return true;
}

/** The badge's words: the label, then "Ana is replying" in its own span when someone is. */
function setContent(doc: Document, badge: HTMLElement, text: string, words: string): void {
  if (!words) {
    if (badge.textContent !== text || badge.firstElementChild) badge.textContent = text;
    return;
  }
  const lead = text ? `${text} · ` : '';
  const span = badge.firstElementChild;
  if (badge.childNodes.length === 2 && badge.firstChild?.textContent === lead && span === badge.lastChild && span?.textContent === words) return;
  if (!text && badge.childNodes.length === 1 && span?.textContent === words) return;
  const replying = doc.createElement('span');
  replying.className = 'hb-replying';
  replying.textContent = words;
  badge.replaceChildren(...(lead ? [doc.createTextNode(lead), replying] : [replying]));
}

function setFlag(badge: HTMLElement, name: 'waiting' | 'repeat', on: boolean): void {
  if ((badge.dataset[name] === 'true') !== on) badge.dataset[name] = String(on);
}

function createBadge(ctx: FeatureContext, article: Element, handle: string): HTMLElement {
  const badge = markInjected(ctx.doc.createElement('button'), ID);
  badge.type = 'button';
  badge.dataset.handle = handle;
  badge.addEventListener('click', (event) => {
    // The whole article is a link to the tweet on X: keep the click for ourselves.
    event.preventDefault();
    event.stopPropagation();
    openCardFor(ctx, article, badge);
  });
  return badge;
}

/**
 * Opens the customer card for the tweet in `article` (badge, note prompt, keyboard shortcut);
 * its text is read only now. False when the article shows no tweet author.
 */
export function openCardFor(ctx: FeatureContext, article: Element, opener: HTMLElement): boolean {
  const tweet = readTweet(article);
  if (!tweet) return false;
  const userId = tweet.userId ?? ctx.customers.userIdOf(tweet.handle);
  ctx.panel.open(
    {
      handle: tweet.handle,
      displayName: tweet.displayName,
      ...(userId ? { userId } : {}),
      ...(tweet.statusId ? { statusId: tweet.statusId } : {}),
      tweetText: tweet.text,
      ...(tweet.time ? { tweetTime: tweet.time } : {}),
    },
    opener,
  );
  return true;
}
