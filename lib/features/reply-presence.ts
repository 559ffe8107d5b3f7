import { pagePresence } from '../content/presence';
import type { TweetInfo } from '../x/tweet';
import { closestComposerBox, closestSendButton, composerRootOf, findComposerBoxes, readBoxText, replyTargetOf } from '../x/composer';
import { listen, type Feature } from './feature';

const ID = 'reply-presence';
/** While this tab reports a reply, how often the boxes are looked at again (a sent reply empties or unmounts its box without an event of ours). */
const RECHECK_MS = 1_000;
/** Events come in bursts (every keystroke): the boxes are read at most this often. */
const SETTLE_MS = 150;

/**
 * Tells the team (through pagePresence) which customer this tab is replying to: the author of
 * the tweet an X reply box answers, while that box is focused or holds text. A box emptied
 * while focused (the reply was sent, or the person deleted it all) stops counting until it is
 * focused again or typed in. Nothing here runs per tweet: focus and key events on X's text boxes
 * only, plus a check every second while a reply is being reported. Only who is answered is
 * reported, never the text.
 */
export const replyPresence: Feature = {
  id: ID,
  include: () => true,
  // A new page: its boxes answer other tweets (and the last page's report must go).
  perPage: true,
  init(ctx) {
    // Reply targets per composer root: reading them walks the page's tweets (status pages), so
    // once per composer. Only found targets are kept (the tweet may render after the box).
    const targets = new WeakMap<Element, TweetInfo>();
    /** Boxes emptied while focused (sent): they count again once focused anew or typed in. */
    const finished = new WeakSet<HTMLElement>();
    const hadText = new WeakMap<HTMLElement, boolean>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let recheck: ReturnType<typeof setInterval> | undefined;

    const targetOf = (box: HTMLElement): TweetInfo | null => {
      const root = composerRootOf(box);
      if (!root) return null;
      const known = targets.get(root);
      if (known) return known;
      const found = replyTargetOf(root, ctx.doc);
      if (found) targets.set(root, found);
      return found;
    };

    const compute = (): string | null => {
      const active = ctx.doc.activeElement;
      let candidate: string | null = null;
      for (const box of findComposerBoxes(ctx.doc)) {
        const focused = !!active && (box === active || box.contains(active));
        const text = readBoxText(box).trim() !== '';
        if (text) finished.delete(box);
        else if (focused && hadText.get(box)) finished.add(box);
        hadText.set(box, text);
        if (!text && (!focused || finished.has(box))) continue;
        const handle = targetOf(box)?.handle ?? null;
        if (!handle) continue;
        if (focused) return handle;
        candidate ??= handle;
      }
      return candidate;
    };

    const update = () => {
      timer = undefined;
      if (ctx.signal.aborted) return;
      const handle = compute();
      pagePresence.setReplying(handle);
      if (handle && recheck === undefined) recheck = setInterval(update, RECHECK_MS);
      if (!handle && recheck !== undefined) {
        clearInterval(recheck);
        recheck = undefined;
      }
    };
    const schedule = () => {
      timer ??= setTimeout(update, SETTLE_MS);
    };
    const onBoxEvent = (event: Event) => {
      if (closestComposerBox(event.target)) schedule();
    };

    listen(ctx, ctx.doc, 'focusin', (event) => {
      const box = closestComposerBox(event.target);
      if (!box) return;
      finished.delete(box); // focused anew: replying (again)
      schedule();
    });
    listen(ctx, ctx.doc, 'focusout', onBoxEvent);
    // Draft.js handles typing itself (no input event for most keys): keyup, paste, cut, drop.
    for (const type of ['input', 'keyup', 'paste', 'cut', 'drop'] as const) listen(ctx, ctx.doc, type, onBoxEvent, { capture: true });
    // Sending: X empties or closes the box just after the click.
    listen(ctx, ctx.doc, 'click', (event) => {
      if (pagePresence.reported.replying && closestSendButton(event.target)) schedule();
    }, { capture: true });
    // A box already focused or holding text when the feature starts (after navigation).
    schedule();

    ctx.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      clearInterval(recheck);
      pagePresence.setReplying(null);
    });
  },
};
