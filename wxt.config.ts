import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { X_MATCH_PATTERNS } from './lib/x/hosts';

// The manifest asks for the least that works: storage for settings, alarms for pack refresh,
// unlimitedStorage so a large customer book never hits the default quota, and host access to
// X only. Pack subscription origins are optional permissions asked for at subscribe time.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where every name comes from.
  imports: false,
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Handlebook',
    description:
      'A customer-service desk inside x.com: customer notes and history, canned replies, a character-budgeted reply composer. Everything stays in your browser.',
    permissions: ['storage', 'alarms', 'unlimitedStorage'],
    host_permissions: X_MATCH_PATTERNS,
    // MV2 (Firefox) has no optional_host_permissions: origins go in optional_permissions.
    ...(manifestVersion === 3 ? { optional_host_permissions: ['https://*/*'] } : { optional_permissions: ['https://*/*'] }),
    action: { default_title: 'Handlebook' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'handlebook@handlebook.app',
              strict_min_version: '128.0',
              // Handlebook stores everything locally and transmits nothing.
              data_collection_permissions: { required: ['none'] },
            },
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
});
