import { afterEach, describe, expect, it } from 'vitest';
import { collectPageErrors, launchWithExtension, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, replicaData, routeReplicaX, type ReplicaXOptions } from './support/replica-x';
import { BADGE, authorHandles, expectBadgesOnCustomers, writeNote, NOTE_PROMPT, openX } from './support/x-page';

// When X redesigns, Handlebook must degrade visibly and never break the page: the popup names
// the missing anchor, the dependent feature switches off, and no error reaches X's page.

let session: ExtensionSession;
afterEach(async () => {
  await session?.close();
});

async function start(options: ReplicaXOptions = {}) {
  session = await launchWithExtension();
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context, options);
}

const STATUS_URL = `https://x.com/${replicaData.FOCUSED_TWEET.handle}/status/${replicaData.FOCUSED_TWEET.id}`;

/** The popup's status line for the tab showing `url`. */
async function popupStatus(url: string): Promise<string> {
  const tabId = await session.worker.evaluate(async (u) => {
    const [tab] = await (globalThis as any).chrome.tabs.query({ url: u });
    return tab?.id as number;
  }, url);
  const popup = await session.openExtensionPage(`popup.html?tabId=${tabId}`);
  const status = popup.locator('.hb-status');
  await status.waitFor();
  const text = (await status.textContent()) ?? '';
  await popup.close();
  return text;
}

describe('X changes its page', () => {
  it('says all is well on an intact page', async () => {
    await start();
    const page = await openX(session.context, STATUS_URL);
    await page.waitForTimeout(4_500); // the health check waits for X's page to settle
    await expect.poll(() => popupStatus(STATUS_URL), { timeout: 5_000 }).toBe('Working on this X page.');
  });

  for (const [omit, url, message, feature] of [
    ['composer', STATUS_URL, 'X changed its page: composer not found.', 'composer, send-guard, reply-logger'],
    ['sendButton', STATUS_URL, 'X changed its page: send button not found.', 'send-guard, reply-logger'],
    // Triage's markers need both anchors; its keys need only the tweets.
    ['User-Name', 'https://x.com/home', 'X changed its page: tweet authors not found.', 'badge, note-prompt, triage'],
    ['tweet', 'https://x.com/home', 'X changed its page: tweets not found.', 'badge, note-prompt, triage, triage-keys'],
  ] as const) {
    it(`reports a missing ${omit} in the popup and switches the feature off, with no page error`, async () => {
      await start({ omit: [omit] });
      const page = await openX(session.context, url, { waitForBadges: false });
      const errors = collectPageErrors(page);
      await page.waitForTimeout(4_500);
      await expect.poll(() => popupStatus(url), { timeout: 5_000 }).toContain(message);
      expect(await popupStatus(url)).toContain(`Switched off for now: ${feature}.`);
      if (omit === 'User-Name' || omit === 'tweet') {
        // Hovering the timeline shows nothing of ours either.
        await page.mouse.move(640, 300);
        await page.mouse.move(600, 400);
        expect(await page.locator(`${BADGE}, ${NOTE_PROMPT}`).count()).toBe(0);
      }
      expect(errors).toEqual([]);
    });
  }

  it('works unchanged when X regenerates its CSS class names', async () => {
    for (const classSeed of [1, 987_654]) {
      await start({ classSeed });
      const page = await openX(session.context, 'https://x.com/home');
      const [first] = await authorHandles(page);
      await writeNote(page, first!, `class seed ${classSeed}`);
      expect(await expectBadgesOnCustomers(page, [first!])).toBeGreaterThanOrEqual(20);
      await session.close();
    }
  });
});
