import type { ChangedBroadcast, TweetAnswer } from '../messages/protocol';

export type TriageLookup = (statusIds: string[]) => Promise<Record<string, TweetAnswer>>;
type Listener = (statusIds: Set<string>) => void;

/** Tweets per triage.lookup (the protocol's batch limit). */
const BATCH = 50;

/**
 * The triage markers' memory of which tweets the desk answered (triage.lookup), as
 * customer-cache.ts is the badges': one message for all the tweets asked for before its
 * scheduled flush, answers kept (null: not answered), and the tweets of an author asked again
 * when the background says that author's records changed (a reply logged, a tweet marked
 * handled, here or by a teammate).
 */
export class TriageCache {
  private readonly answers = new Map<string, TweetAnswer | null>();
  /** Lower-cased author handle per tweet, to know which tweets a change concerns. */
  private readonly authors = new Map<string, string>();
  private readonly queued = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private flushScheduled = false;

  constructor(
    private readonly lookup: TriageLookup,
    private readonly schedule: (fn: () => void) => void,
    private readonly report: (error: unknown) => void,
  ) {}

  /** undefined: not answered yet by the background; null: nobody answered this tweet. */
  get(statusId: string): TweetAnswer | null | undefined {
    return this.answers.get(statusId);
  }

  want(tweets: { statusId: string; handle: string }[]): void {
    for (const { statusId, handle } of tweets) {
      this.authors.set(statusId, handle.toLowerCase());
      if (!this.answers.has(statusId)) this.queued.add(statusId);
    }
    if (this.queued.size && !this.flushScheduled) {
      this.flushScheduled = true;
      this.schedule(() => void this.flush());
    }
  }

  subscribe(listener: Listener, signal: AbortSignal): void {
    this.listeners.add(listener);
    signal.addEventListener('abort', () => this.listeners.delete(listener));
  }

  onChanged(change: ChangedBroadcast): void {
    const handles = new Set(change.handles);
    const stale = [...this.authors].filter(([id, handle]) => this.answers.has(id) && (change.all || handles.has(handle))).map(([id]) => id);
    if (!stale.length) return;
    for (const id of stale) this.answers.delete(id);
    this.want(stale.map((statusId) => ({ statusId, handle: this.authors.get(statusId)! })));
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const ids = [...this.queued];
    this.queued.clear();
    try {
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        const answered = await this.lookup(batch);
        for (const id of batch) this.answers.set(id, answered[id] ?? null);
        for (const listener of this.listeners) listener(new Set(batch));
      }
    } catch (error) {
      this.report(error);
    }
  }
}
