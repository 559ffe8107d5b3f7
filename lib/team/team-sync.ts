import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { HandlebookDatabase, TeamDocRow } from '../db/database';
import { customerWriteTables, getCustomers, writeCustomers } from '../db/customer-store';
import { historyWriteTables, readHistories, writeHistory } from '../db/history-store';
import { bookBlockOf, groupInBlocks } from '../db/buckets';
import type { OutboxRow } from '../db/team-outbox';
import { readAllTemplates, templateWriteTables, writeTemplates } from '../db/template-store';
import type { Customer, Interaction, Template } from '../db/types';
import { ArrivalMarks } from './arrival-marks';
import { applyCustomerEdit, applyHistoryEdit, leftOverAfterFold, LOCAL_EDIT, readCustomerDoc, type CustomerDocContent } from './customer-doc';
import { covers, docRow, FROM_STORE, loadDoc } from './doc-store';
import type { TeamMembership } from './membership';
import { fetchSnapshot, socketUrl } from './server-client';
import { decodeSnapshot } from './snapshot';
import { customerDocName, customerKeyOfDocument, INDEX_MAP, indexDocumentName, repliesDocumentName } from './doc-names';
import { applyTemplateEdit, readTemplates } from './replies-doc';
import { AuthFailureReason, MEMBERS_MAP, type MemberDocEntry, membersDocumentName } from './server-api';
import { type Activity, AwarenessPresence, NO_ACTIVITY, type PresenceMap } from './presence';

/**
 * The team sync, in the background service worker: carries the person's writes into the team's
 * documents and the team's documents into the local book, over one WebSocket to the team server.
 *
 * - The local book (the team's database) stays what every page reads: lookups and the
 *   dashboard never wait for the network.
 * - A write the person makes is recorded in the book's outbox in its own transaction
 *   (lib/db/team-outbox.ts); `flush` applies it to the customer's document and stores the
 *   document (marked dirty until the server acknowledges it) in one transaction with deleting
 *   the outbox row. A worker stopped anywhere in between leaves the row or the dirty document,
 *   and the next worker carries it on.
 * - What others write arrives as updates to open documents; `flush` writes the merged record
 *   into the local book (origin 'team', so it is not sent back) and tells the X tabs.
 * - Which customers changed is in the team's index document (`<teamId>/index`, kept by the
 *   server: customer key -> the state vector of its document). A customer whose stored state
 *   does not cover the index's vector is fetched: its document is opened, synced, written into
 *   the local book and closed again after a while. Only the index and the members document stay
 *   open, so the worker's memory does not grow with the book.
 */

export type TeamConnection = 'connecting' | 'connected' | 'offline';

export interface TeamSyncHooks {
  /** The team changed customers (lower-cased handles) or canned replies: the X tabs are told. */
  changed(change: { handles: string[]; templates: boolean; all?: boolean }): void;
  /** The server refused this member (revoked, or its token unknown). */
  refused(reason: AuthFailureReason): void;
  /** The members document changed (someone joined, left or was removed). */
  membersChanged?(): void;
}

interface OpenDoc {
  name: string;
  doc: Y.Doc;
  provider: HocuspocusProvider;
  synced: Promise<void>;
  /** Closes the document when nothing used it for a while. */
  idle?: ReturnType<typeof setTimeout>;
  /** Kept open for as long as the engine runs (index, members). */
  pinned: boolean;
}

/** How long a customer document stays open after its last use. */
const LINGER_MS = 10_000;
/** Customer documents fetched at once (the server queues 100 per socket). */
const FETCH_CONCURRENCY = 48;
/** Customers of a snapshot written into the local book per transaction (whole blocks: a few more). */
const SNAPSHOT_BATCH = 2_000;
/** The settings row that says a join's download is under way (not yet all in the book). */
const SNAPSHOT_DOWNLOADING_KEY = 'teamSnapshotDownloading';
/** Outbox rows carried per transaction. */
const OUTBOX_BATCH = 200;
/** Customers written into the local book per transaction. */
const MATERIALISE_BATCH = 500;

