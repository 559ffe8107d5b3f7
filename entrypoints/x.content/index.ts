import '@/lib/messages/jitless'; // first, before any zod schema exists
import '@/components/card.css';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { X_MATCH_PATTERNS } from '@/lib/x/hosts';
import { bootContentScript } from '@/lib/content/boot';

// Boots the feature registry on X's pages; everything else lives in lib/.
export default defineContentScript({
  matches: X_MATCH_PATTERNS,
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  main(ctx) {
    bootContentScript(ctx);
  },
});
