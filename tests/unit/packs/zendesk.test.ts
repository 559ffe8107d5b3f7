import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePack, serializePack } from '../../../lib/packs/pack-file';
import {
  convertZendeskPlaceholders,
  decodeEntities,
  htmlToPlainText,
  parseZendeskMacros,
  splitCategories,
  type ParseZendeskResult,
} from '../../../lib/packs/zendesk';

function okOf(r: ParseZendeskResult): Extract<ParseZendeskResult, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

const macros = [
  {
    id: 360001,
    title: 'Shipping::Delayed order',
    active: true,
    actions: [
      { field: 'status', value: 'pending' },
      { field: 'comment_value', value: ['channel:all', 'Hi {{ticket.requester.first_name}}, your order {{ticket.id}} is delayed.\n{{current_user.name}}'] },
    ],
    restriction: { type: 'Group', id: 5 },
    description: 'For late parcels',
  },
  {
    id: 360002,
    title: 'Refund',
    active: true,
    actions: [{ field: 'comment_value_html', value: '<p>Hello {{ticket.requester.name}},</p><p>Your refund is on its way &amp; should arrive&nbsp;soon.</p>' }],
  },
  { id: 360003, title: 'Old macro', active: false, actions: [{ field: 'comment_value', value: 'Outdated' }] },
  { id: 360004, title: 'Close ticket', active: true, actions: [{ field: 'status', value: 'solved' }] },
];

describe('parseZendeskMacros', () => {
  it('reads the API list shape { macros: [...] }', () => {
    const r = okOf(parseZendeskMacros(JSON.stringify({ macros, next_page: null, count: 4 })));
    expect(r.pack).toEqual({
      format: 'handlebook-pack',
      version: 1,
      id: 'zendesk-import',
      name: 'Zendesk macros',
      templates: [
        {
          id: 'zd-360001',
          title: 'Delayed order',
          folder: 'Shipping',
          body: 'Hi {{first_name}}, your order {{?ticket id}} is delayed.\n{{agent}}',
        },
        { id: 'zd-360002', title: 'Refund', body: 'Hello {{name}},\n\nYour refund is on its way & should arrive soon.' },
      ],
    });
    expect(r.skipped).toEqual([
      { index: 2, macroId: '360003', title: 'Old macro', reason: 'inactive', message: 'the macro is inactive in Zendesk' },
      { index: 3, macroId: '360004', title: 'Close ticket', reason: 'no-comment', message: 'the macro has no reply text (no comment action)' },
    ]);
    // The result is an ordinary, valid pack.
    expect(parsePack(serializePack(r.pack))).toEqual({ ok: true, pack: r.pack });
  });

  it('reads a bare array and a single { macro: {...} } the same way', () => {
    const fromList = okOf(parseZendeskMacros(JSON.stringify({ macros })));
    expect(okOf(parseZendeskMacros(JSON.stringify(macros)))).toEqual(fromList);
    const single = okOf(parseZendeskMacros(JSON.stringify({ macro: macros[0] })));
    expect(single.pack.templates.map((t) => t.id)).toEqual(['zd-360001']);
  });

  it('prefers comment_value over comment_value_html and skips empty comments', () => {
    const r = okOf(
      parseZendeskMacros(
        JSON.stringify([
          {
            id: 1,
            title: 'Both',
            actions: [
              { field: 'comment_value_html', value: '<b>html</b>' },
              { field: 'comment_value', value: '   ' },
              { field: 'comment_value', value: 'plain' },
            ],
          },
          { id: 2, title: 'Blank', actions: [{ field: 'comment_value', value: ['channel:all', '  '] }] },
          { id: 3, title: 'Html only', actions: [{ field: 'comment_value_html', value: ['channel:all', '<p>Only <i>html</i></p>'] }] },
        ]),
      ),
    );
    expect(r.pack.templates.map((t) => t.body)).toEqual(['plain', 'Only html']);
    expect(r.skipped.map((s) => [s.macroId, s.reason])).toEqual([['2', 'no-comment']]);
  });

  it('splits "::" categories into folders, deeper levels joined with " / "', () => {
    expect(splitCategories('Shipping::Delayed order')).toEqual({ folder: 'Shipping', name: 'Delayed order' });
    expect(splitCategories('A :: B::C')).toEqual({ folder: 'A / B', name: 'C' });
    expect(splitCategories('Plain')).toEqual({ folder: '', name: 'Plain' });
    expect(splitCategories('Trailing::')).toEqual({ folder: '', name: 'Trailing' });
    const r = okOf(parseZendeskMacros(JSON.stringify([{ id: 9, title: '::', actions: [{ field: 'comment_value', value: 'x' }] }])));
    expect(r.pack.templates[0]!.title).toBe('Macro 9');
  });

  it('shortens overlong titles and folders, and skips replies over the body limit', () => {
    const r = okOf(
      parseZendeskMacros(
        JSON.stringify([
          { id: 1, title: `${'F'.repeat(150)}::${'T'.repeat(250)}`, actions: [{ field: 'comment_value', value: 'ok' }] },
          { id: 2, title: 'Huge', actions: [{ field: 'comment_value', value: 'x'.repeat(25_001) }] },
        ]),
      ),
    );
    expect(r.pack.templates[0]!.title).toBe(`${'T'.repeat(199)}…`);
    expect(r.pack.templates[0]!.folder).toBe(`${'F'.repeat(99)}…`);
    expect(r.skipped).toEqual([
      { index: 1, macroId: '2', title: 'Huge', reason: 'invalid', message: 'body must be at most 25,000 characters (it has 25,001)' },
    ]);
  });

  it('makes unique ids, also for macros without an id', () => {
    const r = okOf(
      parseZendeskMacros(
        JSON.stringify([
          { title: 'Thanks', actions: [{ field: 'comment_value', value: 'a' }] },
          { title: 'Thanks', actions: [{ field: 'comment_value', value: 'b' }] },
          { id: 'ABC 1', title: 'X', actions: [{ field: 'comment_value', value: 'c' }] },
        ]),
      ),
    );
    expect(r.pack.templates.map((t) => t.id)).toEqual(['thanks', 'thanks-2', 'zd-abc-1']);
  });

  it('skips entries that are not macros and reports them', () => {
    const r = okOf(parseZendeskMacros(JSON.stringify([5, null, { id: 1, title: 'Ok', actions: [{ field: 'comment_value', value: 'x' }] }])));
    expect(r.pack.templates).toHaveLength(1);
    expect(r.skipped.map((s) => [s.index, s.reason])).toEqual([
      [0, 'invalid'],
      [1, 'invalid'],
    ]);
  });

  it('explains files that are not a macros export', () => {
    expect(parseZendeskMacros('{"tickets": []}')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'this is not a Zendesk macros export (expected { "macros": [ ... ] } or a list of macros)' }],
    });
    expect(parseZendeskMacros('{"format": "handlebook-pack"}')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'this is a Handlebook pack, not a Zendesk export: import it as a pack instead' }],
    });
    const bad = parseZendeskMacros('{"macros": [}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]!.message).toMatch(/^not valid JSON: unexpected "}" at line 1 column 13/);
    expect(parseZendeskMacros(42 as unknown as string).ok).toBe(false);
  });

  it('never throws, whatever the input', () => {
    const action = fc.record({ field: fc.constantFrom('comment_value', 'comment_value_html', 'status', 7), value: fc.jsonValue({ maxDepth: 2 }) });
    const macro = fc.record({ id: fc.jsonValue({ maxDepth: 1 }), title: fc.jsonValue({ maxDepth: 1 }), active: fc.jsonValue({ maxDepth: 0 }), actions: fc.oneof(fc.array(action), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.array(macro), fc.record({ macros: fc.array(macro) }), fc.jsonValue()), (input) => {
        const r = parseZendeskMacros(JSON.stringify(input));
        if (r.ok) expect(parsePack(serializePack(r.pack)).ok).toBe(true);
        else expect(r.errors[0]!.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void parseZendeskMacros(s)), { numRuns: 500 });
  });
});