export class TeamSync {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly open = new Map<string, OpenDoc>();
  /** Customer documents, and the replies document, with changes from the team not yet in the local book. */
  private readonly arrived = new ArrivalMarks();
  /** Customer keys the index says have changed, waiting to be fetched. */
  private readonly wanted = new Set<string>();
  private fetching = 0;
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  private stopped = false;
  connection: TeamConnection = 'connecting';
  offlineSince: number | undefined;
  /** Presence on the index document's awareness (presence.ts); set once start() opened it. */
  private presenceChannel: AwarenessPresence | undefined;
  private presenceActivity: Activity = NO_ACTIVITY;
  private readonly presenceListeners = new Set<(map: PresenceMap) => void>();

  constructor(
    readonly db: HandlebookDatabase,
    readonly membership: TeamMembership,
    private readonly hooks: TeamSyncHooks,
    /** For Node (tests): its WebSocket class, a shorter linger, smaller snapshot pages. */
    private readonly options: { webSocketPolyfill?: unknown; lingerMs?: number; snapshotPageSize?: number } = {},
  ) {
    this.socket = new HocuspocusProviderWebsocket({
      url: socketUrl(membership.server),
      ...(options.webSocketPolyfill ? { WebSocketPolyfill: options.webSocketPolyfill } : {}),
      // Reconnect quickly after a server restart (0.25-1 s, jittered), then less often while it
      // stays down, at most every 10 s. (The retry library refuses a delay below minDelay.)
      delay: 1_000,
      minDelay: 250,
      factor: 2,
      maxDelay: 10_000,
      maxAttempts: 0,
    });
    this.socket.on('status', ({ status }: { status: WebSocketStatus }) => {
      const next: TeamConnection = status === WebSocketStatus.Connected ? 'connected' : status === WebSocketStatus.Connecting ? 'connecting' : 'offline';
      if (next === 'offline' && this.offlineSince === undefined) this.offlineSince = Date.now();
      if (next === 'connected') this.offlineSince = undefined;
      // While reconnecting after a loss, the person is still offline.
      this.connection = next === 'connecting' && this.offlineSince !== undefined ? 'offline' : next;
    });
  }

  /** Opens the index, members and replies documents and carries on whatever a stopped worker left. */
  async start(): Promise<void> {
    const { teamId } = this.membership;
    // A book with none of the team's documents yet (just joined): all of them at once, then the
    // live sync brings what changed since. Without it (an older server, a failed download) every
    // customer the index names is fetched on its own, which is slower but the same in the end.
    // A worker stopped before the download was in the book starts it again.
    const downloading = (await this.db.settings.get(SNAPSHOT_DOWNLOADING_KEY)) !== undefined;
    if (downloading || (await this.db.teamDocs.count()) === 0) {
      await this.loadSnapshot().catch((error) => console.warn('[Handlebook] team snapshot not loaded; fetching customers one by one', error));
    }
    // Stopped meanwhile (left, or removed): open nothing more on its socket.
    if (this.stopped) return;
    const index = await this.openDoc(indexDocumentName(teamId), true);
    if (this.stopped) return;
    this.startPresence(index);
    index.doc.getMap<Uint8Array>(INDEX_MAP).observe((event, tx) => {
      if (tx.origin === FROM_STORE) return;
      this.want([...event.keysChanged]);
    });
    await this.openDoc(membersDocumentName(teamId), true);
    if (this.stopped) return;
    // The members are known from here on. Loaded from the store (or the join's snapshot), they
    // came without an update from the server, so tell the pages that asked before.
    this.hooks.membersChanged?.();
    await this.openDoc(repliesDocumentName(teamId), true);
    if (this.stopped) return;
    // Replies stored from an earlier worker may not be in the local store yet.
    this.arrived.mark(repliesDocumentName(teamId));
    // Dirty documents: open them so the sync sends what the server lacks.
    const dirty = (await this.db.teamDocs.where('dirty').equals(1).primaryKeys()).map(String);
    for (const name of dirty) {
      const key = customerKeyOfDocument(name)?.key;
      if (key !== undefined) void this.openDoc(name, false).then((open) => this.release(open));
    }
    this.scheduleFlush();
  }

