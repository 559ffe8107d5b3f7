import type { CustomerSummary } from '../db/summaries';
import type { AccountRef } from '../db/identity';
import type { ChangedBroadcast } from '../messages/protocol';

export type LookupFn = (refs: AccountRef[]) => Promise<Record<string, CustomerSummary | null>>;
type Listener = (handles: Set<string>) => void;

/**
 * The content script's memory of who is a customer. Badges ask for many authors at once; the
 * cache sends ONE lookup message for all the authors it has not seen that were asked for before
 * its scheduled flush (boot: the end of the task, so one per batch of the page observer),
 * remembers the answers (null = not a customer), and refreshes just the handles the background
 * says changed.
 */
export class CustomerCache {
  private readonly answers = new Map<string, CustomerSummary | null>();
  private readonly userIds = new Map<string, string>();
  private readonly queued = new Map<string, AccountRef>();
  private readonly listeners = new Set<Listener>();
  private flushScheduled = false;

  constructor(
    private readonly lookup: LookupFn,
    private readonly schedule: (fn: () => void) => void,
    private readonly report: (error: unknown) => void,
  ) {}

  /** undefined: not answered yet; null: not a customer. */
  get(handle: string): CustomerSummary | null | undefined {
    return this.answers.get(handle.toLowerCase());
  }

  /** The numeric id the page revealed for this handle, if any. */
  userIdOf(handle: string): string | undefined {
    return this.userIds.get(handle.toLowerCase());
  }

  /** Ask for these accounts; listeners hear when answers arrive. */
  want(refs: AccountRef[]): void {
    for (const ref of refs) {
      const lower = ref.handle.toLowerCase();
      if (ref.userId) this.userIds.set(lower, ref.userId);
      if (this.answers.has(lower) || this.queued.has(lower)) continue;
      this.queued.set(lower, this.withKnownId(ref));
    }
    if (this.queued.size && !this.flushScheduled) {
      this.flushScheduled = true;
      this.schedule(() => void this.flush());
    }
  }

  /** Put a fresh answer (e.g. the reply of a write) straight into the cache. */
  put(handle: string, summary: CustomerSummary | null): void {
    this.answers.set(handle.toLowerCase(), summary);
    this.emit(new Set([handle.toLowerCase()]));
  }

  subscribe(listener: Listener, signal: AbortSignal): void {
    this.listeners.add(listener);
    signal.addEventListener('abort', () => this.listeners.delete(listener));
  }

  /** The background wrote something: forget those answers and ask again. */
  onChanged(change: ChangedBroadcast): void {
    const stale = change.all ? [...this.answers.keys()] : change.handles.filter((h) => this.answers.has(h));
    if (!stale.length) return;
    for (const handle of stale) this.answers.delete(handle);
    this.want(stale.map((handle) => this.withKnownId({ handle })));
  }

  private withKnownId(ref: AccountRef): AccountRef {
    const userId = ref.userId ?? this.userIds.get(ref.handle.toLowerCase());
    return userId ? { handle: ref.handle, userId } : { handle: ref.handle };
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const refs = [...this.queued.values()];
    this.queued.clear();
    if (!refs.length) return;
    try {
      for (let i = 0; i < refs.length; i += 500) {
        const batch = refs.slice(i, i + 500);
        const summaries = await this.lookup(batch);
        const handles = new Set<string>();
        for (const ref of batch) {
          const lower = ref.handle.toLowerCase();
          this.answers.set(lower, summaries[lower] ?? null);
          handles.add(lower);
        }
        this.emit(handles);
      }
    } catch (error) {
      this.report(error);
    }
  }

  private emit(handles: Set<string>): void {
    for (const listener of this.listeners) listener(handles);
  }
}
