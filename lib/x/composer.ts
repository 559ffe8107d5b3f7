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

// ---- Writing into X's composer -------------------------------------------------------------

/** Resolves after the browser delivered the selection change we just made (Draft reads it). */
function selectionSettled(doc: Document): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      doc.removeEventListener('selectionchange', finish);
      resolve();
    };
    doc.addEventListener('selectionchange', finish);
    setTimeout(finish, 30);
  });
}

/** Text offset of the caret in a Draft box (blocks joined with "\n"), or null when outside. */
export function caretOffset(box: HTMLElement): number | null {
  if (box instanceof HTMLTextAreaElement) return box.selectionStart;
  const selection = box.ownerDocument.getSelection();
  if (!selection || !selection.rangeCount || !box.contains(selection.anchorNode)) return null;
  return textOffsetOf(box, selection.anchorNode!, selection.anchorOffset);
}

/** Counts text up to (node, offset) the way readBoxText joins blocks. */
function textOffsetOf(box: HTMLElement, node: Node, offset: number): number {
  const blocks = [...box.querySelectorAll('[data-block="true"]')];
  let total = 0;
  for (const [i, block] of blocks.entries()) {
    if (block.contains(node)) {
      const range = box.ownerDocument.createRange();
      range.setStart(block, 0);
      range.setEnd(node, offset);
      return total + range.toString().replace(/\u200b/g, '').length;
    }
    total += (block.textContent ?? '').replace(/\u200b/g, '').length + (i < blocks.length - 1 ? 1 : 0);
  }
  return total;
}

/** The DOM position of a text offset in a Draft box (inverse of textOffsetOf). */
function positionAt(box: HTMLElement, offset: number): { node: Node; offset: number } {
  const blocks = [...box.querySelectorAll('[data-block="true"]')];
  let remaining = offset;
  for (const [i, block] of blocks.entries()) {
    const walker = box.ownerDocument.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = (node.nodeValue ?? '').length;
      if (remaining <= length) return { node, offset: remaining };
      remaining -= length;
      last = node;
    }
    if (i === blocks.length - 1) return last ? { node: last, offset: (last.nodeValue ?? '').length } : { node: block, offset: 0 };
    remaining -= 1; // the newline between blocks
    if (remaining < 0) return last ? { node: last, offset: (last.nodeValue ?? '').length } : { node: block, offset: 0 };
  }
  return { node: box, offset: box.childNodes.length };
}

/** Selects text [start, end) of a box (Draft or textarea) so the next paste replaces it. */
export async function selectRange(box: HTMLElement, start: number, end: number): Promise<void> {
  box.focus();
  if (box instanceof HTMLTextAreaElement) {
    box.setSelectionRange(start, end);
    return;
  }
  const doc = box.ownerDocument;
  const a = positionAt(box, start);
  const b = positionAt(box, end);
  const range = doc.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  const selection = doc.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  await selectionSettled(doc);
}

/** Puts the caret at a text offset (for {{cursor}}). */
export async function placeCaret(box: HTMLElement, offset: number): Promise<void> {
  await selectRange(box, offset, offset);
}

/**
 * Writes `text` so X's own state sees it: for Draft.js a synthetic paste of text/plain at the
 * current selection (DESIGN.md section 3: the only way that keeps paragraphs and enables the
 * send button); for a textarea, the native value setter plus an input event.
 */
export async function pasteText(box: HTMLElement, text: string): Promise<void> {
  if (box instanceof HTMLTextAreaElement) {
    const start = box.selectionStart;
    const end = box.selectionEnd;
    const next = box.value.slice(0, start) + text + box.value.slice(end);
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(box, next);
    box.setSelectionRange(start + text.length, start + text.length);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    return;
  }
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
  // Firefox gives the event an empty DataTransfer of its own instead of ours, so Draft would
  // paste nothing: write the text into the one the event carries. And text a content script
  // writes there is stamped with the content script's principal, which the page may not read
  // (getData answers ""): write through the page's own view of it (`wrappedJSObject`, which
  // only Firefox content scripts have), so the page's principal owns it.
  const carried = paste.clipboardData as (DataTransfer & { wrappedJSObject?: DataTransfer }) | null;
  if (carried && carried !== data) (carried.wrappedJSObject ?? carried).setData('text/plain', text);
  box.dispatchEvent(paste);
  // React 18/19 roots update Draft's state one microtask later.
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Replaces everything in the box with `text`. */
export async function replaceAllText(box: HTMLElement, text: string): Promise<void> {
  await selectRange(box, 0, readBoxText(box).length);
  await pasteText(box, text);
}

/** Clicks X's "add post" button to open the next thread box; resolves with it (or null). */
export async function addThreadBox(composerRoot: Element): Promise<HTMLElement | null> {
  const before = findComposerBoxes(composerRoot).length;
  const button = composerRoot.querySelector<HTMLButtonElement>(SELECTORS.addThreadButton) ??
    composerRoot.ownerDocument.querySelector<HTMLButtonElement>(SELECTORS.addThreadButton);
  if (!button) return null;
  button.click();
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const boxes = findComposerBoxes(composerRoot).sort((a, b) => boxIndex(a) - boxIndex(b));
    if (boxes.length > before) return boxes[boxes.length - 1]!;
  }
  return null;
}

/** Where a bar for this box goes: right after the box's labelled container. */
export function barAnchorOf(box: HTMLElement): Element {
  return box.closest('[data-testid$="_label"]') ?? box.parentElement ?? box;
}