  /**
   * Writes every document of the team's snapshot into the document store, a page at a time
   * (lib/team/snapshot.ts), and then their customers into the local book, block by block.
   *
   * The book is written last and in the order of its blocks (buckets.ts) because every write
   * reads and rewrites whole the blocks it touches: written 1,000 customers at a time as they
   * came, a 100,000-customer join rewrote every block ~25 times, and took 317 s (bench/README.md).
   * Until the book is written, a mark in the settings says a download is under way: a worker
   * stopped meanwhile starts it again from the first page.
   */
  private async loadSnapshot(): Promise<void> {
    await this.db.settings.put({ key: SNAPSHOT_DOWNLOADING_KEY, value: true });
    let rows: TeamDocRow[] = [];
    const customers: Customer[] = [];
    const interactions: Interaction[] = [];
    const fetchPage = (from: string | null) => fetchSnapshot(this.membership.server, this.membership.token, from, this.options.snapshotPageSize);
    let nextPage = fetchPage(null);
    for (;;) {
      const page = decodeSnapshot(await nextPage);
      // The server reads the next page while this one is decoded.
      if (page.next !== null) {
        nextPage = fetchPage(page.next);
        nextPage.catch(() => undefined); // awaited below unless stopped first
      }
      for (const [name, state] of page.documents) {
        // Left or removed meanwhile: the book is being deleted, write nothing more into it.
        if (this.stopped) return;
        const doc = new Y.Doc();
        Y.applyUpdate(doc, state, FROM_STORE);
        rows.push(docRow(name, doc, 0));
        const key = customerKeyOfDocument(name)?.key;
        if (key) {
          const content = readCustomerDoc(doc, key);
          if (content.customer && !content.deleted) {
            customers.push(content.customer);
            interactions.push(...content.interactions);
          }
        }
        doc.destroy();
      }
      if (this.stopped) return;
      await this.db.teamDocs.bulkPut(rows);
      rows = [];
      if (page.next === null) break;
    }

    // The book, a group of whole blocks per transaction.
    const historyOf = groupInBlocks(interactions, (i) => bookBlockOf(i.customerKey));
    const byBlock = [...groupInBlocks(customers, (c) => bookBlockOf(c.key))].sort(([a], [b]) => a - b);
    const tables = [...new Set([...customerWriteTables(this.db), ...historyWriteTables(this.db), this.db.settings])];
    for (let i = 0; i < byBlock.length || i === 0; ) {
      if (this.stopped) return;
      const group: Customer[] = [];
      const history: Interaction[] = [];
      for (; i < byBlock.length && group.length < SNAPSHOT_BATCH; i++) {
        const [block, list] = byBlock[i]!;
        group.push(...list);
        history.push(...(historyOf.get(block) ?? []));
      }
      const last = i >= byBlock.length;
      await this.db.transaction('rw', tables, async () => {
        await writeHistory(this.db, { put: history, origin: 'team' });
        await writeCustomers(this.db, { put: group, origin: 'team' });
        if (last) await this.db.settings.delete(SNAPSHOT_DOWNLOADING_KEY);
      });
      if (last) break;
    }
    this.hooks.changed({ handles: [], templates: false, all: true });
  }

  stop(): void {
    this.stopped = true;
    this.presenceChannel?.stop();
    this.presenceListeners.clear();
    for (const open of this.open.values()) {
      clearTimeout(open.idle);
      open.provider.destroy();
    }
    this.open.clear();
    this.socket.destroy();
  }

  // ---- Presence (lib/team/presence.ts): who is replying to / looking at which customer --------

