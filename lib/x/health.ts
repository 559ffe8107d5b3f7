import { SELECTORS } from './selectors';
import { classifyPage, type XPage } from './urls';

// Which of X's anchors Handlebook can find on this page. When X redesigns, the popup says
// "X changed its page: composer not found" and the dependent feature switches itself off,
// instead of failing silently or throwing.

export const ANCHORS = ['tweet', 'author', 'composer', 'sendButton'] as const;
export type Anchor = (typeof ANCHORS)[number];

export const ANCHOR_NAMES: Record<Anchor, string> = {
  tweet: 'tweets',
  author: 'tweet authors',
  composer: 'composer',
  sendButton: 'send button',
};

/** true: found; false: expected here but missing; null: not expected on this page. */
export type AnchorHealth = Record<Anchor, boolean | null>;

const TIMELINE_PAGES: XPage['kind'][] = ['home', 'status', 'profile', 'search', 'notifications'];
const COMPOSER_PAGES: XPage['kind'][] = ['status', 'compose'];

export function checkAnchors(doc: Document): AnchorHealth {
  const page = classifyPage(doc.location.href);
  const tweets = doc.querySelectorAll(SELECTORS.tweet);
  const composer = doc.querySelector(SELECTORS.composerTextbox);
  const expectTweets = TIMELINE_PAGES.includes(page.kind);
  const expectComposer = COMPOSER_PAGES.includes(page.kind) || composer !== null;
  let author: boolean | null = null;
  if (tweets.length) author = [...tweets].some((t) => t.querySelector(SELECTORS.userName) !== null);
  return {
    tweet: expectTweets ? tweets.length > 0 : tweets.length > 0 || null,
    author,
    composer: expectComposer ? composer !== null : null,
    sendButton: composer ? doc.querySelector(SELECTORS.sendButton) !== null : null,
  };
}

/** The anchors that are expected here and missing. */
export function missingAnchors(health: AnchorHealth): Anchor[] {
  return ANCHORS.filter((a) => health[a] === false);
}

/** Selectors whose appearance may turn a missing anchor healthy. */
export const ANCHOR_SELECTORS = [SELECTORS.tweet, SELECTORS.userName, SELECTORS.composerTextbox, SELECTORS.sendButton].join(', ');
