import type { CustomerCache } from '../content/customer-cache';
import type { PanelController } from '../content/panel-controller';
import type { ComposerServices } from '../content/composer-services';
import type { PageObserver } from '../x/observer';
import type { Anchor } from '../x/health';

/** What every in-page feature receives. Everything it starts must stop when `signal` aborts. */
export interface FeatureContext {
  /** Aborted on navigation away from the feature's pages and when the extension is reloaded. */
  signal: AbortSignal;
  doc: Document;
  url: URL;
  page: PageObserver;
  customers: CustomerCache;
  panel: PanelController;
  composer: ComposerServices;
  /** Report an error without letting it reach X's page. */
  report: (error: unknown) => void;
}

export interface Feature {
  /** Also the value of data-handlebook on every node it injects. */
  id: string;
  /** Which pages the feature runs on. */
  include: (url: URL) => boolean;
  /** Restart on every navigation even when still included (for per-page content). */
  perPage?: boolean;
  /** X's anchors this feature needs; it is switched off while one is missing where expected. */
  anchors?: readonly Anchor[];
  init: (ctx: FeatureContext) => void | Promise<void>;
}

/** Listens on `target` until the feature's signal aborts. */
export function listen<K extends keyof DocumentEventMap>(
  ctx: FeatureContext,
  target: Document,
  type: K,
  handler: (event: DocumentEventMap[K]) => void,
  options?: AddEventListenerOptions,
): void {
  target.addEventListener(type, handler, { ...options, signal: ctx.signal });
}