  /** Publishes what this member is doing now (its tabs' merged reports) to the team. */
  setPresence(activity: Activity): void {
    this.presenceActivity = activity;
    this.presenceChannel?.set(activity);
  }

  /** The other members' presence per handle. */
  presence(): PresenceMap {
    return this.presenceChannel?.map() ?? {};
  }

  /** Calls `listener` whenever the other members' presence changes. */
  onPresence(listener: (map: PresenceMap) => void): void {
    this.presenceListeners.add(listener);
  }

  private startPresence(index: OpenDoc): void {
    const awareness = index.provider.awareness;
    if (!awareness || this.presenceChannel) return;
    const { memberId, name } = this.membership;
    this.presenceChannel = new AwarenessPresence(awareness, { memberId, name });
    this.presenceChannel.subscribe((map) => {
      for (const listener of this.presenceListeners) listener(map);
    });
    this.presenceChannel.set(this.presenceActivity);
  }

  /** Members of the team as the server's members document lists them. */
  members(): (MemberDocEntry & { memberId: string })[] {
    const doc = this.open.get(membersDocumentName(this.membership.teamId))?.doc;
    if (!doc) return [];
    return [...doc.getMap<MemberDocEntry>(MEMBERS_MAP).entries()].map(([memberId, entry]) => ({ memberId, ...entry }));
  }

  /** Writes waiting to reach the team: outbox rows not yet carried, documents not yet acknowledged. */
  async pending(): Promise<number> {
    const [rows, dirty] = await Promise.all([this.db.teamOutbox.count(), this.db.teamDocs.where('dirty').equals(1).count()]);
    return rows + dirty;
  }

  /** Called after every write the person made: carries the outbox into the documents. */
  scheduleFlush(): void {
    if (this.stopped) return;
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = (async () => {
      try {
        do {
          this.flushAgain = false;
          while (await this.flushOnce()) {
            // More to carry.
          }
        } while (this.flushAgain && !this.stopped);
      } catch (error) {
        console.error('[Handlebook] team sync failed to store a change; it will be tried again', error);
        setTimeout(() => this.scheduleFlush(), 2_000);
      } finally {
        this.flushing = undefined;
        this.storeIndexWhenCaughtUp();
      }
    })();
  }

  /** Resolves once everything written so far is carried into the documents and the book. */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /**
   * One round: carries up to OUTBOX_BATCH outbox rows into their documents, stores those and
   * the documents the team changed, and writes the team's view of every customer involved into
   * the local book, unless more outbox rows arrived meanwhile (the next round does it then, so
   * the local book never loses a write that is not in a document yet). True when there is more.
   */
  private async flushOnce(): Promise<boolean> {
    const { teamId, name: author } = this.membership;
    const rows = await this.db.teamOutbox.orderBy('seq').limit(OUTBOX_BATCH).toArray();
    const edited = new Set<string>();
    for (const row of rows) for (const key of keysOf(row)) edited.add(customerDocName(teamId, key));
    const repliesName = repliesDocumentName(teamId);
    const taken = this.arrived.take(MATERIALISE_BATCH);
    const arrived = [...taken.keys()].filter((name) => name !== repliesName);
    const repliesEdited = rows.some((row) => row.templates?.length);
    const repliesArrived = taken.has(repliesName);
    if (rows.length === 0 && taken.size === 0) return false;

    const docs = new Map<string, OpenDoc>();
    for (const name of new Set([...edited, ...arrived])) docs.set(name, await this.openDoc(name, false));
    const replies = await this.openDoc(repliesDocumentName(teamId), true);
    for (const row of rows) applyOutboxRow(row, (key) => docs.get(customerDocName(teamId, key))!.doc, replies.doc, author);

    const names = [...docs.keys()];
    const keys = names.map((name) => customerKeyOfDocument(name)!.key);
    const stored = [...names, ...(repliesEdited || repliesArrived ? [replies.name] : [])];
    const docOf = (name: string) => (name === replies.name ? replies.doc : docs.get(name)!.doc);
    const handles: string[] = [];
    let templatesChanged = false;
    const tables = [...customerWriteTables(this.db), ...historyWriteTables(this.db), ...templateWriteTables(this.db), this.db.teamDocs];
    const done = await this.db.transaction('rw', [...new Set(tables)], async () => {
      if (rows.length) await this.db.teamOutbox.bulkDelete(rows.map((r) => r.seq!));
      const rowsNow = await this.db.teamDocs.bulkGet(stored);
      const locally = (name: string) => edited.has(name) || (name === replies.name && repliesEdited);
      await this.db.teamDocs.bulkPut(stored.map((name, n) => docRow(name, docOf(name), locally(name) || rowsNow[n]?.dirty === 1 ? 1 : 0)));
      if ((await this.db.teamOutbox.count()) > 0) return false;
      handles.push(...(await this.materialise(keys, docs)));
      if (repliesEdited || repliesArrived) templatesChanged = await this.materialiseReplies(replies.doc);
      return true;
    });
    // What arrived while this round wrote stays marked for the next one.
    if (done) this.arrived.clear(taken);
    for (const name of names) this.release(docs.get(name)!);
    if (handles.length || templatesChanged) this.hooks.changed({ handles, templates: templatesChanged });
    return rows.length === OUTBOX_BATCH || !done || this.arrived.size > 0;
  }

