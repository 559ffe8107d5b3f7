// Finding the first syntax error of a JSON file and saying it the way a person can act on:
// where it is and what was expected there ("unexpected "}" (remove the comma before "}")", "the
// "[" at line 3 column 16 must be closed with "]""). json-text.ts runs it when JSON.parse has
// refused a file, since engines word and place their errors differently.
//
// A small iterative scanner: nesting is tracked in an array, never on the call stack, so a file
// of a million `[` cannot overflow it.
//
// Our own code rather than jsonc-parser (the scanner and parser VS Code uses), measured side by
// side (bench/parsers.ts; bench/README.md has the run): jsonc-parser 3.3.1's visitor behind this
// interface, with these messages, passed 168 of the 169 tests of packs, imports and backups. Its
// parser recurses: past about 5,100 unclosed `[` it overflows the stack, and the message falls
// back to the engine's, without a position (the failed test). It reports a token's own scan error
// before saying the token is out of place, and only the last of several errors inside one string,
// so 100 of 30,000 broken pack files were described differently (a later problem named first).
// It reads the whole file even after the first error: 2.3 to 7 times our time to locate one in a
// 3.9 MB pack. And it added 3.1 KB gzipped to the background and the dashboard each.

import { lineColumn } from './text-position';

export interface JsonSyntaxProblem {
  /** UTF-16 offset of the offending character (text.length when the file ends too early). */
  offset: number;
  /** "unexpected "}"", "the file ends too early", ... */
  message: string;
  /** What would have been valid, or the likely fix. */
  hint?: string;
  /** The problem is that the text stopped early: "at the end of the file" reads better. */
  atEnd?: boolean;
}

type Expect = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'commaOrClose' | 'end';

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD_RE = /[A-Za-z_$][A-Za-z0-9_$]*/y;

