import type { GuardIssue } from '../content/panel-controller';
import { measure } from '../text/budget';
import { detectPersonalData } from '../text/pii';
import { findUnresolvedPlaceholders } from '../text/templates';
import { replyCollisions } from '../content/reply-collisions';
import { findComposerBoxes, closestComposerBox, closestSendButton, composerRootOf, composerRootOfButton, readComposerTexts, sendButtonOf } from '../x/composer';
import type { Feature } from './feature';

/** Shows the middle of a match only: the guard must not echo a full card number on screen. */
function masked(value: string): string {
  return value.length <= 6 ? value : `${value.slice(0, 3)}…${value.slice(-2)}`;
}

/** What is wrong with these thread parts, if anything. */
export function findGuardIssues(texts: string[], limit: number, customPatterns: { label: string; pattern: string }[]): GuardIssue[] {
  const issues: GuardIssue[] = [];
  texts.forEach((text, i) => {
    const where = texts.length > 1 ? ` (post ${i + 1})` : '';
    const findings = detectPersonalData(text, { customPatterns });
    if (findings.length) {
      issues.push({
        kind: 'personal-data',
        message: `Personal data in a public reply${where}: ${findings.map((f) => `${f.label} ${masked(f.match)}`).join(', ')}.`,
        findings,
      });
    }
    const placeholders = findUnresolvedPlaceholders(text);
    if (placeholders.length) {
      issues.push({ kind: 'placeholder', message: `Unfilled placeholder${where}: ${placeholders.map((p) => p.raw).join(', ')}.` });
    }
    const m = measure(text, { limit });
    if (m.weightedLength > limit) {
      issues.push({ kind: 'over-limit', message: `Too long${where}: ${m.weightedLength} of ${limit} characters.` });
    }
  });
  return issues;
}

/**
 * Guards before sending: a reply with personal data (emails, phones, card numbers passing
 * Luhn, IBANs, the person's own patterns), an unfilled {{placeholder}}, too much text, or a
 * tweet already answered by the team (the composer bar's notice, composer-team-notice.ts) is
 * stopped and the person is asked. It never sends on its own: "Send anyway" clicks X's own
 * button once. Listens on window in the capture phase, before X (and our reply logger) see it.
 */
export const sendGuard: Feature = {
  id: 'send-guard',
  include: () => true,
  anchors: ['composer', 'sendButton'],
  init(ctx) {
    const win = ctx.doc.defaultView!;
    // The send button the person confirmed: its next click goes through, once.
    let allowed: HTMLButtonElement | null = null;
    const check = (event: Event, root: Element | null) => {
      if (!root) return;
      const settings = ctx.composer.currentSettings;
      const texts = readComposerTexts(root).filter((t) => t.trim());
      const issues = findGuardIssues(texts, settings.charLimit, settings.guardPatterns);
      // Answered already (another member, or this person elsewhere), or being answered now.
      const box = findComposerBoxes(root)[0] ?? null;
      const collision = box && texts.length ? replyCollisions.shownFor(box) : undefined;
      if (collision) issues.unshift({ kind: 'team-replied', message: [...collision.replied, collision.writing ?? ''].filter(Boolean).join(' ') });
      if (!issues.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const button = sendButtonOf(root);
      // "Go back and edit" returns to the text, where the problem is.
      ctx.panel.show({
        kind: 'guard',
        issues,
        onSend: () => {
          allowed = button;
          button?.click();
        },
      }, box);
    };
    win.addEventListener(
      'click',
      (event) => {
        const button = closestSendButton(event.target);
        if (!button || button.disabled) return;
        if (allowed === button) {
          allowed = null;
          return;
        }
        check(event, composerRootOfButton(button));
      },
      { capture: true, signal: ctx.signal },
    );
    win.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
        const box = closestComposerBox(event.target);
        check(event, box && composerRootOf(box));
      },
      { capture: true, signal: ctx.signal },
    );
  },
};
