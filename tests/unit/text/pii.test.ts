import { describe, it, expect } from 'vitest';
import {
  compileCustomPatterns,
  detectPersonalData,
  ibanValid,
  luhnValid,
  MAX_CUSTOM_MATCHES,
  type PersonalDataFinding,
} from '@/lib/text/pii';

const found = (text: string, options?: Parameters<typeof detectPersonalData>[1]): string[] =>
  detectPersonalData(text, options).map((f) => `${f.kind}:${f.match}`);

describe('luhnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['4111 1111 1111 1111', true],
    ['4111-1111-1111-1111', true],
    ['378282246310005', true],
    ['5555555555554444', true],
    ['4111111111111112', false],
    ['1234567812345678', false],
    ['4111a11111111111', false],
    ['0', false],
    ['', false],
  ])('%j -> %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});

describe('ibanValid', () => {
  it.each([
    ['DE89 3704 0044 0532 0130 00', true],
    ['GB82WEST12345698765432', true],
    ['fr14 2004 1010 0505 0001 3m02 606', true],
    ['NL91ABNA0417164300', true],
    ['DE89 3704 0044 0532 0130 01', false], // check digits
    ['DE89 3704 0044 0532 0130', false], // length for DE
    ['XX89370400440532013000', false], // unknown country
    ['DE8937040044053201300!', false],
  ])('%j -> %s', (iban, valid) => {
    expect(ibanValid(iban)).toBe(valid);
  });
});

describe('detectPersonalData: true positives', () => {
  it.each([
    ['Mail me at jane.doe+tag@example.co.uk.', ['email:jane.doe+tag@example.co.uk']],
    ['Email: JOSÉ@correo.es', ['email:JOSÉ@correo.es']],
    ['Call +44 20 7946 0958 today', ['phone:+44 20 7946 0958']],
    ['Call +44 (0)20 7946 0958', ['phone:+44 (0)20 7946 0958']],
    ['US: (555) 123-4567', ['phone:(555) 123-4567']],
    ['US: +1 (555) 123-4567', ['phone:+1 (555) 123-4567']],
    ['dots 555.123.4567', ['phone:555.123.4567']],
    ['FR 06 12 34 56 78', ['phone:06 12 34 56 78']],
    ['short 555-1234', ['phone:555-1234']],
    ['my number is 07911123456', ['phone:07911123456']],
    ['call 5551234567', ['phone:5551234567']],
    ['E.164 +12025550123', ['phone:+12025550123']],
    ['card 4111 1111 1111 1111 exp 12/27', ['card:4111 1111 1111 1111']],
    ['card 4111-1111-1111-1111', ['card:4111-1111-1111-1111']],
    ['amex 3782 822463 10005', ['card:3782 822463 10005']],
    ['IBAN DE89 3704 0044 0532 0130 00 thanks', ['iban:DE89 3704 0044 0532 0130 00']],
    ['IBAN GB82WEST12345698765432.', ['iban:GB82WEST12345698765432']],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('reports kind, label and exact offsets', () => {
    const text = 'Hi, reach me at 555-123-4567 or a@b.io';
    expect(detectPersonalData(text)).toEqual<PersonalDataFinding[]>([
      { kind: 'phone', label: 'Phone number', start: 16, end: 28, match: '555-123-4567' },
      { kind: 'email', label: 'Email address', start: 32, end: 38, match: 'a@b.io' },
    ]);
  });
});

describe('detectPersonalData: false positives avoided', () => {
  it.each([
    'Order #12345678 shipped',
    'order 12345678 shipped',
    'Delivered on 2026-11-24 at 10:30',
    'ETA 24.11.2026 14:00',
    'due 11/24/2026',
    'on 11-24-2026',
    'born 24 11 1990',
    'Version 10.0.19045.2965 and v1.2.3',
    'IP 192.168.1.100',
    'Price $1,299.99 or 1 299 000 EUR or €1234567',
    'pi is 3.14159265',
    'ratio 1:5000000',
    'tweet id 1862345678901234567',
    'see https://x.com/jack/status/1862345678901234567',
    'see https://example.com/?phone=5551234567&card=4111111111111111',
    'https://localhost:8080/users/5551234567',
    'card 4111 1111 1111 1112', // fails Luhn
    'account 1234 5678 9012 3456', // Luhn-valid-looking test with the wrong prefix
    'DE89 3704 0044 0532 0130 01', // mistyped IBAN is not a card either
    'a@b.c and user@localhost',
    'Up 12.5% (1,234,567 users)',
  ])('%j', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('detectPersonalData: overlaps and order', () => {
  it('lets a card win over a phone number for the same digits', () => {
    expect(found('pay with 4111 1111 1111 1111 please')).toEqual(['card:4111 1111 1111 1111']);
  });

  it('returns findings sorted by start, without overlaps', () => {
    const text = 'a@b.io then 4111111111111111 then +44 20 7946 0958 then DE89370400440532013000';
    const findings = detectPersonalData(text);
    expect(findings.map((f) => f.kind)).toEqual(['email', 'card', 'phone', 'iban']);
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.match);
  });

  it('lets built-in kinds win over custom patterns', () => {
    expect(found('ref 555-123-4567', { customPatterns: [{ label: 'Digits', pattern: '\\d{3}-\\d{3}' }] })).toEqual(['phone:555-123-4567']);
  });
});

describe('custom patterns', () => {
  it('matches user patterns, with /…/flags literals', () => {
    const options = { customPatterns: [{ label: 'Order', pattern: '/ord-\\d{6}/i' }, { label: 'Ticket', pattern: 'TCK\\d+' }] };
    expect(detectPersonalData('ORD-123456 and TCK99 and ord-654321', options).map((f) => [f.label, f.match])).toEqual([
      ['Order', 'ORD-123456'],
      ['Ticket', 'TCK99'],
      ['Order', 'ord-654321'],
    ]);
  });

  it('reports invalid, empty and risky patterns without throwing', () => {
    const result = compileCustomPatterns([
      { label: 'ok', pattern: 'ORD-\\d{6}' },
      { label: 'syntax', pattern: '(' },
      { label: 'empty', pattern: '' },
      { label: 'matches nothing', pattern: 'x*' },
      { label: 'nested', pattern: '(a+)+$' },
      { label: 'nested words', pattern: '(\\w+\\s?)*$' },
      { label: 'dot star star', pattern: '(.*)*x' },
      { label: 'fine repeat', pattern: '\\d+(?:-\\d+)*' },
      { label: 'legacy class', pattern: '[\\w-]+@corp\\.example' },
    ]);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.index, e.label])).toEqual([
      [1, 'syntax'],
      [2, 'empty'],
      [3, 'matches nothing'],
      [4, 'nested'],
      [5, 'nested words'],
      [6, 'dot star star'],
    ]);
    for (const e of result.errors) expect(e.message).toMatch(/\w/);
    expect(result.patterns.map((p) => p.label)).toEqual(['ok', 'fine repeat', 'legacy class']);
    expect(compileCustomPatterns([{ label: 'ok', pattern: 'x+' }]).ok).toBe(true);
  });

  it('skips bad patterns during detection instead of throwing or hanging', () => {
    // (a+)+$ on 40 a's backtracks for hours: the test timeout catches a guard that broke.
    const evil = `${'a'.repeat(40)}!`;
    const findings = detectPersonalData(evil, { customPatterns: [{ label: 'evil', pattern: '(a+)+$' }, { label: 'bad', pattern: '[' }] });
    expect(findings).toEqual([]);
  });

  it('caps the number of matches per pattern', () => {
    const findings = detectPersonalData('x '.repeat(500), { customPatterns: [{ label: 'x', pattern: 'x' }] });
    expect(findings).toHaveLength(MAX_CUSTOM_MATCHES);
  });
});

describe('long posts', () => {
  it('scans a 25,000-character post', () => {
    const text = 'Hello, call me on 555-123-4567 or mail a@b.com about order #123456 on 2026-11-24. '.repeat(300).slice(0, 25_000);
    const findings = detectPersonalData(text);
    expect(findings.length).toBeGreaterThan(500);
    expect(detectPersonalData('1'.repeat(25_000))).toEqual([]);
    expect(detectPersonalData('a'.repeat(25_000))).toEqual([]);
  });
});
