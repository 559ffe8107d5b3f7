import { request } from '../messages/client';
import {
  closestComposerBox,
  closestSendButton,
  composerRootOf,
  composerRootOfButton,
  readComposerTexts,
  replyTargetOf,
} from '../x/composer';
import { templateUsedIn } from '../content/template-usage';
import { replyCollisions } from '../content/reply-collisions';
import type { Feature, FeatureContext } from './feature';

/**
 * History captured for you: when a reply goes out through any X composer (its send button or
 * Ctrl/Cmd+Enter), record it against the customer replied to. Listeners run in the capture
 * phase, before X clears the box. The background de-duplicates, so X re-rendering or a double
 * click never records a reply twice.
 */
export const replyLogger: Feature = {
  id: 'reply-logger',
  include: () => true,
  anchors: ['composer', 'sendButton'],
  init(ctx) {
    ctx.doc.addEventListener(
      'click',
      (event) => {
        const button = closestSendButton(event.target);
        if (!button || button.disabled || button.getAttribute('aria-disabled') === 'true') return;
        const root = composerRootOfButton(button);
        if (root) logReply(ctx, root);
      },
      { capture: true, signal: ctx.signal },
    );
    ctx.doc.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
        const box = closestComposerBox(event.target);
        const root = box && composerRootOf(box);
        if (root) logReply(ctx, root);
      },
      { capture: true, signal: ctx.signal },
    );
  },
};

function logReply(ctx: FeatureContext, composerRoot: Element): void {
  const text = readComposerTexts(composerRoot)
    .map((t) => t.trim())
    .filter(Boolean)
    .join('\n\n');
  if (!text) return;
  const target = replyTargetOf(composerRoot, ctx.doc);
  if (!target) return; // a new post, not a reply to anyone
  const userId = target.userId ?? ctx.customers.userIdOf(target.handle);
  const templateId = templateUsedIn(composerRoot);
  request('interactions.logOutgoing', {
    ref: userId ? { handle: target.handle, userId } : { handle: target.handle },
    displayName: target.displayName,
    ...(target.statusId ? { inReplyToId: target.statusId } : {}),
    inReplyToText: target.text,
    text,
    ...(templateId ? { templateId } : {}),
    ...(ctx.composer.currentSettings.claimOnReply ? { claim: true } : {}),
  })
    // Sent from this tab: the person's own, never a collision here.
    .then(({ interaction }) => replyCollisions.logged(interaction.id, target.statusId))
    .catch(ctx.report);
}
