import '@/lib/messages/jitless'; // first, before any zod schema exists
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { getDatabase } from '@/lib/db/database';
import { broadcastChange, broadcastPresence } from '@/lib/background/broadcast';
import type { HandlerContext } from '@/lib/background/handlers';
import { isHandlebookRequest, route } from '@/lib/background/router';
import { onRefreshAlarm, syncRefreshAlarm } from '@/lib/background/packs-handlers';
import { handleRestorePort } from '@/lib/background/backup-port';
import { handleRequestPort } from '@/lib/background/request-port';
import { REFRESH_ALARM } from '@/lib/packs/subscriptions';
import { saveSettings } from '@/lib/settings/store';
import { TEAM_ALARM, TeamController } from '@/lib/background/team-controller';
import { onInstalledOrUpdated } from '@/lib/background/first-run';
import { checkSla, ensureSlaAlarm, scheduleSlaCheck, SLA_ALARM } from '@/lib/background/sla-watch';

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
    changed: (change) => {
      void broadcastChange(change);
      // Every write the person makes is carried to the team (when in one).
      team.written();
      slaCheck();
    },
    version: browser.runtime.getManifest().version,
  };
  // Team mode: while a membership is active every handler works on the team's book. Until the
  // membership is read, handlers wait (context.ready), so no request reads the wrong book.
  const team = new TeamController(getDatabase(), {
    setBook: (db) => {
      context.db = db;
    },
    changed: (change) => {
      void broadcastChange(change);
      // The team's writes (or another book shown) change which cases are past target too.
      slaCheck();
    },
    presence: (handles) => void broadcastPresence(handles).catch(() => undefined),
  });
  const ready = team.boot().catch((error) => console.error('[Handlebook] team sync could not start', error));
  context.team = team;
  context.ready = ready;
  // The toolbar badge counts the cases past target in the book in use (the team's in team mode).
  const slaCheck = () => void ready.then(() => scheduleSlaCheck(() => context.db));
  void ready.then(() => ensureSlaAlarm()).catch(() => undefined);
  slaCheck();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && changes.settings) slaCheck();
  });

  browser.runtime.onMessage.addListener((message, sender) => {
    // Returning undefined leaves messages that are not ours to other listeners.
    if (!isHandlebookRequest(message)) return undefined;
    return route(message, sender, identity, context);
  });

  // Team pack subscriptions: one alarm checks them all (created on subscribe, cleared when none
  // remain); alarms may not survive a browser restart, so startup and install re-create it.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void ready.then(() => onRefreshAlarm(context)).catch((error) => console.error('[Handlebook] pack refresh failed', error));
    // TEAM_ALARM only wakes a stopped worker: starting it reconnected the team sync (boot above).
    if (alarm.name === TEAM_ALARM) void ready;
    // Service-level targets: counted again from stored times, however long the worker slept.
    if (alarm.name === SLA_ALARM) {
      void ready
        .then(async () => {
          await ensureSlaAlarm();
          await checkSla(context.db, Date.now());
        })
        .catch((error) => console.error('[Handlebook] SLA check failed', error));
    }
  });
  // A closed tab's presence report goes at once (tabs.onRemoved needs no "tabs" permission:
  // it carries only the id). Reports not re-sent within 15 s expire anyway.
  browser.tabs.onRemoved.addListener((tabId) => {
    void ready.then(() => team.tabClosed(tabId));
  });
  browser.runtime.onStartup.addListener(() => {
    void ready.then(() => syncRefreshAlarm(context.db)).catch(() => undefined);
    void ensureSlaAlarm().catch(() => undefined);
  });
  browser.runtime.onInstalled.addListener((details) => {
    void ready.then(() => syncRefreshAlarm(context.db)).catch(() => undefined);
    void onInstalledOrUpdated(details, context.version, Date.now()).catch((error) => console.error('[Handlebook] first run failed', error));
    void ensureSlaAlarm().catch(() => undefined);
    // Ask the browser not to evict our data under storage pressure.
    void navigator.storage?.persist?.().catch(() => false);
  });

  // Two ports: read-only requests from pages and content scripts (half the cost of a message
  // each), and a backup restore streaming rows (messages are capped at 64 MiB; only our own
  // extension pages may open it).
  browser.runtime.onConnect.addListener((port) => {
    if (handleRequestPort(port, identity, context)) return;
    handleRestorePort(port, identity, context, {
      saveSettings: async (settings) => {
        await saveSettings(settings);
      },
      onRestored: async () => {
        context.changed({ all: true, templates: true, settings: true });
        await syncRefreshAlarm(context.db);
      },
    });
  });
});
