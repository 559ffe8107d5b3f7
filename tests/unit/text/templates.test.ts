import { describe, it, expect } from 'vitest';
import {
  expandTemplate,
  findUnresolvedPlaceholders,
  firstNameOf,
  initialsOf,
  KNOWN_VARIABLES,
  listFillIns,
  parseTemplate,
  VARIABLE_DESCRIPTIONS,
  type TemplateContext,
} from '@/lib/text/templates';

// A local-time date, so {{date}} is the same in every time zone.
const NOW = new Date(2026, 10, 24, 12, 0, 0);

const ctx: TemplateContext = {
  customer: { displayName: 'María-José García 🌸', handle: 'mjgarcia', fields: { plan: 'Pro', city: 'Sevilla', blank: '   ' } },
  agent: { name: 'Sam Lee' },
  now: NOW,
};

describe('expandTemplate: variables', () => {
  it.each([
    ['{{first_name}}', 'María-José'],
    ['{{name}}', 'María-José García'],
    ['{{handle}}', '@mjgarcia'],
    ['{{agent}}', 'Sam Lee'],
    ['{{initials}}', 'SL'],
    ['{{date}}', '24 Nov 2026'],
    ['{{field.plan}}', 'Pro'],
  ])('%s', (body, expected) => {
    expect(expandTemplate(body, ctx)).toEqual({ text: expected, cursor: null, missing: [], errors: [] });
  });

  it('fills a whole reply and tolerates spaces inside the braces', () => {
    const out = expandTemplate('Hi {{ first_name }}, your {{ field.plan }} plan is active. — {{agent}} ({{initials}}), {{date}}', ctx);
    expect(out.text).toBe('Hi María-José, your Pro plan is active. — Sam Lee (SL), 24 Nov 2026');
    expect(out.missing).toEqual([]);
  });

  it('accepts variable names in any case', () => {
    expect(expandTemplate('{{First_Name}} {{HANDLE}}', ctx).text).toBe('María-José @mjgarcia');
  });

  it('does not double the @ of a handle given with one', () => {
    expect(expandTemplate('{{handle}}', { ...ctx, customer: { handle: '@mj' } }).text).toBe('@mj');
  });

  it('uses the agent initials when given', () => {
    expect(expandTemplate('{{initials}}', { ...ctx, agent: { name: 'Sam Lee', initials: 'sx' } }).text).toBe('sx');
  });

  it('formats the date for the given locale', () => {
    expect(expandTemplate('{{date}}', { ...ctx, locale: 'en-US' }).text).toBe('Nov 24, 2026');
    expect(expandTemplate('{{date}}', { ...ctx, locale: 'de-DE' }).text).toBe('24. Nov. 2026');
    // A malformed locale tag falls back to the default rather than throwing.
    expect(expandTemplate('{{date}}', { ...ctx, locale: 'not a locale!!' }).text).toBe('24 Nov 2026');
  });
});

describe('expandTemplate: missing values and fallbacks', () => {
  const empty: TemplateContext = { now: NOW };

  it('keeps a placeholder without value or fallback and reports it', () => {
    const out = expandTemplate('Hi {{first_name}}, about {{field.plan}}', empty);
    expect(out.text).toBe('Hi {{first_name}}, about {{field.plan}}');
    expect(out.missing).toEqual(['first_name', 'field.plan']);
    expect(findUnresolvedPlaceholders(out.text)).toHaveLength(2);
  });

  it('uses the fallback when the value is missing or blank', () => {
    expect(expandTemplate('Hi {{first_name|there}}!', empty)).toMatchObject({ text: 'Hi there!', missing: [] });
    expect(expandTemplate('Plan: {{field.blank | unknown}}', ctx).text).toBe('Plan: unknown');
    expect(expandTemplate('Hi {{ first_name | there }}!', ctx).text).toBe('Hi María-José!');
  });

  it('allows an explicitly empty fallback', () => {
    expect(expandTemplate('Hi{{first_name|}}!', empty)).toMatchObject({ text: 'Hi!', missing: [] });
  });

  it('treats a display name with no letters as missing', () => {
    const out = expandTemplate('Hi {{first_name}}', { now: NOW, customer: { displayName: '🔥✨ 🔥' } });
    expect(out).toMatchObject({ text: 'Hi {{first_name}}', missing: ['first_name'] });
  });

  it('lists each missing placeholder once', () => {
    expect(expandTemplate('{{agent}} {{agent}} {{handle}}', empty).missing).toEqual(['agent', 'handle']);
  });

  it('treats an invalid date as missing', () => {
    expect(expandTemplate('{{date}}', { now: new Date(Number.NaN) }).missing).toEqual(['date']);
  });
});

