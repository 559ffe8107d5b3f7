import { afterEach, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, REPLICA_URLS, routeReplicaX } from './support/replica-x';
import { openX } from './support/x-page';

// The toolbar button's title tells each X tab's page health: X dropped the composer from a
// status page (the replica without it), so that tab's title names it, while a home timeline in
// another tab, where no composer is expected, is fine.

let session: ExtensionSession;
afterEach(async () => {
  await session?.close();
});

async function titleOf(url: string): Promise<string> {
  return session.worker.evaluate(async (u) => {
    const chrome = (globalThis as any).chrome;
    const [tab] = await chrome.tabs.query({ url: u });
    return chrome.action.getTitle({ tabId: tab.id });
  }, url);
}

it("says in each tab's toolbar title what X changed on its page", async () => {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context, { omit: ['composer'] });
  await openX(session.context, REPLICA_URLS.status);
  await openX(session.context, REPLICA_URLS.home, { waitForBadges: false });
  // The health check judges a page once it settled (~4 s).
  await expect.poll(() => titleOf(REPLICA_URLS.status), { timeout: 10_000 }).toBe('Handlebook: X changed its page: composer not found');
  await expect.poll(() => titleOf(REPLICA_URLS.home), { timeout: 10_000 }).toBe('Handlebook: working on this X page');
});
