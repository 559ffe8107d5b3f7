import type { Feature, FeatureContext } from '../features/feature';
import type { AnchorHealth } from '../x/health';

type Shared = Omit<FeatureContext, 'signal' | 'url'>;

/**
 * Runs the features that apply to the current URL, each under its own AbortController, and
 * on SPA navigation stops the ones that no longer apply (or are per-page) and starts the new
 * ones. A feature whose anchors X no longer renders is switched off until they come back.
 * One feature failing never stops the others.
 */
export class FeatureHost {
  private readonly running = new Map<string, AbortController>();
  private readonly disabled = new Set<string>();
  private url: URL | null = null;

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
    this.url = url;
    if (navigated) this.disabled.clear(); // a new page gets a new health check
    for (const feature of this.features) {
      const included = !this.disabled.has(feature.id) && safeInclude(feature, url, this.shared.report);
      const controller = this.running.get(feature.id);
      if (controller && (!included || (navigated && feature.perPage))) this.stop(feature.id);
      if (included && !this.running.has(feature.id)) this.start(feature, url);
    }
  }

  /** Switches off features missing an anchor they need, and back on when it returns. */
  applyHealth(health: AnchorHealth): string[] {
    for (const feature of this.features) {
      const broken = (feature.anchors ?? []).some((anchor) => health[anchor] === false);
      if (broken && !this.disabled.has(feature.id)) {
        this.disabled.add(feature.id);
        this.stop(feature.id);
      } else if (!broken && this.disabled.has(feature.id)) {
        this.disabled.delete(feature.id);
      }
    }
    if (this.url) this.update(this.url, false);
    return [...this.disabled];
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

  private stop(id: string): void {
    this.running.get(id)?.abort();
    this.running.delete(id);
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