describe('expandTemplate: fill-ins and cursor', () => {
  it('inserts fill-in values by label', () => {
    const out = expandTemplate('Order {{?order number}} ships {{ ?ship date }}.', { ...ctx, fillIns: { 'order number': '#4521', 'ship date': 'Monday' } });
    expect(out).toMatchObject({ text: 'Order #4521 ships Monday.', missing: [] });
  });

  it('keeps unanswered fill-ins and reports them with their ?', () => {
    const out = expandTemplate('Order {{?order number}}', { ...ctx, fillIns: { 'order number': ' ' } });
    expect(out).toMatchObject({ text: 'Order {{?order number}}', missing: ['?order number'] });
  });

  it('lists the fill-ins of a body, once each, in order', () => {
    expect(listFillIns('{{?order number}} {{first_name}} {{?reason}} {{ ?order number }}')).toEqual(['order number', 'reason']);
    expect(listFillIns('no fill-ins')).toEqual([]);
  });

  it('removes {{cursor}} and returns its offset in the expanded text', () => {
    const out = expandTemplate('Hi {{first_name}}, {{cursor}}\n— {{agent}}', ctx);
    expect(out.text).toBe('Hi María-José, \n— Sam Lee');
    expect(out.cursor).toBe('Hi María-José, '.length);
  });

  it('uses the first cursor and removes any other', () => {
    const out = expandTemplate('a{{cursor}}b{{ cursor }}c', ctx);
    expect(out).toMatchObject({ text: 'abc', cursor: 1 });
  });
});

describe('parseTemplate: errors', () => {
  it('reports an unknown variable with its name and position, and keeps it in the text', () => {
    const body = 'Hi {{firstname}}!';
    const { errors } = parseTemplate(body);
    expect(errors).toEqual([{ kind: 'unknown-variable', name: 'firstname', start: 3, end: 16, message: expect.stringContaining('firstname') }]);
    const out = expandTemplate(body, ctx);
    expect(out.text).toBe(body);
    expect(out.errors).toHaveLength(1);
  });

  it('reports an unclosed {{ and an empty {{}}', () => {
    expect(parseTemplate('Hi {{first_name').errors).toMatchObject([{ kind: 'unclosed', start: 3, end: 5 }]);
    expect(parseTemplate('Hi {{ }} there').errors).toMatchObject([{ kind: 'empty', start: 3, end: 8 }]);
    expect(parseTemplate('{{field.}} {{?}} {{|x}}').errors.map((e) => e.kind)).toEqual(['empty', 'empty', 'empty']);
  });

  it('tokenises text and placeholders with positions', () => {
    expect(parseTemplate('Hi {{first_name|there}}, {{field.plan}}{{?n}}{{cursor}}.').tokens).toEqual([
      { type: 'text', value: 'Hi ', start: 0, end: 3 },
      { type: 'variable', name: 'first_name', fallback: 'there', raw: '{{first_name|there}}', start: 3, end: 23 },
      { type: 'text', value: ', ', start: 23, end: 25 },
      { type: 'field', key: 'plan', raw: '{{field.plan}}', start: 25, end: 39 },
      { type: 'fillIn', label: 'n', raw: '{{?n}}', start: 39, end: 45 },
      { type: 'cursor', raw: '{{cursor}}', start: 45, end: 55 },
      { type: 'text', value: '.', start: 55, end: 56 },
    ]);
  });

  it('exports the known variables with descriptions for autocomplete', () => {
    expect([...KNOWN_VARIABLES].sort()).toEqual(['agent', 'cursor', 'date', 'first_name', 'handle', 'initials', 'name']);
    for (const name of KNOWN_VARIABLES) expect(VARIABLE_DESCRIPTIONS[name]).toMatch(/\w/);
  });
});

