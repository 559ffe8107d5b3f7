import type { CaseStatus, Customer, CustomerNote } from '../db/types';
import { isOpenCase } from '../db/case-status';

// The dashboard's customer list: search, filter and sort over plain arrays, fast enough for
// 100,000 customers on every keystroke.
//
// How it stays fast:
// - Each customer's searchable text (handles, name, notes, tags, field values) is folded
//   (lower case, accents removed, whitespace collapsed) once per data load into one string,
//   and reused across loads while the record's `updatedAt` is unchanged (RowCache).
// - Sorting happens once per data load and sort choice; filtering a sorted array keeps its
//   order, so typing in the search box only filters (one `includes` pass per search word).

/** One customer plus what the list precomputes about it. */
export interface CustomerRow {
  readonly customer: Customer;
  /** Folded searchable text; parts separated by U+0001 so no search term spans two parts. */
  readonly search: string;
  /** Folded display name (or handle when there is none), for sorting by name. */
  readonly sortName: string;
  readonly latestNote: CustomerNote | undefined;
  /** When the case started waiting on us; undefined unless the case is open and waiting on us. */
  readonly waitingSince: number | undefined;
}

export type StatusFilter = CaseStatus | 'all';

/**
 * Team mode: whose open cases. 'any' (the default) filters nothing; 'unassigned' and a member
 * id keep only open cases (open, waiting on us or on them) nobody owns / that member owns.
 */
export type OwnerFilter = 'any' | 'unassigned' | { member: string };

export interface CustomerFilter {
  /** What was typed in the search box: words (all must match) and "quoted phrases". */
  text: string;
  /** Exact tag, or null for any. */
  tag: string | null;
  status: StatusFilter;
  owner?: OwnerFilter;
}

export type SortKey = 'name' | 'lastContact' | 'interactionCount' | 'waiting';
export type SortDirection = 'asc' | 'desc';

export interface CustomerSort {
  key: SortKey;
  /**
   * For `waiting`, the direction applies to the waiting time: `desc` puts the longest wait
   * (oldest `waitingSince`) first.
   */
  direction: SortDirection;
}

/** What a column header's first click sorts by: newest, most, longest waiting first; names A-Z. */
export const DEFAULT_DIRECTION: Record<SortKey, SortDirection> = {
  name: 'asc',
  lastContact: 'desc',
  interactionCount: 'desc',
  waiting: 'desc',
};

export const DEFAULT_SORT: CustomerSort = { key: 'lastContact', direction: 'desc' };
export const EMPTY_FILTER: CustomerFilter = { text: '', tag: null, status: 'all' };

const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** Lower case, accents removed ("José" → "jose"), runs of whitespace made one space. */
export function foldText(text: string): string {
  let out = text.toLowerCase();
  // Decomposing is the expensive part; most text is plain ASCII and skips it.
  if (NON_ASCII.test(out)) out = out.normalize('NFD').replace(COMBINING_MARKS, '');
  return out.replace(/\s+/g, ' ');
}

/** Is the case open and waiting for our answer? */
export function isWaitingOnUs(customer: Customer): boolean {
  return (customer.status === 'open' || customer.status === 'waiting_us') && customer.waitingSince !== undefined;
}

/** The most recently written note (notes are stored oldest first, but do not rely on it). */
export function latestNoteOf(customer: Customer): CustomerNote | undefined {
  let latest: CustomerNote | undefined;
  for (const note of customer.notes) if (!latest || note.createdAt >= latest.createdAt) latest = note;
  return latest;
}

/**
 * V8 keeps strings made by concatenation and replacement as trees and flattens them on the
 * first search, which made the first keystroke over 100k customers take ~0.5 s. A numeric
 * conversion flattens them now, while the data loads.
 */
function flatten(text: string): string {
  void ((text as unknown as number) | 0);
  return text;
}

/** Separates the parts of a search text: not whitespace, so folding keeps it, and never typed. */
const PART = '\u0001';

/** Everything the search box looks through, folded, parts separated so no word spans two. */
export function searchTextOf(customer: Customer): string {
  let text = `@${customer.handle}`;
  for (const old of customer.handleHistory) text += `${PART}@${old.handle}`;
  if (customer.displayName) text += PART + customer.displayName;
  for (const tag of customer.tags) text += PART + tag;
  for (const note of customer.notes) text += PART + note.text;
  for (const value of Object.values(customer.fields)) if (value) text += PART + value;
  // One fold over the whole text is much cheaper than one per part.
  return flatten(foldText(text));
}

interface CacheEntry {
  customer: Customer;
  row: CustomerRow;
}

/**
 * Remembers each customer's row between data loads: an unchanged record (the same object, or
 * a fresh copy with the same `updatedAt`, handle and name) keeps its folded text, so a reload
 * after one edit folds one record, not 100,000. Entries of customers no longer present are dropped.
 */
export class RowCache {
  private entries = new Map<string, CacheEntry>();
  /** How many rows the last build had to fold (for tests and measurements). */
  lastFolded = 0;

  build(customers: readonly Customer[]): CustomerRow[] {
    const next = new Map<string, CacheEntry>();
    const rows: CustomerRow[] = new Array(customers.length);
    let folded = 0;
    for (let i = 0; i < customers.length; i++) {
      const customer = customers[i]!;
      const held = this.entries.get(customer.key);
      let entry: CacheEntry;
      if (held && held.customer === customer) {
        entry = held;
      } else {
        const same =
          held &&
          held.customer.updatedAt === customer.updatedAt &&
          held.customer.handle === customer.handle &&
          held.customer.displayName === customer.displayName;
        if (!same) folded++;
        entry = {
          customer,
          row: {
            customer,
            search: same ? held.row.search : searchTextOf(customer),
            sortName: same ? held.row.sortName : foldText(customer.displayName.trim() || customer.handle),
            latestNote: latestNoteOf(customer),
            waitingSince: isWaitingOnUs(customer) ? customer.waitingSince : undefined,
          },
        };
      }
      next.set(customer.key, entry);
      rows[i] = entry.row;
    }
    this.entries = next;
    this.lastFolded = folded;
    return rows;
  }
}

