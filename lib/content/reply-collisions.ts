import type { AccountRef } from '../db/identity';
import type { ChangedBroadcast, EarlierReply } from '../messages/protocol';
import { request } from '../messages/client';
import { shortDuration } from './badge-label';
import { joinNames } from './presence';

/**
 * The collision guard's knowledge: has the tweet this reply box answers been answered already
 * (by another member, or by this person from another tab or device), or is another member
 * writing to its author right now? The composer bar says so (data-team-replied) and the send
 * guard asks before Post.
 *
 * `collisionOf` is the rule, pure so it is tested alone. `ReplyCollisions` remembers the
 * earlier replies per tweet for this page (one message per reply box opened), forgets a tweet
 * when the background says its author's records changed, and knows which replies this tab sent
 * itself: those are the person's own and never raise an alarm here.
 */

export interface Collision {
  /** Other members who answered this tweet or are replying to its author now (data-team-replied). */
  names: string[];
  /** What the bar says about earlier replies, most recent first. */
  replied: string[];
  /** What the guard adds about members writing now (the bar's presence line already says it). */
  writing?: string;
}

/** How much of an earlier reply the bar quotes. */
const QUOTE_CHARS = 40;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : flat;
}

const UNIT_WORDS: Record<string, string> = { m: 'min', h: 'h', d: 'd', w: 'wk', mo: 'mo', y: 'y' };

/** "just now", "4 min ago", "3 h ago". */
export function agoWords(ms: number): string {
  const short = shortDuration(ms);
  if (short === 'now') return 'just now';
  const [, n, unit] = /^(\d+)(\D+)$/.exec(short)!;
  return `${n} ${UNIT_WORDS[unit!] ?? unit} ago`;
}

export function collisionOf(input: {
  replies: readonly EarlierReply[];
  /** Other members replying to the tweet's author now (presence). */
  replyingNow: readonly string[];
  /** Ids of the replies this tab logged itself. */
  loggedHere: ReadonlySet<string>;
  now: number;
}): Collision | null {
  const newestFirst = [...input.replies].sort((a, b) => b.at - a.at);
  const replied: string[] = [];
  const names: string[] = [];
  for (const reply of newestFirst) {
    if (reply.mine) continue;
    const author = reply.author ?? 'Someone';
    if (names.includes(author)) continue;
    names.push(author);
    replied.push(reply.handled ? `${author} marked it handled ${agoWords(input.now - reply.at)}` : `${author} replied ${agoWords(input.now - reply.at)}: "${quote(reply.text)}"`);
  }
  const mineElsewhere = newestFirst.find((r) => r.mine && !input.loggedHere.has(r.id));
  if (mineElsewhere) {
    replied.push(
      mineElsewhere.handled
        ? `You marked it handled ${agoWords(input.now - mineElsewhere.at)}`
        : `You already replied ${agoWords(input.now - mineElsewhere.at)} (another tab or device): "${quote(mineElsewhere.text)}"`,
    );
  }
  const writingNames = input.replyingNow.filter((n) => !names.includes(n));
  names.push(...writingNames);
  const writing = writingNames.length
    ? `${joinNames(writingNames)} ${writingNames.length === 1 ? 'is' : 'are'} writing a reply to this customer right now.`
    : undefined;
  if (!replied.length && !writing) return null;
  return { names, replied, ...(writing ? { writing } : {}) };
}

/** The value of data-team-replied: names joined with ", " (a contract tests read). */
export function teamRepliedBy(collision: Collision): string {
  return collision.names.join(', ');
}

type Listener = () => void;

export class ReplyCollisions {
  private readonly replies = new Map<string, { handle: string; answer: Promise<EarlierReply[]> }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Replies this tab logged (lib/features/reply-logger.ts). */
  readonly loggedHere = new Set<string>();
  /** What the bar last showed per reply box, for the send guard's synchronous check. */
  private readonly shown = new WeakMap<Element, Collision>();

  constructor(private readonly fetch: (ref: AccountRef, inReplyToId: string) => Promise<EarlierReply[]>) {}

  /** `listener` hears when the replies to this tweet may have changed (ask again with repliesTo). */
  subscribe(statusId: string, listener: Listener, signal: AbortSignal): void {
    let set = this.listeners.get(statusId);
    if (!set) this.listeners.set(statusId, (set = new Set()));
    set.add(listener);
    signal.addEventListener('abort', () => set.delete(listener));
  }

  /** The earlier replies to this tweet (asked once per page until they change). */
  repliesTo(ref: AccountRef, statusId: string): Promise<EarlierReply[]> {
    let known = this.replies.get(statusId);
    if (!known) {
      known = { handle: ref.handle.toLowerCase(), answer: this.fetch(ref, statusId) };
      this.replies.set(statusId, known);
      // A failed question is asked again next time, not remembered.
      known.answer.catch(() => this.replies.delete(statusId));
    }
    return known.answer;
  }

  /** This tab sent a reply: it is the person's own, and the tweet's answers changed. */
  logged(interactionId: string, statusId?: string): void {
    this.loggedHere.add(interactionId);
    if (statusId) this.forget([statusId]);
  }

  /** The background wrote something: the tweets of those authors are asked about again. */
  onChanged(change: ChangedBroadcast): void {
    const handles = new Set(change.handles);
    this.forget([...this.replies].filter(([, r]) => change.all || handles.has(r.handle)).map(([statusId]) => statusId));
  }

  private forget(statusIds: string[]): void {
    for (const statusId of statusIds) {
      this.replies.delete(statusId);
      for (const listener of this.listeners.get(statusId) ?? []) listener();
    }
  }

  /** The bar records what it shows for a box; the guard reads it when Post is clicked. */
  show(box: Element, collision: Collision | null): void {
    if (collision) this.shown.set(box, collision);
    else this.shown.delete(box);
  }

  shownFor(box: Element): Collision | undefined {
    return this.shown.get(box);
  }
}

/** This page's collision knowledge (one content script per page, like pagePresence). */
export const replyCollisions = new ReplyCollisions(async (ref, inReplyToId) => (await request('interactions.repliesTo', { ref, inReplyToId })).replies);