/** Shows one character in a message: `"}"`, or `U+00A0` for invisible ones. */
function showChar(text: string, offset: number): string {
  const cp = text.codePointAt(offset) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xfeff || (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0xd800 && cp <= 0xdfff)) {
    return `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `"${String.fromCodePoint(cp)}"`;
}

/**
 * Finds the first syntax error in `text` (RFC 8259 JSON) or returns null if it is valid.
 * Iterative: nesting is tracked in an array, never on the call stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const n = text.length;
  const stack: { open: '{' | '['; offset: number }[] = [];
  let expect: Expect = 'value';
  let afterComma = false;
  let i = 0;

  const unexpected = (hint: string): JsonSyntaxProblem => {
    const c = text[i];
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      return { offset: i, message: 'unexpected comment', hint: 'JSON does not allow comments' };
    }
    if (c === "'") return { offset: i, message: `unexpected "'"`, hint: 'JSON text must use double quotes (")' };
    return { offset: i, message: `unexpected ${showChar(text, i)}`, hint };
  };
  // Returns the state rather than assigning it so TypeScript's narrowing of `expect` stays true.
  const afterValue = (): Expect => {
    afterComma = false;
    return stack.length > 0 ? 'commaOrClose' : 'end';
  };

  for (;;) {
    // JSON whitespace is exactly these four characters.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    if (i >= n) {
      if (expect === 'end') return null;
      const top = stack[stack.length - 1];
      if (top) {
        const { line, column } = lineColumn(text, top.offset);
        return {
          offset: n,
          atEnd: true,
          message: 'the file ends too early',
          hint: `the "${top.open}" at line ${line} column ${column} is never closed with "${top.open === '{' ? '}' : ']'}"`,
        };
      }
      if (text.trim() === '') return { offset: 0, atEnd: true, message: 'the file is empty' };
      return { offset: n, atEnd: true, message: 'the file ends too early', hint: 'expected a value' };
    }
    const c = text[i] as string;
    switch (expect) {
      case 'value':
      case 'valueOrClose': {
        if (c === ']' && expect === 'valueOrClose') {
          stack.pop();
          i++;
          expect = afterValue();
          continue;
        }
        if ((c === ']' || c === '}') && afterComma) {
          return { offset: i, message: `unexpected "${c}"`, hint: `remove the comma before "${c}"` };
        }
        if (c === '{') {
          stack.push({ open: '{', offset: i });
          i++;
          expect = 'keyOrClose';
          afterComma = false;
          continue;
        }
        if (c === '[') {
          stack.push({ open: '[', offset: i });
          i++;
          expect = 'valueOrClose';
          afterComma = false;
          continue;
        }
        if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          expect = afterValue();
          continue;
        }
        if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER_RE.lastIndex = i;
          const m = NUMBER_RE.exec(text);
          if (!m) return { offset: i, message: 'a number is not written correctly', hint: 'write numbers like 1, -2 or 3.5' };
          const next = text[i + m[0].length];
          if ((m[0] === '0' || m[0] === '-0') && next !== undefined && next >= '0' && next <= '9') {
            return { offset: i, message: 'a number starts with 0', hint: 'JSON numbers cannot have leading zeros' };
          }
          i += m[0].length;
          expect = afterValue();
          continue;
        }
        WORD_RE.lastIndex = i;
        const w = WORD_RE.exec(text);
        if (w) {
          const word = w[0];
          if (word === 'true' || word === 'false' || word === 'null') {
            i += word.length;
            expect = afterValue();
            continue;
          }
          if (word === 'NaN' || word === 'Infinity' || word === 'undefined') {
            return { offset: i, message: `unexpected word "${word}"`, hint: `${word} is not allowed in JSON` };
          }
          return { offset: i, message: `unexpected word "${truncate(word, 30)}"`, hint: 'text values need double quotes, like "this"' };
        }
        return unexpected('expected a value: text in double quotes, a number, true, false, null, an object or a list');
      }
      case 'keyOrClose':
      case 'key': {
        if (c === '}' && expect === 'keyOrClose') {
          stack.pop();
          i++;
          expect = afterValue();
          continue;
        }
        if (c === '}') return { offset: i, message: 'unexpected "}"', hint: 'remove the comma before "}"' };
        if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          expect = 'colon';
          continue;
        }
        return unexpected('expected a field name in double quotes');
      }
      case 'colon': {
        if (c === ':') {
          i++;
          expect = 'value';
          afterComma = false;
          continue;
        }
        return unexpected('expected ":" after the field name');
      }
      case 'commaOrClose': {
        const top = stack[stack.length - 1];
        if (!top) {
          expect = 'end';
          continue;
        }
        const close = top.open === '{' ? '}' : ']';
        if (c === ',') {
          i++;
          expect = top.open === '{' ? 'key' : 'value';
          afterComma = true;
          continue;
        }
        if (c === close) {
          stack.pop();
          i++;
          expect = afterValue();
          continue;
        }
        if (c === '}' || c === ']') {
          const { line, column } = lineColumn(text, top.offset);
          return { offset: i, message: `unexpected "${c}"`, hint: `the "${top.open}" at line ${line} column ${column} must be closed with "${close}"` };
        }
        return unexpected(`expected "," or "${close}"; is a comma missing?`);
      }
      case 'end':
        return unexpected('there is more text after the end of the JSON value');
    }
  }
}

/** Scans the string starting at the quote at `start`; returns the offset after it or a problem. */
function scanString(text: string, start: number): number | JsonSyntaxProblem {
  const n = text.length;
  let j = start + 1;
  while (j < n) {
    const ch = text.charCodeAt(j);
    if (ch === 34) return j + 1;
    if (ch === 92) {
      const e = text[j + 1];
      if (e === undefined) break;
      if ('"\\/bfnrt'.includes(e)) {
        j += 2;
        continue;
      }
      if (e === 'u') {
        if (/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
          j += 6;
          continue;
        }
        return { offset: j, message: 'a "\\u" escape is not written correctly', hint: 'it needs four hex digits, like \\u00e9' };
      }
      return { offset: j, message: `unknown escape "\\${e}" in a text value`, hint: 'write a backslash as \\\\' };
    }
    if (ch === 10 || ch === 13) {
      return { offset: j, message: 'line break inside a text value', hint: 'write a line break as \\n, or is a closing " missing?' };
    }
    if (ch < 0x20) {
      return { offset: j, message: `${showChar(text, j)} inside a text value`, hint: 'control characters must be escaped, like \\t for a tab' };
    }
    j++;
  }
  const { line, column } = lineColumn(text, start);
  return { offset: n, atEnd: true, message: 'the file ends inside a text value', hint: `the " at line ${line} column ${column} is never closed` };
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