/** Rows for a list of customers, without a cache. */
export function buildRows(customers: readonly Customer[]): CustomerRow[] {
  return new RowCache().build(customers);
}

/**
 * The search box's text as folded search terms: words, plus "quoted phrases" kept whole.
 * A leading @ stays, so "@ann" matches handles starting with ann while "ann" matches anywhere.
 */
export function parseSearch(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const term = foldText(match[1] ?? match[2] ?? '').trim();
    if (term) terms.push(term);
  }
  return terms;
}

/** Sort value where a missing value is undefined (missing values always sort last). */
function numericValue(row: CustomerRow, key: Exclude<SortKey, 'name'>): number | undefined {
  switch (key) {
    case 'lastContact':
      return row.customer.lastContact > 0 ? row.customer.lastContact : undefined;
    case 'interactionCount':
      return row.customer.interactionCount;
    case 'waiting':
      // Longer wait = older waitingSince: negate so "desc" (longest first) is a plain desc.
      return row.waitingSince === undefined ? undefined : -row.waitingSince;
  }
}

/**
 * A sorted copy. Ties keep the input order (the sort is stable); customers with no value for
 * the key (never contacted, not waiting) come last in both directions.
 */
export function sortRows(rows: readonly CustomerRow[], sort: CustomerSort): CustomerRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const copy = rows.slice();
  if (sort.key === 'name') {
    copy.sort((a, b) => {
      const c = a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0;
      if (c !== 0) return sign * c;
      return a.customer.handleLower < b.customer.handleLower ? -sign : a.customer.handleLower > b.customer.handleLower ? sign : 0;
    });
    return copy;
  }
  const key = sort.key;
  // Decorate once into a typed array (NaN = missing) and sort indices: reading values through
  // objects inside the comparator costs ~17 lookups per row.
  const values = new Float64Array(copy.length);
  const order: number[] = new Array(copy.length);
  for (let i = 0; i < copy.length; i++) {
    values[i] = numericValue(copy[i]!, key) ?? Number.NaN;
    order[i] = i;
  }
  order.sort((a, b) => {
    const x = values[a]!;
    const y = values[b]!;
    if (x !== x || y !== y) return x !== x ? (y !== y ? a - b : 1) : -1;
    return sign * (x - y) || a - b;
  });
  return order.map((i) => copy[i]!);
}

function ownerMatches(customer: Customer, owner: OwnerFilter): boolean {
  if (owner === 'any') return true;
  if (!isOpenCase(customer)) return false;
  return owner === 'unassigned' ? !customer.assignee : customer.assignee?.member === owner.member;
}

/** Does the row pass the filter? `terms` come from parseSearch. */
export function rowMatches(row: CustomerRow, terms: readonly string[], tag: string | null, status: StatusFilter, owner: OwnerFilter = 'any'): boolean {
  if (status !== 'all' && row.customer.status !== status) return false;
  if (!ownerMatches(row.customer, owner)) return false;
  if (tag !== null && !row.customer.tags.includes(tag)) return false;
  for (const term of terms) if (!row.search.includes(term)) return false;
  return true;
}

/** The rows that pass the filter, in their given order. */
export function filterRows(rows: readonly CustomerRow[], filter: CustomerFilter): CustomerRow[] {
  const terms = parseSearch(filter.text);
  const owner = filter.owner ?? 'any';
  if (!terms.length && filter.tag === null && filter.status === 'all' && owner === 'any') return rows.slice();
  return rows.filter((row) => rowMatches(row, terms, filter.tag, filter.status, owner));
}

/**
 * Can rows that passed `previous` be filtered for `next` instead of all rows? True when `next`
 * only narrows: same tag and status, and every earlier search term is part of a new one
 * (typing "mül" then "müller", or adding a word). Each keystroke then scans fewer rows.
 */
export function narrows(previous: CustomerFilter, next: CustomerFilter): boolean {
  if (previous.tag !== next.tag || previous.status !== next.status || ownerKey(previous.owner) !== ownerKey(next.owner)) return false;
  const before = parseSearch(previous.text);
  const after = parseSearch(next.text);
  return before.every((term) => after.some((t) => t.includes(term)));
}

/** Filter then sort (the dashboard memoises the two steps separately; see the header). */
export function queryRows(rows: readonly CustomerRow[], filter: CustomerFilter, sort: CustomerSort): CustomerRow[] {
  return filterRows(sortRows(rows, sort), filter);
}

/** The sort after clicking a column header: same column flips, another column starts at its default. */
export function nextSort(current: CustomerSort, key: SortKey): CustomerSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: DEFAULT_DIRECTION[key] };
}

const ownerKey = (owner: OwnerFilter | undefined) => (typeof owner === 'object' ? `member:${owner.member}` : (owner ?? 'any'));

/** Is any filter active (search text, tag, status or owner)? */
export function isFiltered(filter: CustomerFilter): boolean {
  return parseSearch(filter.text).length > 0 || filter.tag !== null || filter.status !== 'all' || ownerKey(filter.owner) !== 'any';
}
