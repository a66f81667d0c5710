/**
 * The errors CPython raises while decoding a string literal's body (string_parser.c):
 * truncated `\x`, `\u`, `\U` escapes, code points past U+10FFFF, malformed `\N{…}`, and
 * non-ASCII characters in bytes. Invalid escapes such as `\q` or `\777` only warn.
 *
 * Unicode names cannot be looked up without Unicode's name table, so a `\N{…}` whose name
 * only has the characters names are made of (letters, digits, space, hyphen) is accepted.
 */
export function checkStrBody(text: string, start: number, end: number): string | null {
  const slash = backslashIn(text, start, end);
  if (slash === -1) return null;
  // Byte positions in messages are those of CPython's intermediate buffer, where each
  // non-ASCII character became a 10-byte \UXXXXXXXX escape.
  let bytePos = utf8EscapedLength(text, start, slash);
  for (let i = slash; i < end;) {
    const c = text.charCodeAt(i);
    if (c !== 92) {
      bytePos += c < 128 ? 1 : 10;
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    const startPos = bytePos;
    const e = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    if (e === -1 || e >= 128) {
      // A backslash before a non-ASCII character (or ending the body) stays a backslash.
      bytePos += 6;
      i++;
      continue;
    }
    bytePos += 2;
    i += 2;
    let count = 0;
    let message = '';
    if (e === 120) [count, message] = [2, 'truncated \\xXX escape'];
    else if (e === 117) [count, message] = [4, 'truncated \\uXXXX escape'];
    else if (e === 85) [count, message] = [8, 'truncated \\UXXXXXXXX escape'];
    else if (e === 78) {
      const failure = checkNamedEscape(text, i, end);
      if (failure) return unicodeError(startPos, startPos + 2 + failure.consumed, failure.message);
      const close = text.indexOf('}', i);
      bytePos += close + 1 - i;
      i = close + 1;
      continue;
    } else {
      continue;
    }
    let value = 0;
    for (let k = 0; k < count; k++) {
      const h = i < end ? hexValue(text.charCodeAt(i)) : -1;
      if (h < 0) return unicodeError(startPos, bytePos, message);
      value = value * 16 + h;
      i++;
      bytePos++;
    }
    if (value > 0x10ffff) return unicodeError(startPos, bytePos, 'illegal Unicode character');
  }
  return null;
}

/** Bytes literals: ASCII only (raw ones too), and `\x` needs two hex digits. */
export function checkBytesBody(
  text: string,
  start: number,
  end: number,
  raw: boolean,
): { message: string; atToken: boolean } | null {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) >= 128) return { message: 'bytes can only contain ASCII literal characters', atToken: true };
  }
  if (raw) return null;
  for (let i = backslashIn(text, start, end); i !== -1; i = backslashIn(text, i + 2, end)) {
    if (text.charCodeAt(i + 1) !== 120) continue;
    if (
      hexValue(i + 2 < end ? text.charCodeAt(i + 2) : -1) < 0 ||
      hexValue(i + 3 < end ? text.charCodeAt(i + 3) : -1) < 0
    ) {
      return { message: `(value error) invalid \\x escape at position ${i - start}`, atToken: false };
    }
  }
  return null;
}

function checkNamedEscape(text: string, i: number, end: number): { message: string; consumed: number } | null {
  const malformed = 'malformed \\N character escape';
  if (i >= end || text.charCodeAt(i) !== 123) return { message: malformed, consumed: 0 };
  const close = text.indexOf('}', i + 1);
  if (close === -1 || close >= end) return { message: malformed, consumed: end - i };
  if (close === i + 1) return { message: malformed, consumed: 1 };
  if (!/^[A-Za-z0-9 -]+$/.test(text.slice(i + 1, close)))
    return { message: 'unknown Unicode character name', consumed: close + 1 - i };
  return null;
}

function unicodeError(start: number, end: number, message: string): string {
  return `(unicode error) 'unicodeescape' codec can't decode bytes in position ${start}-${end - 1}: ${message}`;
}

function utf8EscapedLength(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) n++;
    else if (c < 0xdc00 || c > 0xdfff) n += 10;
  }
  return n;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * The first backslash in text[start, end), or -1. Not `indexOf`: it cannot stop at `end`, and a
 * file without backslashes made it scan to the end of the file for every string (quadratic).
 */
function backslashIn(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 92) return i;
  return -1;
}
