// Writing a backup file (format: see format.ts).
//
// Built for big books (100,000 customers, 500,000 interactions): the tables are read whole, in
// overlapping slices, inside one read transaction (a consistent snapshot), every record is
// written with its known fields in a fixed order, one per line, and the text is produced as a
// list of chunks for a Blob, never as one giant string or one giant object graph.

import type { HandlebookDatabase } from '../db/database';
import type { CustomerBlock } from '../db/customer-store';
import type { HistoryBlock } from '../db/history-store';
import { templatesOf, type TemplateBlock } from '../db/template-store';
import { readStoreInSlices, readWholeStore } from '../db/whole-store';
import type { Customer, Interaction, Pack, Template } from '../db/types';
import type { Settings } from '../settings/schema';
import { BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION, type BackupCounts, type BackupTable } from './format';

export interface BackupContents {
  customers: Customer[];
  interactions: Interaction[];
  templates: Template[];
  packs: Pack[];
  settings: Settings;
}

type BackupRows = Omit<BackupContents, 'settings'>;
type RowSink = { [T in keyof BackupRows]: (rows: BackupRows[T]) => void };

/** Blocks per slice of the book's read: ~1 MB of customers, ~3.5 MB of history at 100,000
 *  customers (whole-store.ts). */
const BOOK_SLICE_BLOCKS = 64;

/**
 * Reads every table a backup holds in ONE read transaction, so the backup is a consistent
 * snapshot, with raw IndexedDB. Customers and interactions come a slice of blocks at a time, as
 * the storage delivers them (whole-store.ts); the few templates and packs come at the end.
 */
async function readBackupTables(db: HandlebookDatabase, sink: RowSink): Promise<void> {
  if (!db.isOpen()) await db.open();
  const tables = [db.customerBlocks.name, db.historyBlocks.name, db.templateBlocks.name, db.packs.name];
  const tx = db.backendDB().transaction(tables, 'readonly');
  const [blocks, packs] = await Promise.all([
    readWholeStore<TemplateBlock>(tx, db.templateBlocks.name),
    readWholeStore<Pack>(tx, db.packs.name),
    readStoreInSlices<CustomerBlock>(tx, db.customerBlocks.name, (slice) => sink.customers(slice.flatMap((b) => b.customers)), BOOK_SLICE_BLOCKS),
    readStoreInSlices<HistoryBlock>(tx, db.historyBlocks.name, (slice) => sink.interactions(slice.flatMap((b) => b.interactions)), BOOK_SLICE_BLOCKS),
  ]);
  sink.templates(templatesOf(blocks));
  sink.packs(packs);
}

/** Everything in the database, as rows (tests, and anything that needs the rows themselves). */
export async function readBackupContents(db: HandlebookDatabase): Promise<BackupRows> {
  const rows: BackupRows = { customers: [], interactions: [], templates: [], packs: [] };
  await readBackupTables(db, {
    customers: (slice) => rows.customers.push(...slice),
    interactions: (slice) => rows.interactions.push(...slice),
    templates: (all) => (rows.templates = all),
    packs: (all) => (rows.packs = all),
  });
  return rows;
}

/**
 * The backup file of everything in the database, as chunks of text for `new Blob(parts)`. Each
 * slice of rows is written while the storage reads the next one, and the rows are not kept.
 */
export async function exportBackup(db: HandlebookDatabase, settings: Settings, exportedAt: Date): Promise<{ parts: string[]; counts: BackupCounts }> {
  const writer = new BackupWriter();
  await readBackupTables(db, {
    customers: (rows) => writer.add('customers', rows),
    interactions: (rows) => writer.add('interactions', rows),
    templates: (rows) => writer.add('templates', rows),
    packs: (rows) => writer.add('packs', rows),
  });
  return { parts: writer.parts(settings, exportedAt), counts: writer.counts };
}

// One writer per record type: the stored type's fields, in a fixed order; absent optional
// fields are left out. Building the object first and stringifying it once is the fastest way
// V8 offers to write JSON; the big tables' writers build it as ONE literal, with every field,
// so every row has the same shape (JSON.stringify leaves out the fields that are undefined).
// Measured in Node on the bench's 600,000 rows: 1.03 s, against 1.08 s adding the fields one
// by one and 0.98 s for JSON.stringify of the stored row itself.

function customerJson(c: Customer): string {
  return JSON.stringify({
    key: c.key,
    userId: c.userId,
    handle: c.handle,
    handleLower: c.handleLower,
    handleHistory: c.handleHistory.map((h) => ({ handle: h.handle, changedAt: h.changedAt })),
    displayName: c.displayName,
    tags: c.tags,
    status: c.status,
    notes: c.notes.map((n) => ({ id: n.id, text: n.text, createdAt: n.createdAt, updatedAt: n.updatedAt, author: n.author })),
    fields: c.fields,
    followers: c.followers,
    firstSeen: c.firstSeen,
    lastContact: c.lastContact,
    interactionCount: c.interactionCount,
    recentAt: c.recentAt,
    waitingSince: c.waitingSince,
    assignee: c.assignee && { member: c.assignee.member, name: c.assignee.name },
    assignments: c.assignments?.map((a) => ({ id: a.id, to: a.to && { member: a.to.member, name: a.to.name }, by: a.by, at: a.at })),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  });
}

function interactionJson(i: Interaction): string {
  return JSON.stringify({
    id: i.id,
    customerKey: i.customerKey,
    direction: i.direction,
    tweetId: i.tweetId,
    inReplyToId: i.inReplyToId,
    excerpt: i.excerpt,
    text: i.text,
    at: i.at,
    templateId: i.templateId,
    dedupeKey: i.dedupeKey,
    responseMs: i.responseMs,
    author: i.author,
    handled: i.handled,
  });
}

