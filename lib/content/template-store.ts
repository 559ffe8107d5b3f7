import type { Template } from '../db/types';
import { prepareTemplateIndex, searchIndex, type TemplateIndex } from '../text/fuzzy';

export type TemplateLoader = () => Promise<Template[]>;

/**
 * The content script's copy of the canned replies, with a search index prepared once per load
 * (searching 10,000 templates per keystroke must stay under a few ms). Reloaded when the
 * background says templates changed.
 */
export class TemplateStore {
  private templates: Template[] = [];
  private index: TemplateIndex<Template> | null = null;
  private byShortcut = new Map<string, Template>();
  private loading: Promise<void> | null = null;
  private stale = true;

  constructor(
    private readonly load: TemplateLoader,
    private readonly report: (e: unknown) => void,
  ) {}

  /** Loads (once, or again after a change) and resolves when the templates are current. */
  async ready(): Promise<void> {
    if (!this.stale && !this.loading) return;
    this.loading ??= this.load()
      .then((templates) => {
        this.templates = templates;
        this.index = prepareTemplateIndex(templates);
        this.byShortcut = new Map(templates.filter((t) => t.shortcut).map((t) => [t.shortcut!.toLowerCase(), t]));
        this.stale = false;
      })
      .catch(this.report)
      .finally(() => {
        this.loading = null;
      });
    await this.loading;
  }

  invalidate(): void {
    this.stale = true;
  }

  all(): readonly Template[] {
    return this.templates;
  }

  get(id: string): Template | undefined {
    return this.templates.find((t) => t.id === id);
  }

  byShortcutName(shortcut: string): Template | undefined {
    return this.byShortcut.get(shortcut.toLowerCase());
  }

  /** True when some other shortcut starts with this one (expansion then waits for a space). */
  isPrefixOfAnother(shortcut: string): boolean {
    const lower = shortcut.toLowerCase();
    for (const key of this.byShortcut.keys()) if (key !== lower && key.startsWith(lower)) return true;
    return false;
  }

  search(query: string, context: string, limit = 50): Template[] {
    if (!this.index) return [];
    return searchIndex(this.index, query, { context, limit });
  }
}