describe('convertZendeskPlaceholders', () => {
  it('maps names to Handlebook placeholders and everything else to fill-ins', () => {
    expect(
      convertZendeskPlaceholders(
        '{{ticket.requester.first_name}} {{ ticket.requester.name }} {{current_user.name}} {{current_user.first_name}} {{ticket.id}} {{ticket.due_date}} {{dc.greeting}} {{ticket.requester.first_name | capitalize}}',
      ),
    ).toBe('{{first_name}} {{name}} {{agent}} {{agent}} {{?ticket id}} {{?ticket due date}} {{?dc greeting}} {{first_name}}');
  });

  it('leaves Liquid logic and empty braces alone', () => {
    expect(convertZendeskPlaceholders('{% if x %}a{% endif %} {{ }} {{}}')).toBe('{% if x %}a{% endif %} {{ }} {{}}');
  });
});

describe('htmlToPlainText', () => {
  it('turns <br> and paragraphs into line breaks and collapses source whitespace', () => {
    expect(htmlToPlainText('<p>Hi   there,\n  friend</p>\n<p>Line one<br>Line two<br/>Line three</p>')).toBe(
      'Hi there, friend\n\nLine one\nLine two\nLine three',
    );
    expect(htmlToPlainText('<div>a</div><div>b</div>')).toBe('a\nb');
    expect(htmlToPlainText('a<br><br>b')).toBe('a\n\nb');
  });

  it('writes lists as "- item" and keeps link addresses', () => {
    expect(htmlToPlainText('<ul><li>One</li><li>Two</li></ul><p>See <a href="https://help.example.com/a?x=1&amp;y=2">our guide</a>.</p>')).toBe(
      '- One\n- Two\n\nSee our guide (https://help.example.com/a?x=1&y=2).',
    );
    expect(htmlToPlainText('<a href="https://x.com">https://x.com</a>')).toBe('https://x.com');
    expect(htmlToPlainText('<a href="javascript:alert(1)">click</a>')).toBe('click');
  });

  it('drops scripts, styles and comments, and never produces markup', () => {
    expect(htmlToPlainText('<style>p{color:red}</style><script>alert("x")</script><!-- note -->Hello<img src=x onerror=alert(1)>')).toBe('Hello');
    expect(htmlToPlainText('&lt;b&gt;bold&lt;/b&gt;')).toBe('<b>bold</b>');
    expect(htmlToPlainText('a < b and c > d')).toBe('a < b and c > d');
  });

  it('decodes common entities once (no double decoding)', () => {
    expect(decodeEntities('&amp;lt; &eacute;t&eacute; &#233; &#xE9; &rsquo; &hellip; &euro; &unknown; &#0; &#x110000;')).toBe(
      '&lt; été é é \u2019 \u2026 € &unknown; \ufffd \ufffd',
    );
  });

  it('stays fast on hostile input', () => {
    const start = Date.now();
    htmlToPlainText(`${'<a '.repeat(100_000)}"${'<!--'.repeat(10_000)}${'&amp'.repeat(100_000)}`);
    htmlToPlainText(`<p${' x="'.repeat(100_000)}`);
    expect(Date.now() - start).toBeLessThan(2_000);
  });
});
