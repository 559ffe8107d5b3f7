import type { ComposerTarget } from '../content/panel-controller';
import { measure } from '../text/budget';
import { splitIntoThread } from '../text/thread-split';
import { listFillIns } from '../text/templates';
import { matchesShortcut } from '../settings/schema';
import { watchTeamNotice } from './composer-team-notice';
import { barAnchorOf, boxIndex, caretOffset, composerRootOf, readBoxText, replyTargetOf } from '../x/composer';
import { markInjected, removeInjected } from '../x/injected';
import { SELECTORS } from '../x/selectors';
import type { Feature, FeatureContext } from './feature';

const ID = 'composer';
/** A ";shortcut" just typed at the caret: after a space or at the start of a line. */
const SHORTCUT_AT_CARET = /(?:^|\s);([^\s;]{1,40})( ?)$/;

/**
 * A bar under every X text box: the exact weighted length X counts (kept in
 * data-weighted-length, a contract tests read), remaining characters, overflow, a button for
 * the canned-reply picker and, when too long, one to split into a thread. Typing ";shortcut"
 * expands a canned reply in place. Plain DOM: it updates on every keystroke.
 */
export const composerBar: Feature = {
  id: ID,
  include: () => true,
  anchors: ['composer'],
  init(ctx) {
    void ctx.composer.templates.ready();
    ctx.page.watch(SELECTORS.composerTextbox, (boxes) => boxes.forEach((b) => attach(ctx, b as HTMLElement)), ctx.signal);
    ctx.doc.addEventListener(
      'keydown',
      (event) => {
        const box = (event.target as Element | null)?.closest?.<HTMLElement>(SELECTORS.composerTextbox);
        if (!box || !matchesShortcut(event, ctx.composer.currentSettings.pickerShortcut)) return;
        event.preventDefault();
        event.stopPropagation();
        openPicker(ctx, box);
      },
      { capture: true, signal: ctx.signal },
    );
    ctx.signal.addEventListener('abort', () => removeInjected(ctx.doc, ID));
  },
};

function composerTarget(ctx: FeatureContext, box: HTMLElement, extra: Partial<ComposerTarget> = {}): ComposerTarget {
  const root = composerRootOf(box);
  const reply = root ? replyTargetOf(root, ctx.doc) : null;
  return {
    box,
    caret: caretOffset(box),
    replyTo: reply
      ? {
          handle: reply.handle,
          displayName: reply.displayName,
          ...(reply.userId ?? ctx.customers.userIdOf(reply.handle) ? { userId: reply.userId ?? ctx.customers.userIdOf(reply.handle)! } : {}),
          ...(reply.statusId ? { statusId: reply.statusId } : {}),
          tweetText: reply.text,
        }
      : null,
    ...extra,
  };
}

function openPicker(ctx: FeatureContext, box: HTMLElement, extra: Partial<ComposerTarget> & { templateId?: string } = {}): void {
  const { templateId, ...target } = extra;
  ctx.panel.show({ kind: 'picker', composer: composerTarget(ctx, box, target), ...(templateId ? { templateId } : {}) }, box);
}

function attach(ctx: FeatureContext, box: HTMLElement): void {
  const anchor = barAnchorOf(box);
  const next = anchor.nextElementSibling;
  if (next?.getAttribute('data-handlebook') === ID) return; // already has its bar

  const bar = markInjected(ctx.doc.createElement('div'), ID);
  bar.dataset.boxIndex = String(boxIndex(box));
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Handlebook reply tools');
  const meter = ctx.doc.createElement('span');
  meter.className = 'hb-meter';
  const replies = button(ctx, 'Replies', 'Insert a canned reply', () => openPicker(ctx, box));
  const split = button(ctx, 'Split', 'Split into a thread', () => {
    const parts = splitIntoThread(readBoxText(box), { limit: ctx.composer.currentSettings.charLimit });
    ctx.panel.show({ kind: 'split', composer: composerTarget(ctx, box), parts }, box);
  });
  split.hidden = true;
  const presence = ctx.doc.createElement('span');
  presence.className = 'hb-presence';
  presence.setAttribute('role', 'status');
  presence.hidden = true;
  const replied = ctx.doc.createElement('span');
  replied.className = 'hb-team-replied';
  replied.setAttribute('role', 'status');
  replied.hidden = true;
  bar.append(meter, presence, replied, replies, split);
  anchor.after(bar);
  watchTeamNotice(ctx, box, bar, presence, replied);

  let scheduled = false;
  const update = () => {
    scheduled = false;
    if (!bar.isConnected) return;
    const text = readBoxText(box);
    const limit = ctx.composer.currentSettings.charLimit;
    const m = measure(text, { limit });
    bar.dataset.weightedLength = String(m.weightedLength);
    bar.dataset.over = String(m.weightedLength > limit);
    meter.textContent = `${m.weightedLength} / ${limit}`;
    meter.title = m.weightedLength > limit ? `${m.weightedLength - limit} characters over X's limit` : `${limit - m.weightedLength} characters left`;
    split.hidden = m.weightedLength <= limit;
    maybeExpandShortcut(ctx, box, text);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  };
  update();
  // Draft.js re-renders its DOM on every edit, including synthetic pastes that fire no input
  // event: watching the box's own subtree catches both, batched per frame.
  const observer = new MutationObserver(schedule);
  observer.observe(box, { childList: true, subtree: true, characterData: true });
  box.addEventListener('input', schedule, { signal: ctx.signal });
  ctx.signal.addEventListener('abort', () => observer.disconnect());
}

function button(ctx: FeatureContext, text: string, label: string, onClick: () => void): HTMLButtonElement {
  const el = ctx.doc.createElement('button');
  el.className = 'hb-action';
  el.type = 'button';
  el.textContent = text;
  el.setAttribute('aria-label', label);
  el.addEventListener('mousedown', (e) => e.preventDefault()); // keep X's caret where it is
  el.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    onClick();
  });
  return el;
}

/** Boxes with an expansion in flight (its own paste must not trigger another). */
const expanding = new WeakSet<HTMLElement>();

/** ";thanks" typed at the caret becomes the canned reply with that shortcut. */
function maybeExpandShortcut(ctx: FeatureContext, box: HTMLElement, text: string): void {
  if (expanding.has(box)) return;
  if (!ctx.composer.currentSettings.shortcutExpansion || ctx.doc.activeElement !== box && !box.contains(ctx.doc.activeElement)) return;
  const caret = caretOffset(box);
  if (caret === null) return;
  const match = SHORTCUT_AT_CARET.exec(text.slice(0, caret));
  if (!match) return;
  const [, name, space] = match;
  const template = ctx.composer.templates.byShortcutName(name!);
  if (!template) return;
  // When ";thanks" is also the start of ";thanks2", wait for the space that ends it.
  if (!space && ctx.composer.templates.isPrefixOfAnother(name!)) return;
  const start = caret - name!.length - 1 - space!.length;
  const target = composerTarget(ctx, box, { replaceRange: [start, caret] });
  if (listFillIns(template.body).length) {
    openPicker(ctx, box, { replaceRange: [start, caret], templateId: template.id });
    return;
  }
  expanding.add(box);
  void ctx.composer
    .expand(template, target)
    .then((e) => ctx.composer.insert(target, template, e.signed, e.cursor, 'caret'))
    .catch(ctx.report)
    .finally(() => expanding.delete(box));
}
