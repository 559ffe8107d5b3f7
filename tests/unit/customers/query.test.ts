import { describe, expect, it } from 'vitest';
import {
  buildRows,
  DEFAULT_SORT,
  filterRows,
  foldText,
  isFiltered,
  isWaitingOnUs,
  latestNoteOf,
  narrows,
  nextSort,
  parseSearch,
  queryRows,
  RowCache,
  searchTextOf,
  sortRows,
  type CustomerFilter,
  type CustomerRow,
} from '@/lib/customers/query';
import { customer, manyCustomers, note } from './fixtures';

const handles = (rows: readonly CustomerRow[]) => rows.map((r) => r.customer.handle);
const all: CustomerFilter = { text: '', tag: null, status: 'all' };
const search = (text: string): CustomerFilter => ({ ...all, text });

const ann = customer('Ann_Lee', {
  displayName: 'Ann Lée',
  handleHistory: [{ handle: 'annie_old', changedAt: 5 }],
  tags: ['VIP', 'refund'],
  status: 'waiting_us',
  waitingSince: 3_000,
  notes: [note('Promised a refund on order #1042', 10), note('Called back, all good', 20)],
  fields: { order_id: 'A-77', email: 'ann@example.com' },
  lastContact: 9_000,
  interactionCount: 4,
});
const bob = customer('bob', {
  displayName: 'Bob Stone',
  tags: ['beta'],
  status: 'open',
  waitingSince: 1_000,
  notes: [note('Beta tester\nloves   dark mode', 5)],
  fields: { plan: 'enterprise' },
  lastContact: 12_000,
  interactionCount: 9,
});
const cy = customer('cy', { displayName: '', tags: ['vip'], status: 'resolved', waitingSince: 500, lastContact: 0, interactionCount: 1 });
const dee = customer('dee', { displayName: 'dee', status: 'waiting_them', lastContact: 5_000, interactionCount: 9 });
const rows = buildRows([ann, bob, cy, dee]);

describe('foldText and search text', () => {
  it('lower-cases, removes accents and collapses whitespace', () => {
    expect(foldText('JOSÉ  Müller\n\tÅngström')).toBe('jose muller angstrom');
    expect(foldText('Ünïcödé')).toBe('unicode');
    expect(foldText('日本語 テキスト')).toBe('日本語 テキスト');
  });

  it('holds handles (current and former), name, tags, notes and field values, but not field names', () => {
    const text = searchTextOf(ann);
    for (const part of ['@ann_lee', '@annie_old', 'ann lee', 'vip', 'refund', 'promised a refund on order #1042', 'a-77', 'ann@example.com']) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain('order_id');
    expect(text).not.toContain("email\u0001");
  });

  it('parses words and quoted phrases', () => {
    expect(parseSearch('  Refund  "ORDER #1042"  @Ann ')).toEqual(['refund', 'order #1042', '@ann']);
    expect(parseSearch('"unterminated phrase')).toEqual(['unterminated phrase']);
    expect(parseSearch('   ')).toEqual([]);
    expect(parseSearch('""')).toEqual([]);
  });
});

