import { join, resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { X_MATCH_PATTERNS } from './lib/x/hosts';
import { iconPath, manifestIcons, renderIcons } from './scripts/icons';

// The manifest asks for the least that works: storage for settings, alarms for pack refresh and
// the service-level checks, unlimitedStorage so a large customer book never hits the default
// quota, and host access to X only. Pack subscription origins are optional permissions asked for
// at subscribe time; notifications too, asked when the person turns on the late-case alert.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where every name comes from.
  imports: false,
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Handlebook',
    // At most 132 characters: the Chrome Web Store shows it as the listing's summary (docs/store/).
    description:
      'A customer-service desk inside x.com: notes and history for each customer, canned replies, a reply composer. Stays in your browser.',
    permissions: ['storage', 'alarms', 'unlimitedStorage'],
    host_permissions: X_MATCH_PATTERNS,
    // MV2 (Firefox) has no optional_host_permissions: origins go in optional_permissions.
    // notifications: only when the person turns on the alert for cases past their target.
    ...(manifestVersion === 3
      ? { optional_permissions: ['notifications'], optional_host_permissions: ['https://*/*'] }
      : { optional_permissions: ['notifications', 'https://*/*'] }),
    // Rendered from assets/icon.svg by the build:publicAssets hook below.
    icons: manifestIcons(),
    action: { default_title: 'Handlebook' },
    // Firefox gets Manifest V2 (WXT's default for it; `npm run build:firefox` writes
    // .output/firefox-mv2), on the merits, measured in Firefox ESR 153 (tests/firefox):
    // - Background: MV2 keeps a persistent background page. Firefox has no extension service
    //   workers; its MV3 background is an event page, unloaded after 30 s without extension
    //   events, and an open WebSocket does not count (an MV3 build connected to a team server
    //   was unloaded 30-40 s later): the team connection would drop and come back on every
    //   alarm or message, and team presence would go silent in between. In MV2 it stays open.
    // - Team server on this computer: MV3's default CSP in Firefox adds
    //   upgrade-insecure-requests, and the ws://127.0.0.1 connection never opened (MV2: it does).
    // - Host permissions: MV2's are granted at install and cannot be withdrawn one by one, so
    //   the content script always runs on x.com. Firefox MV3 treats host permissions as the
    //   person's to grant and withdraw (the extensions panel, about:addons), and a desk whose
    //   badges silently vanish until someone finds that switch is worse than one that asks for
    //   X once, at install.
    // - Optional origins (pack subscriptions) work the same in both: MV2 lists them under
    //   optional_permissions, MV3 under optional_host_permissions (above).
    // Mozilla has announced no end to MV2, and AMO signs MV2 add-ons.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'handlebook@handlebook.app',
              // 140 (ESR 140) is the first Firefox that knows data_collection_permissions;
              // every other key we use is older.
              strict_min_version: '140.0',
              // Handlebook stores everything locally and transmits nothing.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android learned data_collection_permissions in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  webExt: { disabled: true },
  vite: () => ({
    resolve: {
      // twitter-text's build imports core-js 2 polyfills (RegExp, Array, Object, ES2015) that
      // every supported browser has natively: no-polyfill.ts says why they are left out.
      alias: [{ find: /^core-js\/modules\/.*$/, replacement: resolve(import.meta.dirname, 'lib/build/no-polyfill.ts') }],
    },
  }),
  // The sources zip addons.mozilla.org asks for: what rebuilds the add-on. The docs (the store
  // screenshots among them) are not part of that.
  zip: { excludeSources: ['docs/**'] },
  hooks: {
    // The icons are drawn once (assets/icon.svg) and rendered at every build, never committed.
    'build:publicAssets': (wxt, files) => {
      for (const { size, file } of renderIcons(join(wxt.config.wxtDir, 'icons'))) files.push({ absoluteSrc: file, relativeDest: iconPath(size) });
    },
    // The toolbar button's own icons, on every key the build may keep for it: MV3 `action`;
    // for MV2, WXT has put the popup on `browser_action` by now and drops `action` later.
    'build:manifestGenerated': (_wxt, manifest) => {
      for (const button of [manifest.action, manifest.browser_action]) if (button) button.default_icon = manifestIcons([16, 32]);
    },
  },
});
