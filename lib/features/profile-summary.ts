import { badgeLabel } from '../content/badge-label';
import { markInjected, removeInjected } from '../x/injected';
import { profileHeader, readProfile } from '../x/profile';
import { SELECTORS } from '../x/selectors';
import { isProfilePage } from '../x/urls';
import type { Feature, FeatureContext } from './feature';

const ID = 'profile-summary';

/**
 * On a profile page, the card's summary sits under the name in the profile header: what we
 * know about this person at a glance, and a button that opens the full card.
 */
export const profileSummary: Feature = {
  id: ID,
  include: (url) => isProfilePage(url),
  perPage: true,
  init(ctx) {
    let summary: HTMLElement | null = null;
    const place = () => {
      const header = profileHeader(ctx.doc);
      const profile = readProfile(ctx.doc);
      if (!header || !profile) return;
      if (!summary || !summary.isConnected) {
        summary = build(ctx, profile);
        header.after(summary);
      }
      ctx.customers.want([profile.userId ? { handle: profile.handle, userId: profile.userId } : { handle: profile.handle }]);
      render(ctx, summary, profile.handle);
    };
    ctx.customers.subscribe((handles) => {
      const profile = readProfile(ctx.doc);
      if (summary && profile && handles.has(profile.handle.toLowerCase())) render(ctx, summary, profile.handle);
    }, ctx.signal);
    // X renders the header after navigation; watch for it rather than assume it is there.
    ctx.page.watch(SELECTORS.profileUserName, place, ctx.signal);
    ctx.signal.addEventListener('abort', () => removeInjected(ctx.doc, ID));
  },
};

function build(ctx: FeatureContext, profile: { handle: string; displayName: string; userId?: string }): HTMLElement {
  const box = markInjected(ctx.doc.createElement('div'), ID);
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', `Handlebook summary for @${profile.handle}`);
  const text = ctx.doc.createElement('span');
  text.className = 'hb-summary-text';
  const open = ctx.doc.createElement('button');
  open.className = 'hb-action';
  open.type = 'button';
  open.textContent = 'Open card';
  open.addEventListener('click', (event) => {
    event.preventDefault();
    ctx.panel.open(
      { handle: profile.handle, displayName: profile.displayName, ...(profile.userId ? { userId: profile.userId } : {}) },
      open,
    );
  });
  box.append(text, open);
  return box;
}

function render(ctx: FeatureContext, box: HTMLElement, handle: string): void {
  const summary = ctx.customers.get(handle);
  if (summary === undefined) return;
  const label = badgeLabel(handle, summary, Date.now());
  const text = box.querySelector('.hb-summary-text')!;
  text.textContent = summary ? `Handlebook: ${label.description.replace(/^Handlebook customer @\S+;?\s*/, '') || 'customer'}` : 'Handlebook: no notes yet';
  box.dataset.known = String(label.known);
  box.dataset.waiting = String(label.waiting);
}
