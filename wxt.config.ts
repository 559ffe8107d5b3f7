import { defineConfig } from 'wxt';

// The manifest asks for the least that works: storage for settings, alarms for pack refresh,
// unlimitedStorage so a large customer book never hits the default quota, and host access to
// X only. Pack subscription origins are optional permissions asked for at subscribe time.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where every name comes from.
  imports: false,
  manifest: {
    name: 'Handlebook',
    description:
      'A customer-service desk inside x.com: customer notes and history, canned replies, a character-budgeted reply composer. Everything stays in your browser.',
    permissions: ['storage', 'alarms', 'unlimitedStorage'],
    optional_host_permissions: ['https://*/*'],
    host_permissions: [
      'https://x.com/*',
      'https://twitter.com/*',
      'https://mobile.x.com/*',
      'https://mobile.twitter.com/*',
    ],
    action: { default_title: 'Handlebook' },
  },
  webExt: { disabled: true },
});
