import type { Feature, FeatureContext } from '../features/feature';

type Shared = Omit<FeatureContext, 'signal' | 'url'>;

/**
 * Runs the features that apply to the current URL, each under its own AbortController, and
 * on SPA navigation stops the ones that no longer apply (or are per-page) and starts the new
 * ones. One feature failing never stops the others.
 */
export class FeatureHost {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly features: readonly Feature[],
    private readonly shared: Shared,
    private readonly lifetime: AbortSignal,
  ) {
    lifetime.addEventListener('abort', () => this.stopAll());
  }

  /** Start / restart features for `url` (call on load and on every location change). */
  update(url: URL, navigated: boolean): void {
    if (this.lifetime.aborted) return;
    for (const feature of this.features) {
      const included = safeInclude(feature, url, this.shared.report);
      const controller = this.running.get(feature.id);
      if (controller && (!included || (navigated && feature.perPage))) {
        controller.abort();
        this.running.delete(feature.id);
      }
      if (included && !this.running.has(feature.id)) this.start(feature, url);
    }
  }

  private start(feature: Feature, url: URL): void {
    const controller = new AbortController();
    this.running.set(feature.id, controller);
    try {
      const result = feature.init({ ...this.shared, signal: controller.signal, url });
      if (result instanceof Promise) result.catch(this.shared.report);
    } catch (error) {
      this.shared.report(error);
    }
  }

  private stopAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }
}

function safeInclude(feature: Feature, url: URL, report: (e: unknown) => void): boolean {
  try {
    return feature.include(url);
  } catch (error) {
    report(error);
    return false;
  }
}