  /** Writes the team's replies into the local store where they differ; true when any did. */
  private async materialiseReplies(doc: Y.Doc): Promise<boolean> {
    const theirs = readTemplates(doc);
    const mine = new Map((await readAllTemplates(this.db)).map((t) => [t.id, t]));
    const put: Template[] = theirs.filter((t) => JSON.stringify(mine.get(t.id)) !== JSON.stringify(t));
    const ids = new Set(theirs.map((t) => t.id));
    const remove = [...mine.keys()].filter((id) => !ids.has(id));
    await writeTemplates(this.db, { put, delete: remove, origin: 'team' });
    return put.length > 0 || remove.length > 0;
  }

  /** Writes each customer as its document has it into the local book; returns the handles involved. */
  private async materialise(keys: string[], docs: Map<string, OpenDoc>): Promise<string[]> {
    const { teamId } = this.membership;
    const [local, histories] = await Promise.all([getCustomers(this.db, keys), readHistories(this.db, keys)]);
    const put: Customer[] = [];
    const remove: string[] = [];
    const historyPut: Interaction[] = [];
    const historyRemove: Interaction[] = [];
    const handles: string[] = [];
    const folded: { into: string; content: CustomerDocContent }[] = [];
    keys.forEach((key, n) => {
      const content = readCustomerDoc(docs.get(customerDocName(teamId, key))!.doc, key);
      const before = local[n];
      const history = histories.get(key) ?? [];
      const shown = content.customer && !content.deleted ? content.customer : undefined;
      if (before) handles.push(before.handleLower, ...before.handleHistory.map((h) => h.handle.toLowerCase()));
      if (shown) {
        put.push(shown);
        handles.push(shown.handleLower);
      } else if (before) remove.push(key);
      if (content.mergedInto) folded.push({ into: content.mergedInto, content });
      const theirs = new Map((shown ? content.interactions : []).map((i) => [i.id, i]));
      for (const i of history) if (!theirs.has(i.id)) historyRemove.push(i);
      const mine = new Map(history.map((i) => [i.id, i]));
      for (const i of theirs.values()) if (JSON.stringify(mine.get(i.id)) !== JSON.stringify(i)) historyPut.push(i);
    });
    await writeHistory(this.db, { put: historyPut, remove: historyRemove, origin: 'team' });
    await writeCustomers(this.db, { put, delete: remove, origin: 'team' });
    await this.bringOverFolded(folded);
    return handles;
  }

