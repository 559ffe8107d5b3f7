// Where an offset of a file's text is, as a person counts: line and column from 1, for the
// messages of the JSON and CSV readers.

/** Line and column (both from 1) of a UTF-16 offset. Columns count characters, not code units. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 13) {
      // CRLF is one line break; a lone CR (old Mac files) is one too.
      if (text.charCodeAt(i + 1) !== 10) {
        line++;
        lineStart = i + 1;
      }
    }
  }
  let column = 1;
  for (let i = lineStart; i < end; i++) {
    const c = text.charCodeAt(i);
    // The second half of a surrogate pair is the same character as the first half.
    if ((c & 0xfc00) === 0xdc00 && i > lineStart && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) continue;
    column++;
  }
  return { line, column };
}
