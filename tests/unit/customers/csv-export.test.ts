import { describe, expect, it } from 'vitest';
import {
  customersTable,
  customersToCsv,
  exportFileName,
  historyToCsv,
  interactionUrl,
  isoDate,
  responseMinutes,
} from '@/lib/customers/csv-export';
import { parseCsv, unprotectCell } from '@/lib/packs/csv';
import { customer, interaction, note } from './fixtures';

/** Parses CSV text back into records keyed by header (cells unprotected as a reader would). */
function readBack(text: string): { headers: string[]; records: Record<string, string>[]; raw: string[][] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const [headers, ...rows] = parsed.rows;
  return {
    headers: headers!,
    raw: rows,
    records: rows.map((cells) => Object.fromEntries(headers!.map((h, i) => [h, unprotectCell(cells[i] ?? '')]))),
  };
}

const T1 = Date.UTC(2026, 0, 15, 9, 30, 0);
const T2 = Date.UTC(2026, 1, 1, 18, 5, 42, 123);

const ana = customer('ana_m', {
  userId: '123456789',
  displayName: 'Ana María "La Jefa", Ñoño',
  tags: ['vip', 'refund, partial', 'café'],
  status: 'waiting_us',
  notes: [note('First note\nwith a line break', T1), note('Newest note: said "thanks" 🎉', T2), note('Middle note, with comma', T1 + 1)],
  fields: { order_id: 'A-1042', email: 'ana@example.com' },
  firstSeen: T1,
  lastContact: T2,
  interactionCount: 12,
});
const evil = customer('evil', {
  displayName: '=HYPERLINK("http://evil.example","click")',
  tags: ['+1 555 0100'],
  notes: [note('@SUM(A1:A9)', T1)],
  fields: { phone: '-42', note: "'=already quoted" },
  firstSeen: T1,
});
const rtl = customer('rtl', { displayName: 'مرحبا بالعالم \u202Eevil', fields: { city: 'תל אביב' }, firstSeen: T1 });

describe('customersToCsv', () => {
  it('starts with a UTF-8 BOM and uses CRLF line ends', () => {
    const text = customersToCsv([ana]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('\ufeffhandle,user_id,name,tags,status,notes,field:email,field:order_id,first_seen,last_contact,interaction_count');
  });

  it('writes one column per distinct custom field, sorted, between notes and first_seen', () => {
    const { headers } = readBack(customersToCsv([ana, evil, rtl]));
    expect(headers).toEqual([
      'handle',
      'user_id',
      'name',
      'tags',
      'status',
      'notes',
      'field:city',
      'field:email',
      'field:note',
      'field:order_id',
      'field:phone',
      'first_seen',
      'last_contact',
      'interaction_count',
    ]);
  });

  it('reads back to the same values: quotes, commas, line breaks, accents, emoji, bidi', () => {
    const { records } = readBack(customersToCsv([ana, evil, rtl]));
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual({
      handle: 'ana_m',
      user_id: '123456789',
      name: 'Ana María "La Jefa", Ñoño',
      tags: 'vip; refund, partial; café',
      status: 'waiting_us',
      notes: 'Newest note: said "thanks" 🎉 | Middle note, with comma | First note\nwith a line break',
      'field:city': '',
      'field:email': 'ana@example.com',
      'field:note': '',
      'field:order_id': 'A-1042',
      'field:phone': '',
      first_seen: '2026-01-15T09:30:00.000Z',
      last_contact: '2026-02-01T18:05:42.123Z',
      interaction_count: '12',
    });
    expect(records[2]!.name).toBe('مرحبا بالعالم \u202Eevil');
    expect(records[2]!['field:city']).toBe('תל אביב');
    // Never contacted: empty, not 1970.
    expect(records[2]!.last_contact).toBe('');
    expect(records[2]!.user_id).toBe('');
  });

  it('neutralises formula-like cells so a spreadsheet shows them as text', () => {
    const { raw, records } = readBack(customersToCsv([evil]));
    const cells = raw[0]!;
    expect(cells[2]).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(cells[3]).toBe("'+1 555 0100");
    expect(cells[5]).toBe("'@SUM(A1:A9)");
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
    // A reader that removes the protection gets the original text back.
    expect(records[0]!.name).toBe('=HYPERLINK("http://evil.example","click")');
    expect(records[0]!['field:phone']).toBe('-42');
    expect(records[0]!['field:note']).toBe("'=already quoted");
  });

  it('exports just the header for no customers', () => {
    expect(readBack(customersToCsv([])).records).toEqual([]);
    expect(customersTable([]).headers).toHaveLength(9);
  });

  it('keeps the given order of customers', () => {
    expect(readBack(customersToCsv([rtl, evil, ana])).records.map((r) => r.handle)).toEqual(['rtl', 'evil', 'ana_m']);
  });
});

describe('historyToCsv', () => {
  const list = [
    interaction('h:ana_m', T2, {
      direction: 'out',
      inReplyToId: '1700000000000000001',
      excerpt: 'Where is my order?',
      text: 'On its way, "tracking" below,\nthanks!',
      responseMs: 754_000,
      templateId: 'tpl-shipping',
    }),
    interaction('h:ana_m', T1, { direction: 'in', tweetId: '1700000000000000001', excerpt: 'Where is my order?', text: 'Where is my order? =1+1' }),
  ];

  it('writes at, direction, tweet_url, excerpt, text, response_minutes, template_id', () => {
    const text = historyToCsv(list, 'ana_m');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const { headers, records } = readBack(text);
    expect(headers).toEqual(['at', 'direction', 'tweet_url', 'excerpt', 'text', 'response_minutes', 'template_id']);
    expect(records).toEqual([
      {
        at: '2026-02-01T18:05:42.123Z',
        direction: 'out',
        tweet_url: 'https://x.com/ana_m/status/1700000000000000001',
        excerpt: 'Where is my order?',
        text: 'On its way, "tracking" below,\nthanks!',
        response_minutes: '12.6',
        template_id: 'tpl-shipping',
      },
      {
        at: '2026-01-15T09:30:00.000Z',
        direction: 'in',
        tweet_url: 'https://x.com/ana_m/status/1700000000000000001',
        excerpt: 'Where is my order?',
        text: 'Where is my order? =1+1',
        response_minutes: '',
        template_id: '',
      },
    ]);
  });

  it('links our own reply when its id is known, and nothing when no tweet is known', () => {
    expect(interactionUrl(interaction('k', 1, { direction: 'out', tweetId: '55', inReplyToId: '44' }), 'ann')).toBe('https://x.com/i/status/55');
    expect(interactionUrl(interaction('k', 1, { direction: 'out' }), 'ann')).toBe('');
    expect(interactionUrl(interaction('k', 1, { direction: 'in' }), 'ann')).toBe('');
  });
});

describe('helpers', () => {
  it('formats dates, minutes and file names', () => {
    expect(isoDate(0)).toBe('');
    expect(isoDate(undefined)).toBe('');
    expect(isoDate(T1)).toBe('2026-01-15T09:30:00.000Z');
    expect(responseMinutes(undefined)).toBe('');
    expect(responseMinutes(0)).toBe('0.0');
    expect(responseMinutes(90 * 60_000)).toBe('90.0');
    expect(exportFileName('customers', new Date(2026, 2, 5))).toBe('handlebook-customers-2026-03-05.csv');
    expect(exportFileName('history-Ann_Lee', new Date(2026, 11, 31))).toBe('handlebook-history-Ann_Lee-2026-12-31.csv');
    expect(exportFileName('../../etc', new Date(2026, 0, 1))).toBe('handlebook-etc-2026-01-01.csv');
  });
});
