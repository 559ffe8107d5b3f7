import { browser } from 'wxt/browser';
import type { ChangedBroadcast, PresenceBroadcast, PresenceHandles } from '../messages/protocol';
import { X_MATCH_PATTERNS } from '../x/hosts';
import type { Change } from './handlers';

/**
 * Pushes a "changed" message to every open X tab. Content scripts never see Dexie's
 * liveQuery (they live in X's origin), so this is how their badges and cards stay current.
 * Extension pages get liveQuery updates from Dexie itself. Host permissions for X let us
 * query X tabs by URL without the `tabs` permission.
 */
export async function broadcastChange(change: Change): Promise<void> {
  const message: ChangedBroadcast = {
    handlebook: 1,
    type: 'changed',
    handles: [...new Set(change.handles ?? [])],
    all: change.all ?? false,
    templates: change.templates ?? false,
    settings: change.settings ?? false,
  };
  await sendToXTabs(message);
}

/** Team presence (lib/team/presence.ts) for every open X tab, as broadcastChange does writes. */
export async function broadcastPresence(handles: PresenceHandles): Promise<void> {
  const message: PresenceBroadcast = { handlebook: 1, type: 'presence', handles };
  await sendToXTabs(message);
}

async function sendToXTabs(message: ChangedBroadcast | PresenceBroadcast): Promise<void> {
  const tabs = await browser.tabs.query({ url: X_MATCH_PATTERNS });
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined
        ? undefined
        : browser.tabs.sendMessage(tab.id, message).catch(() => {
            // A tab without our content script (still loading, or orphaned): nothing to update.
          }),
    ),
  );
}
