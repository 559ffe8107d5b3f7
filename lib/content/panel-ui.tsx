import { createRoot, type Root } from 'react-dom/client';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { INJECTED_ATTRIBUTE } from '@/lib/x/injected';
import { readTheme } from '@/lib/x/theme';
import { PanelApp } from './panel-app';
import type { PanelController } from './panel-controller';
import type { CustomerCache } from './customer-cache';
import type { ComposerServices } from './composer-services';

/**
 * Mounts the single shadow-root host for all of Handlebook's panels. Fixed-position inside
 * the shadow root, so X's layout never moves and X's CSS never reaches our UI.
 */
export async function mountPanel(
  ctx: ContentScriptContext,
  panel: PanelController,
  customers: CustomerCache,
  composer: ComposerServices,
): Promise<void> {
  const ui = await createShadowRootUi<Root>(ctx, {
    name: 'handlebook-panel',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    // Keys typed in our fields must not reach X's own shortcuts (n, j, k, l, r...).
    isolateEvents: ['keydown', 'keyup', 'keypress'],
    onMount(container, _shadow, host) {
      host.setAttribute(INJECTED_ATTRIBUTE, 'panel');
      const root = createRoot(container);
      root.render(<PanelApp panel={panel} customers={customers} composer={composer} theme={() => readTheme(document)} />);
      return root;
    },
    onRemove(root) {
      root?.unmount();
    },
  });
  ui.mount();
}