describe('hostile input', () => {
  it('uses own properties only: __proto__ and constructor are plain field names', () => {
    const fields = JSON.parse('{"__proto__": "proto value", "plan": "Pro"}') as Record<string, string>;
    const out = expandTemplate('{{field.__proto__}} {{field.constructor}} {{field.toString}} {{field.hasOwnProperty|none}}', { now: NOW, customer: { fields } });
    expect(out.text).toBe('proto value {{field.constructor}} {{field.toString}} none');
    expect(out.missing).toEqual(['field.constructor', 'field.toString']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    const fields = Object.create({ plan: 'inherited' }) as Record<string, string>;
    expect(expandTemplate('{{field.plan}}', { now: NOW, customer: { fields } }).missing).toEqual(['field.plan']);
    const fillIns = Object.create({ order: '#1' }) as Record<string, string>;
    expect(expandTemplate('{{?order}}', { now: NOW, fillIns }).missing).toEqual(['?order']);
  });

  it('does not read fill-ins from the prototype', () => {
    expect(expandTemplate('{{?constructor}}', { now: NOW, fillIns: {} }).missing).toEqual(['?constructor']);
  });

  it('ignores non-string field values', () => {
    const fields = { plan: 42 } as unknown as Record<string, string>;
    expect(expandTemplate('{{field.plan|n/a}}', { now: NOW, customer: { fields } }).text).toBe('n/a');
  });

  it('handles nested and repeated braces predictably', () => {
    const out = expandTemplate('{{{{name}}}}', ctx);
    expect(out.errors.map((e) => [e.kind, e.start])).toEqual([['unclosed', 0]]);
    expect(out.text).toBe('{{María-José García}}');
    expect(parseTemplate('{{a{{first_name}} }}').errors.map((e) => e.kind)).toEqual(['unclosed']);
    expect(parseTemplate('{{{{{{').errors.map((e) => e.start)).toEqual([0, 2, 4]);
  });

  // A quadratic parser would blow the test timeout on these inputs.
  it('stays linear on very long inputs', () => {
    parseTemplate('{{a'.repeat(100_000));
    parseTemplate(`${'{{'.repeat(100_000)}}}`);
    const out = expandTemplate('{{first_name}} '.repeat(20_000), ctx);
    expect(out.text.startsWith('María-José María-José')).toBe(true);
  });
});

describe('findUnresolvedPlaceholders', () => {
  it('finds every {{…}} and any stray {{ left in text to be sent', () => {
    expect(findUnresolvedPlaceholders('Hi {{first_name}}, see {{ field.plan }} and {{ oops')).toEqual([
      { start: 3, end: 17, raw: '{{first_name}}' },
      { start: 23, end: 39, raw: '{{ field.plan }}' },
      { start: 44, end: 46, raw: '{{' },
    ]);
  });

  it('finds nothing in a fully expanded reply', () => {
    expect(findUnresolvedPlaceholders(expandTemplate('Hi {{first_name|there}} {{cursor}}', { now: NOW }).text)).toEqual([]);
    expect(findUnresolvedPlaceholders('single { braces } are fine')).toEqual([]);
  });
});

describe('names', () => {
  it.each([
    ['Jane Doe', 'Jane'],
    ['  jane   doe ', 'jane'],
    ['🌸 Maria 🌸', 'Maria'],
    ['Dr. Jane Doe', 'Jane'],
    ["Seán O'Brien", 'Seán'],
    ['Jean-Luc Picard', 'Jean-Luc'],
    ['山田太郎', '山田太郎'],
    ['ACME Support | Maria', 'ACME'],
    ['Agent 47', 'Agent'],
    ['✨✨', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('first name of %j is %j', (displayName, expected) => {
    expect(firstNameOf(displayName)).toBe(expected);
  });

  it.each([
    ['Sam Lee', 'SL'],
    ['Ana María López', 'AL'],
    ['cher', 'C'],
    ['élodie durand', 'ÉD'],
    ['🔥', undefined],
  ])('initials of %j are %j', (name, expected) => {
    expect(initialsOf(name)).toBe(expected);
  });
});
