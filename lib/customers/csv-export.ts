import type { Customer, Interaction } from '../db/types';
import { toCsv } from '../packs/csv';
import { statusUrl } from '../x/urls';

// CSV exports from the dashboard: customers (for a spreadsheet or a CRM's contact import) and
// one customer's history. UTF-8 with a byte-order mark so Excel reads accents; RFC 4180 with
// formula-like cells neutralised (lib/packs/csv.ts). Dates are ISO 8601 in UTC.

export const CUSTOMER_CSV_LEADING_COLUMNS = ['handle', 'user_id', 'name', 'tags', 'status', 'notes'] as const;
export const CUSTOMER_CSV_TRAILING_COLUMNS = ['first_seen', 'last_contact', 'interaction_count'] as const;
export const HISTORY_CSV_COLUMNS = ['at', 'direction', 'tweet_url', 'excerpt', 'text', 'response_minutes', 'template_id'] as const;

/** Joins tags inside their cell. */
export const TAG_SEPARATOR = '; ';
/** Joins notes inside their cell, newest first. */
export const NOTE_SEPARATOR = ' | ';
/** Custom field `order_id` becomes the column `field:order_id`. */
export const FIELD_COLUMN_PREFIX = 'field:';

/** ISO 8601 UTC ("2026-03-01T09:30:00.000Z"); empty for "never" (0 or missing). */
export function isoDate(ms: number | undefined): string {
  return ms !== undefined && ms > 0 && Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** Every custom field key used by these customers, sorted, once each. */
export function fieldKeys(customers: readonly Customer[]): string[] {
  const keys = new Set<string>();
  for (const c of customers) for (const key of Object.keys(c.fields)) keys.add(key);
  return [...keys].sort();
}

export interface CsvTable {
  headers: string[];
  rows: string[][];
}

/** The customer export as a header and rows of cells (before CSV quoting). */
export function customersTable(customers: readonly Customer[]): CsvTable {
  const keys = fieldKeys(customers);
  const headers = [...CUSTOMER_CSV_LEADING_COLUMNS, ...keys.map((k) => FIELD_COLUMN_PREFIX + k), ...CUSTOMER_CSV_TRAILING_COLUMNS];
  const rows = customers.map((c) => {
    const notes = [...c.notes].sort((a, b) => b.createdAt - a.createdAt).map((n) => n.text);
    return [
      c.handle,
      c.userId ?? '',
      c.displayName,
      c.tags.join(TAG_SEPARATOR),
      c.status,
      notes.join(NOTE_SEPARATOR),
      ...keys.map((k) => (Object.hasOwn(c.fields, k) ? c.fields[k]! : '')),
      isoDate(c.firstSeen),
      isoDate(c.lastContact),
      String(c.interactionCount),
    ];
  });
  return { headers, rows };
}

/** Customers as CSV text (with BOM), ready to download. */
export function customersToCsv(customers: readonly Customer[]): string {
  const { headers, rows } = customersTable(customers);
  return toCsv(headers, rows, { bom: true, protectFormulas: true });
}

/**
 * Where an interaction can be seen on X: the customer's tweet for incoming ones; for our
 * replies, the reply itself when its id is known, else the tweet it answered (as the card links).
 */
export function interactionUrl(interaction: Interaction, handle: string): string {
  if (interaction.direction === 'in') return interaction.tweetId ? statusUrl(handle, interaction.tweetId) : '';
  if (interaction.tweetId) return `https://x.com/i/status/${interaction.tweetId}`;
  return interaction.inReplyToId ? statusUrl(handle, interaction.inReplyToId) : '';
}

/** Minutes with one decimal ("12.5"); empty when unknown. */
export function responseMinutes(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return (Math.round(ms / 6_000) / 10).toFixed(1);
}

/** One customer's interactions as a header and rows of cells, in the given order. */
export function historyTable(interactions: readonly Interaction[], handle: string): CsvTable {
  return {
    headers: [...HISTORY_CSV_COLUMNS],
    rows: interactions.map((i) => [
      isoDate(i.at),
      i.direction,
      interactionUrl(i, handle),
      i.excerpt,
      i.text,
      responseMinutes(i.responseMs),
      i.templateId ?? '',
    ]),
  };
}

/** One customer's history as CSV text (with BOM). */
export function historyToCsv(interactions: readonly Interaction[], handle: string): string {
  const { headers, rows } = historyTable(interactions, handle);
  return toCsv(headers, rows, { bom: true, protectFormulas: true });
}

/** "handlebook-customers-2026-03-01.csv" (local date: the day the person exported). */
export function exportFileName(what: string, now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const safe = what.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
  return `handlebook-${safe}-${day}.csv`;
}
