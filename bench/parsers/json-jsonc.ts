// lib/packs/json-syntax.ts on jsonc-parser (3.3.1 measured), the scanner and parser VS Code
// uses: its visitor finds the errors (comments and trailing commas refused); the callbacks keep
// what a person needs to be told, which jsonc-parser does not say: what was expected there and
// which bracket is open. The messages are json-syntax.ts's.

import type { JsonSyntaxProblem } from '../../lib/packs/json-syntax';
import { lineColumn } from '../../lib/packs/text-position';

/** The part of jsonc-parser's API used here. */
export interface Jsonc {
  visit(text: string, visitor: Record<string, (...args: never[]) => unknown>, options: Record<string, boolean>): unknown;
}

// jsonc-parser's ParseErrorCode (a const enum in its types, not importable here).
const ParseErrorCode = {
  InvalidNumberFormat: 2,
  CommaExpected: 6,
  CloseBraceExpected: 7,
  CloseBracketExpected: 8,
  InvalidCommentToken: 10,
  UnexpectedEndOfString: 12,
  UnexpectedEndOfNumber: 13,
  InvalidUnicode: 14,
  InvalidEscapeCharacter: 15,
  InvalidCharacter: 16,
} as const;

export function jsonSyntaxOnJsonc(jsonc: Jsonc) {
  return { findJsonSyntaxError: (text: string): JsonSyntaxProblem | null => findWith(jsonc, text) };
}

type Expect = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'commaOrClose' | 'end';

