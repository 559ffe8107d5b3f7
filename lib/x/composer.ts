import { SELECTORS } from './selectors';
import { readTweet, type TweetInfo } from './tweet';
import { classifyPage } from './urls';

// X's composer: a Draft.js editor (desktop) or a plain <textarea> (mobile web), one box per
// thread part (tweetTextarea_0, _1, ...), and a send button. Reading and writing it so that
// X's own React state sees the change is subtle; DESIGN.md section 3 records what works.

/** All text boxes of X's composers currently on the page. */
export function findComposerBoxes(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(SELECTORS.composerTextbox)];
}

/** Index of a box in its thread: tweetTextarea_<n>. */
export function boxIndex(box: Element): number {
  const m = /^tweetTextarea_(\d+)$/.exec(box.getAttribute('data-testid') ?? '');
  return m ? Number(m[1]) : 0;
}

/**
 * The element that holds one whole composer (all thread boxes and the send button): the
 * nearest ancestor of the box that also contains a send button.
 */
export function composerRootOf(box: Element): Element | null {
  for (let el = box.parentElement; el; el = el.parentElement) {
    if (el.querySelector(SELECTORS.sendButton)) return el;
  }
  return null;
}

export function sendButtonOf(composerRoot: ParentNode): HTMLButtonElement | null {
  return composerRoot.querySelector<HTMLButtonElement>(SELECTORS.sendButton);
}

/** True for X's send button (or something inside it). */
export function closestSendButton(target: EventTarget | null): HTMLButtonElement | null {
  return target instanceof Element ? target.closest<HTMLButtonElement>(SELECTORS.sendButton) : null;
}

/** True for one of X's composer text boxes (or something inside it). */
export function closestComposerBox(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>(SELECTORS.composerTextbox) : null;
}

/**
 * The text of one box as X will post it. Draft.js renders one block per paragraph
 * (div[data-block]); a textarea has its value.
 */
export function readBoxText(box: HTMLElement): string {
  if (box instanceof HTMLTextAreaElement) return box.value;
  const blocks = box.querySelectorAll('[data-block="true"]');
  if (!blocks.length) return box.innerText ?? box.textContent ?? '';
  return [...blocks].map((b) => (b.textContent ?? '').replace(/\u200b/g, '')).join('\n');
}

/** The texts of every thread box of one composer, in order. */
export function readComposerTexts(composerRoot: ParentNode): string[] {
  return findComposerBoxes(composerRoot)
    .sort((a, b) => boxIndex(a) - boxIndex(b))
    .map(readBoxText);
}

/**
 * The tweet a composer answers: in X's reply modal it is the tweet shown in the dialog; the
 * inline box on a status page answers the page's focused tweet. A new post answers nobody.
 */
export function replyTargetOf(composerRoot: Element, doc: Document): TweetInfo | null {
  const dialog = composerRoot.closest('[role="dialog"]');
  if (dialog) {
    const article = dialog.querySelector(SELECTORS.tweet);
    return article ? readTweet(article) : null;
  }
  const page = classifyPage(doc.location.href);
  if (page.kind !== 'status') return null;
  for (const article of doc.querySelectorAll(SELECTORS.tweet)) {
    const tweet = readTweet(article);
    if (tweet?.statusId === page.statusId) return tweet;
  }
  return null;
}

/** The composer a send button belongs to: the nearest ancestor that also holds a text box. */
export function composerRootOfButton(button: Element): Element | null {
  for (let el = button.parentElement; el; el = el.parentElement) {
    if (el.querySelector(SELECTORS.composerTextbox)) return el;
  }
  return null;
}