describe('filterRows', () => {
  it('finds by handle, with or without @, in any case, and by a former handle', () => {
    expect(handles(filterRows(rows, search('ANN_LEE')))).toEqual(['Ann_Lee']);
    expect(handles(filterRows(rows, search('@bo')))).toEqual(['bob']);
    expect(handles(filterRows(rows, search('@annie')))).toEqual(['Ann_Lee']);
    // "@ob" is not the start of a handle.
    expect(handles(filterRows(rows, search('@ob')))).toEqual([]);
  });

  it('finds by display name ignoring accents and case', () => {
    expect(handles(filterRows(rows, search('ann lee')))).toEqual(['Ann_Lee']);
    expect(handles(filterRows(rows, search('LÉE')))).toEqual(['Ann_Lee']);
    expect(handles(filterRows(rows, search('stone')))).toEqual(['bob']);
  });

  it('finds by note text, also across line breaks and repeated spaces', () => {
    expect(handles(filterRows(rows, search('#1042')))).toEqual(['Ann_Lee']);
    expect(handles(filterRows(rows, search('"tester loves dark mode"')))).toEqual(['bob']);
    // An older note counts too, not only the latest.
    expect(handles(filterRows(rows, search('promised')))).toEqual(['Ann_Lee']);
  });

  it('finds by tag text and custom field values, not field names', () => {
    expect(handles(filterRows(rows, search('vip')))).toEqual(['Ann_Lee', 'cy']);
    expect(handles(filterRows(rows, search('enterprise')))).toEqual(['bob']);
    expect(handles(filterRows(rows, search('a-77')))).toEqual(['Ann_Lee']);
    expect(handles(filterRows(rows, search('plan')))).toEqual([]);
  });

  it('needs every word (AND), and a phrase must appear as written', () => {
    expect(handles(filterRows(rows, search('refund good')))).toEqual(['Ann_Lee']);
    expect(handles(filterRows(rows, search('refund beta')))).toEqual([]);
    expect(handles(filterRows(rows, search('"refund good"')))).toEqual([]);
  });

  it('does not match across two fields', () => {
    // "ann lee" + tag "vip" are separate parts: "lee vip" spans them.
    expect(handles(filterRows(rows, search('"lee vip"')))).toEqual([]);
  });

  it('filters by exact tag and by status, combined with search', () => {
    expect(handles(filterRows(rows, { ...all, tag: 'vip' }))).toEqual(['cy']);
    expect(handles(filterRows(rows, { ...all, tag: 'VIP' }))).toEqual(['Ann_Lee']);
    expect(handles(filterRows(rows, { ...all, status: 'open' }))).toEqual(['bob']);
    expect(handles(filterRows(rows, { ...all, status: 'resolved', tag: 'vip' }))).toEqual(['cy']);
    expect(handles(filterRows(rows, { text: 'refund', tag: 'beta', status: 'all' }))).toEqual([]);
    expect(handles(filterRows(rows, all))).toEqual(['Ann_Lee', 'bob', 'cy', 'dee']);
  });

  it('knows when a filter is active', () => {
    expect(isFiltered(all)).toBe(false);
    expect(isFiltered(search('   '))).toBe(false);
    expect(isFiltered(search('x'))).toBe(true);
    expect(isFiltered({ ...all, tag: 'vip' })).toBe(true);
    expect(isFiltered({ ...all, status: 'none' })).toBe(true);
  });
});

describe('owner filter (team mode)', () => {
  const ana = { member: 'm-ana', name: 'Ana' };
  const ben = { member: 'm-ben', name: 'Ben' };
  const owned = buildRows([
    customer('mine', { status: 'open', assignee: ana }),
    customer('mine_done', { status: 'resolved', assignee: ana }),
    customer('bens', { status: 'waiting_them', assignee: ben }),
    customer('nobody', { status: 'waiting_us' }),
    customer('no_case', { status: 'none' }),
  ]);
  const by = (owner: CustomerFilter['owner']) => handles(filterRows(owned, { ...all, owner }));

  it("keeps a member's open cases, or the open cases nobody owns", () => {
    expect(by({ member: 'm-ana' })).toEqual(['mine']);
    expect(by({ member: 'm-ben' })).toEqual(['bens']);
    expect(by('unassigned')).toEqual(['nobody']);
    expect(by('any')).toHaveLength(5);
    expect(isFiltered({ ...all, owner: 'unassigned' })).toBe(true);
    expect(isFiltered({ ...all, owner: 'any' })).toBe(false);
  });

  it('never narrows from another owner', () => {
    expect(narrows({ ...all, owner: { member: 'm-ana' } }, { ...all, owner: { member: 'm-ben' } })).toBe(false);
    expect(narrows({ ...all, owner: { member: 'm-ana' } }, { ...all, text: 'x', owner: { member: 'm-ana' } })).toBe(true);
  });
});