  /**
   * Folded records that hold something their target lacks (written by a member who did not know
   * of the fold yet): brought over as this member's own edit of the target, which then reaches
   * the team like any write. Every member may do it; the same notes and interactions (same ids)
   * written twice are one. A target not in this book yet is left for when it is.
   */
  private async bringOverFolded(folded: { into: string; content: CustomerDocContent }[]): Promise<void> {
    if (!folded.length) return;
    let brought = false;
    const targets = await getCustomers(this.db, folded.map((f) => f.into));
    const histories = await readHistories(this.db, folded.map((f) => f.into));
    const now = Date.now();
    for (const [n, { into, content }] of folded.entries()) {
      const target = targets[n];
      const left = target && leftOverAfterFold(content, target, histories.get(into) ?? [], now);
      if (!left) continue;
      await writeHistory(this.db, { put: left.interactions });
      await writeCustomers(this.db, { put: [left.customer] });
      brought = true;
    }
    // Recorded in the outbox like the person's own writes: carried on by the next round.
    if (brought) this.flushAgain = true;
  }

  /** Customers the index says changed: fetch those whose stored state lacks something. */
  private want(keys: string[]): void {
    for (const key of keys) this.wanted.add(key);
    this.pumpFetches();
  }

  private pumpFetches(): void {
    const { teamId } = this.membership;
    const index = this.open.get(indexDocumentName(teamId))?.doc.getMap<Uint8Array>(INDEX_MAP);
    while (!this.stopped && index && this.fetching < FETCH_CONCURRENCY && this.wanted.size) {
      const key = this.wanted.values().next().value as string;
      this.wanted.delete(key);
      const vector = index.get(key);
      if (!(vector instanceof Uint8Array)) continue;
      this.fetching++;
      void this.fetch(customerDocName(teamId, key), vector).finally(() => {
        this.fetching--;
        this.pumpFetches();
        this.storeIndexWhenCaughtUp();
      });
    }
  }

  /**
   * The index is stored only when everything it named is fetched and written into the local book:
   * a worker stopped before that starts from the older index, and the server's sync then brings
   * the entries it had not caught up with again (their changes re-trigger the fetches). So a
   * worker start costs the changes since, not a look at every customer.
   */
  private storeIndexWhenCaughtUp(): void {
    if (this.stopped || this.wanted.size || this.fetching || this.arrived.size || this.flushing) return;
    const index = this.open.get(indexDocumentName(this.membership.teamId));
    if (index) void this.db.teamDocs.put(docRow(index.name, index.doc, 0));
  }

  private async fetch(name: string, vector: Uint8Array): Promise<void> {
    const held = this.open.get(name)?.doc;
    const stored = held ? Y.encodeStateVector(held) : (await this.db.teamDocs.get(name))?.vector;
    if (covers(stored, vector)) return;
    const open = await this.openDoc(name, false);
    await open.synced;
    // The sync's updates marked it arrived; make sure even an empty answer is written.
    this.arrived.mark(name);
    this.scheduleFlush();
    this.release(open);
  }

