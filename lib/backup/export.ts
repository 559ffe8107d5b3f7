// Writing a backup file (format: see format.ts).
//
// Built for big books (100,000 customers, 500,000 interactions): the tables are read with one
// bulk `toArray` each inside one read transaction (a consistent snapshot), every record is
// written with its known fields in a fixed order, one per line, and the text is produced as a
// list of chunks for a Blob, never as one giant string or one giant object graph.

import type { HandlebookDatabase } from '../db/database';
import { readAllTemplates } from '../db/template-store';
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

/** Everything in the database, read in one transaction so the backup is a consistent snapshot. */
export async function readBackupContents(db: HandlebookDatabase): Promise<Omit<BackupContents, 'settings'>> {
  return db.transaction('r', db.customers, db.interactions, db.templateBlocks, db.packs, async () => {
    const [customers, interactions, templates, packs] = await Promise.all([
      db.customers.toArray(),
      db.interactions.toArray(),
      readAllTemplates(db),
      db.packs.toArray(),
    ]);
    return { customers, interactions, templates, packs };
  });
}

// One writer per record type: the stored type's fields, in a fixed order; absent optional
// fields are left out. Building the object first and stringifying it once is the fastest way
// V8 offers to write JSON.

function customerJson(c: Customer): string {
  const o: Record<string, unknown> = { key: c.key };
  if (c.userId !== undefined) o.userId = c.userId;
  o.handle = c.handle;
  o.handleLower = c.handleLower;
  o.handleHistory = c.handleHistory.map((h) => ({ handle: h.handle, changedAt: h.changedAt }));
  o.displayName = c.displayName;
  o.tags = c.tags;
  o.status = c.status;
  o.notes = c.notes.map((n) => ({ id: n.id, text: n.text, createdAt: n.createdAt, updatedAt: n.updatedAt }));
  o.fields = c.fields;
  if (c.followers !== undefined) o.followers = c.followers;
  o.firstSeen = c.firstSeen;
  o.lastContact = c.lastContact;
  o.interactionCount = c.interactionCount;
  if (c.recentAt !== undefined) o.recentAt = c.recentAt;
  if (c.waitingSince !== undefined) o.waitingSince = c.waitingSince;
  o.createdAt = c.createdAt;
  o.updatedAt = c.updatedAt;
  return JSON.stringify(o);
}

function interactionJson(i: Interaction): string {
  const o: Record<string, unknown> = { id: i.id, customerKey: i.customerKey, direction: i.direction };
  if (i.tweetId !== undefined) o.tweetId = i.tweetId;
  if (i.inReplyToId !== undefined) o.inReplyToId = i.inReplyToId;
  o.excerpt = i.excerpt;
  o.text = i.text;
  o.at = i.at;
  if (i.templateId !== undefined) o.templateId = i.templateId;
  o.dedupeKey = i.dedupeKey;
  if (i.responseMs !== undefined) o.responseMs = i.responseMs;
  return JSON.stringify(o);
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

/**
 * The backup file as chunks of text (for `new Blob(parts)`), one record per line. `exportedAt`
 * is passed in so tests are deterministic.
 */
export function backupParts(contents: BackupContents, exportedAt: Date): string[] {
  const counts: BackupCounts = {
    customers: contents.customers.length,
    interactions: contents.interactions.length,
    templates: contents.templates.length,
    packs: contents.packs.length,
  };
  const parts: string[] = [
    `{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"exportedAt":${JSON.stringify(exportedAt.toISOString())},\n"counts":${JSON.stringify(counts)}`,
  ];
  for (const table of BACKUP_TABLES) {
    const rows = contents[table] as readonly unknown[];
    const write = WRITERS[table] as (row: unknown) => string;
    if (rows.length === 0) {
      parts.push(`,\n${JSON.stringify(table)}:[]`);
      continue;
    }
    parts.push(`,\n${JSON.stringify(table)}:[\n`);
    for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
      const end = Math.min(rows.length, start + ROWS_PER_CHUNK);
      const lines = new Array<string>(end - start);
      for (let i = start; i < end; i++) lines[i - start] = write(rows[i]);
      parts.push(lines.join(',\n') + (end < rows.length ? ',\n' : '\n]'));
    }
  }
  parts.push(`,\n"settings":${settingsJson(contents.settings)}\n}\n`);
  return parts;
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
