import { request } from '../messages/client';
import { SELECTORS } from '../x/selectors';
import { findAccountIds } from '../x/tweet';
import { readProfile } from '../x/profile';
import type { Feature, FeatureContext } from './feature';

/**
 * Learns X's permanent user ids from the page (follow buttons on profiles, user cells and
 * hover cards carry "<id>-follow") and tells the background, which merges a handle-keyed
 * customer into its id, or notices that a known id now uses another handle. Each pair is
 * reported once per page view; strangers are not stored by the background.
 */
export const identityObserver: Feature = {
  id: 'identity-observer',
  include: () => true,
  perPage: true,
  init(ctx) {
    const reported = new Set<string>();
    const report = (handle: string, userId: string, extra: { displayName?: string; followers?: number } = {}) => {
      const key = `${handle.toLowerCase()}:${userId}:${extra.followers ?? ''}`;
      ctx.customers.want([{ handle, userId }]);
      if (reported.has(key)) return;
      reported.add(key);
      request('customers.observe', { ref: { handle, userId }, ...extra }).catch(ctx.report);
    };
    ctx.page.watch(
      SELECTORS.followButton,
      (buttons) => {
        const parents = new Set(buttons.map((b) => b.parentElement?.parentElement ?? b));
        for (const root of parents) for (const { handle, userId } of findAccountIds(root)) report(handle, userId);
        reportProfile(ctx, report);
      },
      ctx.signal,
    );
  },
};

function reportProfile(
  ctx: FeatureContext,
  report: (handle: string, userId: string, extra: { displayName?: string; followers?: number }) => void,
): void {
  const profile = readProfile(ctx.doc);
  if (!profile?.userId) return;
  report(profile.handle, profile.userId, {
    displayName: profile.displayName,
    ...(profile.followers !== undefined ? { followers: profile.followers } : {}),
  });
}