  /** An open document, loaded from the store and attached to the socket. */
  private async openDoc(name: string, pinned: boolean): Promise<OpenDoc> {
    const existing = this.open.get(name);
    if (existing) {
      clearTimeout(existing.idle);
      existing.idle = undefined;
      return existing;
    }
    const doc = await loadDoc(this.db, name);
    const again = this.open.get(name);
    if (again) return this.openDoc(name, pinned);
    let resolveSynced!: () => void;
    const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
    const provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name,
      document: doc,
      token: this.membership.token,
      // One awareness per socket keeps Hocuspocus's ping checks (and the MV3 worker) alive: the index's.
      ...(pinned ? {} : { awareness: null }),
      // Every provider has its own routing key on the socket (document name + session). A customer
      // document is closed after a while and opened again later; under the bare name, the server
      // can take the new provider's messages for the closing one's, or apply a close the old one
      // sent to the new one, and the new provider's changes then wait unacknowledged until the
      // next reconnection (tests/server/team-sync.test.ts).
      sessionAwareness: true,
    });
    provider.on('synced', ({ state }: { state: boolean }) => {
      if (state) resolveSynced();
    });
    provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0 && provider.isSynced) void this.markAcknowledged(name, provider);
    });
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
      const parsed = AuthFailureReason.safeParse(reason);
      this.hooks.refused(parsed.success ? parsed.data : 'unknown-token');
    });
    const isReplies = name === repliesDocumentName(this.membership.teamId);
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider) return;
      if (isReplies || customerKeyOfDocument(name)) this.arrived.mark(name);
      else return;
      this.scheduleFlush();
    });
    const open: OpenDoc = { name, doc, provider, synced, pinned };
    this.open.set(name, open);
    provider.attach();
    if (name === membersDocumentName(this.membership.teamId)) {
      // Stored as it comes: nothing derives from it locally.
      doc.on('update', (_update: Uint8Array, origin: unknown) => {
        if (origin !== provider) return;
        void this.db.teamDocs.put(docRow(name, doc, 0));
        this.hooks.membersChanged?.();
      });
    }
    return open;
  }

  /**
   * Closes a customer document once nothing has used it for LINGER_MS. Never while offline: the
   * provider's close message would wait in the socket's queue and reach the server only after the
   * reconnection, among the messages of whatever opened the document again meanwhile.
   */
  private release(open: OpenDoc): void {
    if (open.pinned || this.stopped) return;
    clearTimeout(open.idle);
    open.idle = setTimeout(() => {
      if (this.arrived.has(open.name) || open.provider.hasUnsyncedChanges || this.connection !== 'connected') return this.release(open);
      this.open.delete(open.name);
      open.provider.destroy();
      open.doc.destroy();
    }, this.options.lingerMs ?? LINGER_MS);
  }

  /** The server holds everything this document has: stored as acknowledged. */
  private async markAcknowledged(name: string, provider: HocuspocusProvider): Promise<void> {
    await this.db.transaction('rw', this.db.teamDocs, this.db.teamOutbox, async () => {
      const row = await this.db.teamDocs.get(name);
      // A change the flush applied since the acknowledgement is not acknowledged yet.
      if (row?.dirty !== 1 || provider.hasUnsyncedChanges) return;
      // Only the flag: the stored state stays the one the flush wrote with the book. Storing the
      // document as it is now could store changes from the team not yet in the book, and a
      // worker stopped before its next flush would then never write them there (the stored
      // state would already cover the team's index).
      await this.db.teamDocs.update(name, { dirty: 0 });
    });
  }
}

function keysOf(row: OutboxRow): string[] {
  return [...(row.customers ?? []).map((e) => e.key), ...(row.history ? [...row.history.came, ...row.history.gone].map((i) => i.customerKey) : [])];
}

/** Applies one outbox row to the documents it touched: its customers', the team's replies. */
function applyOutboxRow(row: OutboxRow, docOf: (key: string) => Y.Doc, replies: Y.Doc, author: string): void {
  if (row.templates?.length) {
    replies.transact(() => {
      for (const edit of row.templates!) applyTemplateEdit(replies, edit);
    }, LOCAL_EDIT);
  }
  for (const edit of row.customers ?? []) {
    const doc = docOf(edit.key);
    doc.transact(() => applyCustomerEdit(doc, edit, author), LOCAL_EDIT);
  }
  if (row.history) {
    const byKey = new Map<string, { came: Interaction[]; gone: Interaction[] }>();
    const entry = (key: string) => byKey.get(key) ?? byKey.set(key, { came: [], gone: [] }).get(key)!;
    for (const i of row.history.came) entry(i.customerKey).came.push(i);
    for (const i of row.history.gone) entry(i.customerKey).gone.push(i);
    for (const [key, { came, gone }] of byKey) {
      const doc = docOf(key);
      doc.transact(() => applyHistoryEdit(doc, came, gone, author), LOCAL_EDIT);
    }
  }
}