/** Shows one character in a message: `"}"`, or `U+00A0` for invisible ones. */
function showChar(text: string, offset: number): string {
  const cp = text.codePointAt(offset) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xfeff || (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0xd800 && cp <= 0xdfff)) {
    return `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `"${String.fromCodePoint(cp)}"`;
}

/**
 * jsonc-parser's visitor (the scanner and parser VS Code uses) finds the first error; the
 * callbacks keep what a person needs to be told: what was expected there, and which bracket is
 * open. Messages are the module's own.
 */
function findWith(jsonc: Jsonc, text: string): JsonSyntaxProblem | null {
  const n = text.length;
  const stack: { open: '{' | '['; offset: number }[] = [];
  let expect: Expect = 'value';
  let problem: JsonSyntaxProblem | null = null;
  // jsonc-parser ends an object or list before it reports the missing "}" or "]".
  let lastClosed: { open: '{' | '['; offset: number } | undefined;
  const afterValue = (): void => {
    expect = stack.length > 0 ? 'commaOrClose' : 'end';
  };
  const at = (offset: number, message: string, hint?: string): JsonSyntaxProblem => ({ offset, message, ...(hint ? { hint } : {}) });
  const describe = (code: number, offset: number, length: number): JsonSyntaxProblem => {
    if (offset >= n) {
      const top = code === ParseErrorCode.CloseBraceExpected || code === ParseErrorCode.CloseBracketExpected ? lastClosed : stack[stack.length - 1];
      if (top) {
        const { line, column } = lineColumn(text, top.offset);
        return { offset: n, atEnd: true, message: 'the file ends too early', hint: `the "${top.open}" at line ${line} column ${column} is never closed with "${top.open === '{' ? '}' : ']'}"` };
      }
      if (text.trim() === '') return { offset: 0, atEnd: true, message: 'the file is empty' };
      return { offset: n, atEnd: true, message: 'the file ends too early', hint: 'expected a value' };
    }
    const token = text.slice(offset, offset + length);
    // The scanner reports a bad token before the parser says the token is out of place: the
    // first thing wrong, reading left to right, is that it is out of place.
    const c0 = text[offset] as string;
    const tokenFits = c0 === '"' ? expect !== 'colon' && expect !== 'commaOrClose' && expect !== 'end' : expect === 'value' || expect === 'valueOrClose';
    if (tokenFits) switch (code) {
      case ParseErrorCode.UnexpectedEndOfString: {
        const stop = offset + length;
        if (stop < n) return at(stop, 'line break inside a text value', 'write a line break as \\n, or is a closing " missing?');
        const { line, column } = lineColumn(text, offset);
        return { offset: n, atEnd: true, message: 'the file ends inside a text value', hint: `the " at line ${line} column ${column} is never closed` };
      }
      case ParseErrorCode.InvalidUnicode:
      case ParseErrorCode.InvalidEscapeCharacter: {
        const j = offset + badEscape(token);
        if (code === ParseErrorCode.InvalidUnicode) return at(j, 'a "\\u" escape is not written correctly', 'it needs four hex digits, like \\u00e9');
        return at(j, `unknown escape "\\${text[j + 1]}" in a text value`, 'write a backslash as \\\\');
      }
      case ParseErrorCode.InvalidCharacter: {
        let j = offset + 1;
        while (j < n && text.charCodeAt(j) >= 0x20) j++;
        return at(j, `${showChar(text, j)} inside a text value`, 'control characters must be escaped, like \\t for a tab');
      }
      case ParseErrorCode.InvalidCommentToken:
        return at(offset, 'unexpected comment', 'JSON does not allow comments');
      case ParseErrorCode.UnexpectedEndOfNumber:
      case ParseErrorCode.InvalidNumberFormat:
        return at(offset, 'a number is not written correctly', 'write numbers like 1, -2 or 3.5');
    }
    const c = text[offset] as string;
    // A number that starts with 0 reads as "0" followed by another number.
    const zero = /-?0$/.exec(text.slice(Math.max(0, offset - 2), offset));
    if (code === ParseErrorCode.CommaExpected && c >= '0' && c <= '9' && zero && !/[0-9.eE+-]/.test(text[offset - zero[0].length - 1] ?? '')) {
      return at(offset - zero[0].length, 'a number starts with 0', 'JSON numbers cannot have leading zeros');
    }
    if (c === '-' && token === '-' && (expect === 'value' || expect === 'valueOrClose')) return at(offset, 'a number is not written correctly', 'write numbers like 1, -2 or 3.5');
    if (expect === 'end') return at(offset, `unexpected ${showChar(text, offset)}`, 'there is more text after the end of the JSON value');
    if (c === "'") return at(offset, `unexpected "'"`, 'JSON text must use double quotes (")');
    const previous = text.slice(0, offset).trimEnd();
    if ((c === '}' || c === ']') && previous.endsWith(',') && (expect === 'value' || expect === 'key') && (c === '}') === (expect === 'key')) {
      return at(offset, `unexpected "${c}"`, `remove the comma before "${c}"`);
    }
    const top = stack[stack.length - 1];
    switch (expect) {
      case 'value':
      case 'valueOrClose': {
        const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(token)?.[0];
        if (word && (word === 'NaN' || word === 'Infinity' || word === 'undefined')) return at(offset, `unexpected word "${word}"`, `${word} is not allowed in JSON`);
        if (word) return at(offset, `unexpected word "${truncate(word, 30)}"`, 'text values need double quotes, like "this"');
        return at(offset, `unexpected ${showChar(text, offset)}`, 'expected a value: text in double quotes, a number, true, false, null, an object or a list');
      }
      case 'keyOrClose':
      case 'key':
        return at(offset, `unexpected ${showChar(text, offset)}`, 'expected a field name in double quotes');
      case 'colon':
        return at(offset, `unexpected ${showChar(text, offset)}`, 'expected ":" after the field name');
      case 'commaOrClose': {
        const close = top?.open === '{' ? '}' : ']';
        if (top && (c === '}' || c === ']')) {
          const { line, column } = lineColumn(text, top.offset);
          return at(offset, `unexpected "${c}"`, `the "${top.open}" at line ${line} column ${column} must be closed with "${close}"`);
        }
        return at(offset, `unexpected ${showChar(text, offset)}`, `expected "," or "${close}"; is a comma missing?`);
      }
    }
  };
  jsonc.visit(
    text,
    {
      onObjectBegin: (offset) => {
        stack.push({ open: '{', offset });
        expect = 'keyOrClose';
      },
      onArrayBegin: (offset) => {
        stack.push({ open: '[', offset });
        expect = 'valueOrClose';
      },
      onObjectEnd: () => {
        lastClosed = stack.pop();
        afterValue();
      },
      onArrayEnd: () => {
        lastClosed = stack.pop();
        afterValue();
      },
      onObjectProperty: () => {
        expect = 'colon';
      },
      onLiteralValue: () => afterValue(),
      onSeparator: (character) => {
        if (character === ':') expect = 'value';
        else expect = stack[stack.length - 1]?.open === '{' ? 'key' : 'value';
      },
      onError: (code, offset, length) => {
        problem ??= describe(code, offset, length);
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return problem;
}

/** Offset, inside a string token, of its first bad escape's backslash. */
function badEscape(token: string): number {
  for (let j = 1; j < token.length; j++) {
    if (token[j] !== '\\') continue;
    const e = token[j + 1];
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(token.slice(j + 2, j + 6))) j += 5;
    else if (e !== undefined && '"\\/bfnrt'.includes(e)) j++;
    else return j;
  }
  return 0;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
