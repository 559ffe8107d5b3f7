import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { getDatabase } from '@/lib/db/database';
import { broadcastChange } from '@/lib/background/broadcast';
import type { HandlerContext } from '@/lib/background/handlers';
import { isHandlebookRequest, route } from '@/lib/background/router';

// The service worker owns the database and answers every message. It may be stopped ~30 s
// after its last event and lose all memory, so listeners are registered synchronously at top
// level of main() and no state lives outside Dexie / browser.storage.
export default defineBackground(() => {
  const identity = {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
  };
  const context: HandlerContext = {
    db: getDatabase(),
    now: () => Date.now(),
    changed: (change) => void broadcastChange(change),
    version: browser.runtime.getManifest().version,
  };

  browser.runtime.onMessage.addListener((message, sender) => {
    // Returning undefined leaves messages that are not ours to other listeners.
    if (!isHandlebookRequest(message)) return undefined;
    return route(message, sender, identity, context);
  });

  browser.runtime.onInstalled.addListener(() => {
    // Ask the browser not to evict our data under storage pressure.
    void navigator.storage?.persist?.().catch(() => false);
  });
});
