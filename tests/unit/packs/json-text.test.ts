import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from '../../../lib/packs/json-text';
import { lineColumn } from '../../../lib/packs/text-position';

describe('json-text helpers', () => {
  it('lineColumn handles LF, CRLF and lone CR', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\rcd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('utf8ByteLength matches TextEncoder', () => {
    for (const s of ['', 'abc', 'é', '€', '🚚', 'a\ud800b', '\udc00\ud800']) {
      expect(utf8ByteLength(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
});
