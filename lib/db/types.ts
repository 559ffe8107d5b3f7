// The shapes Handlebook stores. Plain data only (structured-clone safe), shared by the
// database layer, the message schemas and the UIs. Only the background writes them.

/** Where a case with this customer stands. `none` means no case was ever opened. */
export type CaseStatus = 'none' | 'open' | 'waiting_us' | 'waiting_them' | 'resolved';

export interface CustomerNote {
  id: string;
  text: string;
  createdAt: number;
  updatedAt: number;
  /** In team mode, the member who wrote it (their name as the team knows it). */
  author?: string;
}

export interface HandleChange {
  /** The handle the customer used before. */
  handle: string;
  /** When we noticed the change (ms since epoch). */
  changedAt: number;
}

/** A team member a case is assigned to (team mode). The name is kept so every page can show it. */
export interface Assignee {
  /** The member's id on the team server. */
  member: string;
  name: string;
}

/** One assignment of a customer's case, as the timeline shows it. */
export interface AssignmentChange {
  id: string;
  /** null: unassigned. */
  to: Assignee | null;
  /** The member who made the change. */
  by?: string;
  at: number;
}

export interface Customer {
  /**
   * Primary key. `id:<numeric X user id>` once the page exposed the permanent id,
   * `h:<lower-cased handle>` until then. Records merge when the id is first seen.
   */
  key: string;
  /** X's permanent numeric user id, when known. */
  userId?: string;
  /** The handle as X last showed it (case kept for display). */
  handle: string;
  /** Lower-cased handle: handles are case-insensitive. Indexed. */
  handleLower: string;
  handleHistory: HandleChange[];
  displayName: string;
  /** Indexed multi-entry. */
  tags: string[];
  status: CaseStatus;
  notes: CustomerNote[];
  /** Custom fields such as order_id or email; private to this browser. */
  fields: Record<string, string>;
  /** Follower count as last seen on a page. */
  followers?: number;
  firstSeen: number;
  /** Last interaction in either direction. Indexed for sorting. */
  lastContact: number;
  interactionCount: number;
  /**
   * Times of the latest interactions, newest first, at most RECENT_KEPT: the badge's 30-day
   * count without a query per customer. Absent where the history is not known to be complete
   * (rows written before it existed); the lookup counts those in the database.
   */
  recentAt?: number[];
  /** When the customer's last logged tweet started waiting for our answer (case open). */
  waitingSince?: number;
  /** In team mode, who owns the case. */
  assignee?: Assignee;
  /** In team mode, every assignment of the case, oldest first. */
  assignments?: AssignmentChange[];
  createdAt: number;
  updatedAt: number;
}

export type InteractionDirection = 'in' | 'out';

export interface Interaction {
  /** Random id. */
  id: string;
  customerKey: string;
  direction: InteractionDirection;
  /** Our reply's status id when known, or the customer's tweet for incoming ones. */
  tweetId?: string;
  /** For outgoing replies: the tweet we answered. */
  inReplyToId?: string;
  /** Short excerpt of the tweet replied to (outgoing) or logged (incoming). */
  excerpt: string;
  /** Our reply's full text (outgoing) or the customer's tweet text (incoming). */
  text: string;
  at: number;
  /** Canned reply used, if any. */
  templateId?: string;
  /**
   * Unique among the customer's interactions: the same reply or logged tweet seen twice (X
   * re-renders, double clicks) is recorded once. A backup holds each at most once.
   */
  dedupeKey: string;
  /** For outgoing replies that answered a waiting case: ms from the customer's tweet. */
  responseMs?: number;
  /** In team mode, the member who sent the reply or logged the tweet. */
  author?: string;
  /** Outgoing: the tweet was marked handled without a reply (triage); `text` is empty. */
  handled?: boolean;
}

/** Provenance of a template that came from a pack. */
export interface TemplateSource {
  packId: string;
  /** The template's id inside the pack. */
  upstreamId: string;
  /** Hash of the upstream title+body+shortcut+folder+tags+lang last applied. */
  upstreamHash: string;
  /** True once the person edited it locally: updates then keep the local text. */
  edited: boolean;
  /** Set when upstream changed after a local edit (shown as a flag). */
  upstreamChanged?: boolean;
}

export interface Template {
  id: string;
  title: string;
  body: string;
  /** Without the leading `;`. Indexed. */
  shortcut?: string;
  folder?: string;
  tags: string[];
  lang?: string;
  usageCount: number;
  lastUsedAt?: number;
  createdAt: number;
  updatedAt: number;
  source?: TemplateSource;
}

export interface Pack {
  /** Slug from the pack file. */
  id: string;
  name: string;
  description?: string;
  author?: string;
  /** The pack file's own updatedAt, as given. */
  updatedAt?: string;
  /** HTTPS URL when subscribed. */
  subscriptionUrl?: string;
  etag?: string;
  lastCheckedAt?: number;
  lastSuccessAt?: number;
  /** Why the last refresh failed; the last good version is kept. */
  lastError?: string;
  templateCount: number;
  importedAt: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}