describe('sortRows', () => {
  it('sorts by last contact, newest first by default, never-contacted last in both directions', () => {
    expect(handles(sortRows(rows, DEFAULT_SORT))).toEqual(['bob', 'Ann_Lee', 'dee', 'cy']);
    expect(handles(sortRows(rows, { key: 'lastContact', direction: 'asc' }))).toEqual(['dee', 'Ann_Lee', 'bob', 'cy']);
  });

  it('sorts by interaction count; ties keep the input order', () => {
    expect(handles(sortRows(rows, { key: 'interactionCount', direction: 'desc' }))).toEqual(['bob', 'dee', 'Ann_Lee', 'cy']);
    expect(handles(sortRows(rows, { key: 'interactionCount', direction: 'asc' }))).toEqual(['cy', 'Ann_Lee', 'bob', 'dee']);
  });

  it('sorts by waiting time, oldest waiting first; only open cases waiting on us count', () => {
    // cy is resolved with a stale waitingSince: not waiting. dee has none.
    expect(handles(sortRows(rows, { key: 'waiting', direction: 'desc' }))).toEqual(['bob', 'Ann_Lee', 'cy', 'dee']);
    expect(handles(sortRows(rows, { key: 'waiting', direction: 'asc' }))).toEqual(['Ann_Lee', 'bob', 'cy', 'dee']);
    expect(isWaitingOnUs(cy)).toBe(false);
    expect(rows[2]!.waitingSince).toBeUndefined();
  });

  it('sorts by name (display name, else handle), case- and accent-insensitive', () => {
    const named = buildRows([
      customer('zed', { displayName: 'Émile' }),
      customer('amy', { displayName: 'bea' }),
      customer('cy', { displayName: '' }),
      customer('bo', { displayName: 'Adam' }),
    ]);
    expect(handles(sortRows(named, { key: 'name', direction: 'asc' }))).toEqual(['bo', 'amy', 'cy', 'zed']);
    expect(handles(sortRows(named, { key: 'name', direction: 'desc' }))).toEqual(['zed', 'cy', 'amy', 'bo']);
  });

  it('does not change its input', () => {
    const before = handles(rows);
    sortRows(rows, { key: 'name', direction: 'desc' });
    expect(handles(rows)).toEqual(before);
  });

  it('filters after sorting without losing the order', () => {
    expect(handles(queryRows(rows, search('vip'), { key: 'interactionCount', direction: 'desc' }))).toEqual(['Ann_Lee', 'cy']);
  });

  it('flips the same column, starts another at its natural direction', () => {
    expect(nextSort(DEFAULT_SORT, 'lastContact')).toEqual({ key: 'lastContact', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'waiting')).toEqual({ key: 'waiting', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
  });
});

describe('rows', () => {
  it('picks the latest note by date, whatever the stored order', () => {
    expect(latestNoteOf(customer('x', { notes: [note('new', 30), note('old', 10)] }))?.text).toBe('new');
    expect(latestNoteOf(customer('x'))).toBeUndefined();
    expect(rows[0]!.latestNote?.text).toBe('Called back, all good');
  });

  it('reuses folded text across loads and refolds only changed customers', () => {
    const cache = new RowCache();
    const first = [ann, bob, cy];
    cache.build(first);
    expect(cache.lastFolded).toBe(3);
    // A liveQuery reload returns fresh objects with the same content.
    cache.build(structuredClone(first));
    expect(cache.lastFolded).toBe(0);
    const edited = { ...bob, notes: [note('Wants a callback about invoices', 50)], updatedAt: 99_000 };
    const again = cache.build([structuredClone(ann), edited, structuredClone(cy)]);
    expect(cache.lastFolded).toBe(1);
    expect(handles(filterRows(again, search('invoices')))).toEqual(['bob']);
    expect(handles(filterRows(again, search('dark mode')))).toEqual([]);
    // Rows always carry the current record, even when the text was reused.
    expect(again[0]!.customer).not.toBe(ann);
  });
});

describe('100,000 customers', () => {
  it('builds, sorts and filters in memory (timings printed, not asserted)', { timeout: 60_000 }, () => {
    const customers = manyCustomers(100_000);
    const t0 = performance.now();
    const cache = new RowCache();
    const built = cache.build(customers);
    const t1 = performance.now();
    // What the dashboard's book hands over after one edit: the same objects but one.
    const afterEdit = cache.build(customers.map((c, i) => (i === 500 ? { ...c, notes: [note('just edited', 9e12)], updatedAt: 9e12 } : c)));
    const t1b = performance.now();
    expect(cache.lastFolded).toBe(1);
    expect(afterEdit[500]!.latestNote?.text).toBe('just edited');
    // A full re-read: fresh copies of every record (text reused by timestamp).
    cache.build(customers.map((c) => ({ ...c })));
    const t2 = performance.now();
    const byContact = sortRows(built, DEFAULT_SORT);
    const t3 = performance.now();
    const byName = sortRows(built, { key: 'name', direction: 'asc' });
    const t4 = performance.now();
    const oneWord = filterRows(byContact, search('müller'));
    const t5 = performance.now();
    const twoWords = filterRows(byContact, search('voucher 4242'));
    const t6 = performance.now();
    const miss = filterRows(byContact, { text: 'nothing-matches-this', tag: 'vip', status: 'open' });
    const t7 = performance.now();
    const ms = (a: number, b: number) => `${(b - a).toFixed(1)} ms`;
    console.log(
      [
        '[customers query, 100k]',
        `build rows (fold text) ${ms(t0, t1)}`,
        `rebuild after one edit (other records kept) ${ms(t1, t1b)}`,
        `rebuild from a full re-read (text cached) ${ms(t1b, t2)}`,
        `sort by last contact ${ms(t2, t3)}`,
        `sort by name ${ms(t3, t4)}`,
        `filter one word ${ms(t4, t5)}`,
        `filter two words ${ms(t5, t6)}`,
        `filter no match + tag + status ${ms(t6, t7)}`,
      ].join('\n  '),
    );
    expect(built).toHaveLength(100_000);
    expect(byName).toHaveLength(100_000);
    expect(oneWord.length).toBe(customers.filter((c) => c.displayName.includes('Müller')).length);
    // Every customer whose ticket number contains 4242.
    expect(twoWords.length).toBe(customers.filter((c) => c.notes.some((n) => n.text.includes('Ticket') && /4242/.test(n.text))).length);
    expect(twoWords.length).toBeGreaterThan(0);
    expect(miss).toEqual([]);
    // Sorted by last contact: non-increasing, never-contacted at the end.
    const contacts = byContact.map((r) => r.customer.lastContact);
    const firstNever = contacts.indexOf(0);
    expect(contacts.slice(firstNever).every((c) => c === 0)).toBe(true);
    expect(contacts.slice(0, firstNever).every((c, i, a) => i === 0 || a[i - 1]! >= c)).toBe(true);
  });
});

describe('narrows', () => {
  it('is true only when the new filter can only match a subset', () => {
    expect(narrows(search('mül'), search('müller'))).toBe(true);
    expect(narrows(search('refund'), search('refund vip'))).toBe(true);
    expect(narrows(all, search('anything'))).toBe(true);
    expect(narrows(search('müller'), search('mül'))).toBe(false);
    expect(narrows(search('refund vip'), search('refund'))).toBe(false);
    expect(narrows(search('a'), { ...search('ab'), tag: 'vip' })).toBe(false);
    expect(narrows({ ...all, status: 'open' }, { ...all, status: 'resolved' })).toBe(false);
  });

  it('gives the same result as filtering everything', () => {
    const big = buildRows(manyCustomers(2_000));
    const steps = ['o', 'or', 'ord', 'order', 'order #10', 'order #1001', 'order #1001 voucher'];
    let previous = all;
    let current = filterRows(big, all);
    for (const text of steps) {
      const next = search(text);
      expect(narrows(previous, next)).toBe(true);
      current = filterRows(current, next);
      expect(handles(current)).toEqual(handles(filterRows(big, next)));
      previous = next;
    }
    expect(current.length).toBeGreaterThan(0);
  });
});
