import { FOLLOW_TESTID, SELECTORS } from './selectors';
import { parseProfileHref, parseStatusHref } from './urls';

/** What Handlebook reads from one tweet on the page. */
export interface TweetInfo {
  handle: string;
  displayName: string;
  /** The tweet's own status id; undefined when the page shows no link to it (rare). */
  statusId?: string;
  /** The tweet's text (without the quoted tweet's). */
  text: string;
  /** ISO time from <time datetime>. */
  time?: string;
  /** The author's numeric id when the page exposes it in this tweet. */
  userId?: string;
}

/** The tweet's own author block: the first User-Name not inside a quoted tweet. */
export function authorBlock(article: Element): Element | null {
  for (const block of article.querySelectorAll(SELECTORS.userName)) {
    if (block.closest(SELECTORS.tweet) === article && !isInsideQuote(block, article)) return block;
  }
  return null;
}

/** Quoted tweets are nested, clickable blocks (role=link) inside the article. */
function isInsideQuote(node: Element, article: Element): boolean {
  // One native ancestor match instead of an attribute read per level in script.
  const clickable = node.parentElement?.closest(QUOTE_BLOCK);
  return !!clickable && clickable !== article && article.contains(clickable);
}

const QUOTE_BLOCK = '[role="link"]:not(a)';

/** The author's handle, from the author block's profile links or the avatar container. */
function readHandle(article: Element, block: Element | null): string | null {
  if (block) {
    for (const link of block.querySelectorAll('a[href]')) {
      const handle = parseProfileHref(link.getAttribute('href') ?? '');
      if (handle) return handle;
    }
    const at = /@([A-Za-z0-9_]{1,20})/.exec(block.textContent ?? '');
    if (at) return at[1]!;
  }
  const avatar = article.querySelector(`[data-testid^="${SELECTORS.avatarContainerPrefix}"]`);
  const fromAvatar = avatar?.getAttribute('data-testid')?.slice(SELECTORS.avatarContainerPrefix.length);
  return fromAvatar && /^[A-Za-z0-9_]{1,20}$/.test(fromAvatar) ? fromAvatar : null;
}

/** The display name: the first link's visible text in the author block. */
function readDisplayName(block: Element | null, handle: string): string {
  const firstPart = block?.querySelector('a[href], div[dir]');
  const name = firstPart?.querySelector('span')?.textContent?.trim();
  return name || handle;
}

/**
 * The tweet's own status link: a link to /<handle>/status/<id> wrapping a <time>. On status
 * pages the focused tweet has it below the text; in timelines it sits in the author block.
 * Quoted tweets show their time without a link, so they never match.
 */
function readStatus(article: Element): { statusId: string; time?: string } | null {
  for (const time of article.querySelectorAll('time')) {
    if (time.closest(SELECTORS.tweet) !== article) continue;
    const link = time.closest('a[href]');
    const parsed = link ? parseStatusHref(link.getAttribute('href') ?? '') : null;
    if (parsed) {
      const datetime = time.getAttribute('datetime');
      return { statusId: parsed.statusId, ...(datetime ? { time: datetime } : {}) };
    }
  }
  return null;
}

/** The tweet's own text, without a quoted tweet's. */
function readText(article: Element): string {
  for (const el of article.querySelectorAll(SELECTORS.tweetText)) {
    if (el.closest(SELECTORS.tweet) === article && !isInsideQuote(el, article)) return textWithEmoji(el);
  }
  return '';
}

/** X renders emoji as <img alt="😀">; textContent would drop them. */
function textWithEmoji(root: Element): string {
  let out = '';
  const walker = root.ownerDocument.createTreeWalker(root, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) out += node.nodeValue ?? '';
    else if ((node as Element).tagName === 'IMG') out += (node as Element).getAttribute('alt') ?? '';
  }
  return out;
}

/** The tweet article `node` is part of, if any. */
export function tweetOf(node: Element): Element | null {
  return node.closest(SELECTORS.tweet);
}

/** Every tweet article on the page now. */
export function tweetArticles(doc: Document): NodeListOf<Element> {
  return doc.querySelectorAll(SELECTORS.tweet);
}

/**
 * Just the author of a tweet: handle and author row. The cheapest read, done for every tweet
 * X renders; everything else is read when the person acts on the tweet.
 */
export function tweetAuthor(article: Element): { handle: string; block: Element } | null {
  const block = authorBlock(article);
  const handle = block && readHandle(article, block);
  return block && handle ? { handle, block } : null;
}

/** Reads a tweet's author and identity, without its text. */
export function readTweetHeader(article: Element): Omit<TweetInfo, 'text'> | null {
  const block = authorBlock(article);
  const handle = readHandle(article, block);
  if (!handle) return null;
  const status = readStatus(article);
  const userId = findUserIdIn(article);
  return {
    handle,
    displayName: readDisplayName(block, handle),
    ...(status ? { statusId: status.statusId, ...(status.time ? { time: status.time } : {}) } : {}),
    ...(userId ? { userId } : {}),
  };
}

/** Reads a tweet's author, identity and text. Returns null when the page has no author. */
export function readTweet(article: Element): TweetInfo | null {
  const header = readTweetHeader(article);
  return header && { ...header, text: readText(article) };
}

/** The numeric id in a follow/unfollow button's data-testid inside `root`, if any. */
export function findUserIdIn(root: ParentNode): string | undefined {
  for (const button of root.querySelectorAll(SELECTORS.followButton)) {
    const m = FOLLOW_TESTID.exec(button.getAttribute('data-testid') ?? '');
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Every (handle, user id) pair the page exposes right now: user cells ("Who to follow",
 * "Relevant people"), hover cards and the profile header all pair a profile link or handle
 * with a follow button.
 */
export function findAccountIds(root: ParentNode): { handle: string; userId: string }[] {
  const found = new Map<string, string>();
  for (const button of root.querySelectorAll(SELECTORS.followButton)) {
    const m = FOLLOW_TESTID.exec(button.getAttribute('data-testid') ?? '');
    if (!m) continue;
    const handle = handleNearFollowButton(button);
    if (handle) found.set(handle, m[1]!);
  }
  return [...found].map(([handle, userId]) => ({ handle, userId }));
}

/** X labels follow buttons "Follow @handle"; otherwise the nearest container's profile link. */
function handleNearFollowButton(button: Element): string | null {
  const label = /@([A-Za-z0-9_]{1,20})/.exec(button.getAttribute('aria-label') ?? '');
  if (label) return label[1]!;
  const container = button.closest(`${SELECTORS.userCell}, ${SELECTORS.hoverCard}`);
  for (const link of container?.querySelectorAll('a[href]') ?? []) {
    const handle = parseProfileHref(link.getAttribute('href') ?? '');
    if (handle) return handle;
  }
  return null;
}

/** The tweet that has keyboard focus (X's j/k navigation focuses the article). */
export function focusedTweet(doc: Document): Element | null {
  return doc.activeElement?.closest(SELECTORS.tweet) ?? null;
}