function templateJson(t: Template): string {
  const o: Record<string, unknown> = { id: t.id, title: t.title, body: t.body };
  if (t.shortcut !== undefined) o.shortcut = t.shortcut;
  if (t.folder !== undefined) o.folder = t.folder;
  o.tags = t.tags;
  if (t.lang !== undefined) o.lang = t.lang;
  o.usageCount = t.usageCount;
  if (t.lastUsedAt !== undefined) o.lastUsedAt = t.lastUsedAt;
  o.createdAt = t.createdAt;
  o.updatedAt = t.updatedAt;
  if (t.source !== undefined) {
    const s: Record<string, unknown> = { packId: t.source.packId, upstreamId: t.source.upstreamId, upstreamHash: t.source.upstreamHash, edited: t.source.edited };
    if (t.source.upstreamChanged !== undefined) s.upstreamChanged = t.source.upstreamChanged;
    o.source = s;
  }
  return JSON.stringify(o);
}

function packJson(p: Pack): string {
  const o: Record<string, unknown> = { id: p.id, name: p.name };
  if (p.description !== undefined) o.description = p.description;
  if (p.author !== undefined) o.author = p.author;
  if (p.updatedAt !== undefined) o.updatedAt = p.updatedAt;
  if (p.subscriptionUrl !== undefined) o.subscriptionUrl = p.subscriptionUrl;
  if (p.etag !== undefined) o.etag = p.etag;
  if (p.lastCheckedAt !== undefined) o.lastCheckedAt = p.lastCheckedAt;
  if (p.lastSuccessAt !== undefined) o.lastSuccessAt = p.lastSuccessAt;
  if (p.lastError !== undefined) o.lastError = p.lastError;
  o.templateCount = p.templateCount;
  o.importedAt = p.importedAt;
  return JSON.stringify(o);
}

function settingsJson(s: Settings): string {
  return JSON.stringify({
    agentName: s.agentName,
    initials: s.initials,
    signOff: s.signOff,
    charLimit: s.charLimit,
    guardPatterns: s.guardPatterns.map((p) => ({ label: p.label, pattern: p.pattern })),
    pickerShortcut: s.pickerShortcut,
    shortcutExpansion: s.shortcutExpansion,
    claimOnReply: s.claimOnReply,
    brandHandles: s.brandHandles,
    watchTerms: s.watchTerms,
    savedSearches: s.savedSearches.map((q) => ({ name: q.name, query: q.query })),
    triageRules: s.triageRules.map((r) => ({ id: r.id, terms: r.terms, tags: r.tags, ...(r.status ? { status: r.status } : {}) })),
    slaTargets: { open: s.slaTargets.open, waiting_us: s.slaTargets.waiting_us, waiting_them: s.slaTargets.waiting_them },
    slaNotify: s.slaNotify,
  });
}

const WRITERS: { [T in BackupTable]: (row: BackupContents[T][number]) => string } = {
  customers: customerJson,
  interactions: interactionJson,
  templates: templateJson,
  packs: packJson,
};

/** Records joined per chunk: big enough to keep the part count low, small enough to stay cheap. */
const ROWS_PER_CHUNK = 2_000;

/** Writes records as they come, table by table; the file's text is put together at the end. */
class BackupWriter {
  private readonly chunks: Record<BackupTable, string[]> = { customers: [], interactions: [], templates: [], packs: [] };
  readonly counts: BackupCounts = { customers: 0, interactions: 0, templates: 0, packs: 0 };

  add<T extends BackupTable>(table: T, rows: readonly BackupContents[T][number][]): void {
    const write = WRITERS[table] as (row: unknown) => string;
    for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
      const end = Math.min(rows.length, start + ROWS_PER_CHUNK);
      const lines = new Array<string>(end - start);
      for (let i = start; i < end; i++) lines[i - start] = write(rows[i]);
      this.chunks[table].push(lines.join(',\n'));
    }
    this.counts[table] += rows.length;
  }

  /** One record per line; `exportedAt` is passed in so tests are deterministic. */
  parts(settings: Settings, exportedAt: Date): string[] {
    const parts: string[] = [
      `{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"exportedAt":${JSON.stringify(exportedAt.toISOString())},\n"counts":${JSON.stringify(this.counts)}`,
    ];
    for (const table of BACKUP_TABLES) {
      const chunks = this.chunks[table];
      if (chunks.length === 0) {
        parts.push(`,\n${JSON.stringify(table)}:[]`);
        continue;
      }
      parts.push(`,\n${JSON.stringify(table)}:[\n`);
      chunks.forEach((chunk, i) => parts.push(chunk + (i < chunks.length - 1 ? ',\n' : '\n]')));
    }
    parts.push(`,\n"settings":${settingsJson(settings)}\n}\n`);
    return parts;
  }
}

/** The backup file of `contents` as chunks of text (for `new Blob(parts)`), one record per line. */
export function backupParts(contents: BackupContents, exportedAt: Date): string[] {
  const writer = new BackupWriter();
  for (const table of BACKUP_TABLES) writer.add(table, contents[table]);
  return writer.parts(contents.settings, exportedAt);
}

/** The whole file as one string (tests, small books). */
export function serializeBackup(contents: BackupContents, exportedAt: Date): string {
  return backupParts(contents, exportedAt).join('');
}

/** "handlebook-backup-2025-01-31.json" in local time. */
export function backupFileName(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `handlebook-backup-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.json`;
}
