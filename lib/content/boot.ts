import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { FEATURES } from '../features';
import { request } from '../messages/client';
import { changedBroadcastSchema, presenceBroadcastSchema } from '../messages/protocol';
import { isContextInvalidated } from '../messages/errors';
import { PageObserver } from '../x/observer';
import { removeInjected } from '../x/injected';
import { CustomerCache } from './customer-cache';
import { FeatureHost } from './feature-host';
import { PanelController } from './panel-controller';
import { mountPanel } from './panel-ui';
import { ensurePageStyles } from './page-styles';
import { showReloadNotice } from './reload-notice';
import { whenPageIdle } from './when-page-idle';
import { monitorHealth } from './health-monitor';
import { TemplateStore } from './template-store';
import { ComposerServices } from './composer-services';
import { DEFAULT_SETTINGS, loadSettings, watchSettings } from '../settings/store';
import { pagePresence } from './presence';
import { replyCollisions } from './reply-collisions';
import { triageCache } from './triage';
import { pageRoster } from './team-roster';
import { onRosterChange } from '../team/roster-signal';

/**
 * Wires the shared services (tweet observer, customer cache, panel) and runs the features.
 * When the extension is reloaded or updated under this page, every node is removed and one
 * notice asks for a reload; no error ever reaches X's page.
 */
export function bootContentScript(ctx: ContentScriptContext): void {
  const doc = document;
  // Firefox injects a new content script into open X tabs when the add-on is updated or
  // reloaded, and the old one is gone without running another line: its badges, bars and panel
  // stay in the page, dead (their handlers went with it), and this one would skip the tweets
  // they sit on. Start from a clean page.
  removeInjected(doc);
  let invalidated = false;
  const onInvalidated = () => {
    if (invalidated) return;
    invalidated = true;
    removeInjected(doc);
    showReloadNotice(doc);
  };
  ctx.onInvalidated(onInvalidated);
  // Chrome sends an orphaned content script no event when the extension reloads; reading
  // ctx.isInvalid (runtime.id is gone) fires onInvalidated, so look once a second.
  const watchdog = setInterval(() => {
    if (ctx.isInvalid) clearInterval(watchdog);
  }, 1000);

  const report = (error: unknown) => {
    if (isContextInvalidated(error) || ctx.isInvalid) {
      ctx.abort();
      onInvalidated();
      return;
    }
    console.warn('[Handlebook]', error);
  };

  ensurePageStyles(doc);
  // The observer's batches wait for an idle page; the lookup for the authors a batch found leaves
  // at the end of that same task, so its badges are not held back a second time.
  const customers = new CustomerCache(async (refs) => (await request('customers.lookup', { refs })).summaries, (fn) => queueMicrotask(fn), report);
  const panel = new PanelController();
  const page = new PageObserver(doc, (fn) => whenPageIdle(fn, ctx.signal));
  const templates = new TemplateStore(async () => (await request('templates.list', {})).templates, report);
  let settings = DEFAULT_SETTINGS;
  loadSettings()
    .then((s) => (settings = s))
    .catch(report);
  watchSettings((s) => (settings = s), ctx.signal);
  const composer = new ComposerServices(templates, () => settings);
  const host = new FeatureHost(FEATURES, { doc, page, customers, panel, composer, report }, ctx.signal);

  const onMessage = (message: unknown) => {
    const change = changedBroadcastSchema.safeParse(message);
    if (change.success) {
      customers.onChanged(change.data);
      replyCollisions.onChanged(change.data);
      triageCache.onChanged(change.data);
      if (change.data.templates) templates.invalidate();
      // Joined or left a team (or a restore): whether presence applies may have changed.
      if (change.data.all) {
        pagePresence.refresh();
        pageRoster.refresh(report);
      }
    }
    const presence = presenceBroadcastSchema.safeParse(message);
    if (presence.success) pagePresence.received(presence.data.handles);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    try {
      browser.runtime.onMessage.removeListener(onMessage);
    } catch {
      // The API is gone with the context; nothing to remove.
    }
  });

  // Team presence (lib/content/presence.ts): what others do arrives by broadcast; what this tab
  // does (its reply box: reply-presence.ts; the card it shows: here) goes to the worker.
  pagePresence.connect({
    report: (r) => request('presence.report', r),
    get: () => request('presence.get', {}),
    onError: report,
    signal: ctx.signal,
  });
  pageRoster.refresh(report);
  ctx.onInvalidated(onRosterChange(() => pageRoster.refresh(report)));
  panel.subscribe((view) => pagePresence.setViewing(view?.kind === 'card' ? view.target.handle : null));
  ctx.addEventListener(window, 'pagehide', () => pagePresence.leave());

  mountPanel(ctx, panel, customers, composer).catch(report);
  host.update(new URL(location.href), false);
  const health = monitorHealth(doc, page, host, (found) => void request('health.report', found).catch(report), ctx.signal);
  // SPA navigation: WXT's location watcher (Navigation API, or polling where missing).
  ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
    host.update(newUrl, true);
    health.navigated();
  });
}
