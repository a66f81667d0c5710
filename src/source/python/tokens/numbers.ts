import type { Tokenizer } from './tokenizer.ts';

/**
 * Number literals exactly as tokenizer.c scans them, errors included: `0777` (leading
 * zeros), `1__0`, `0b12`, `0x`, `1abc` ("invalid decimal literal", but `1if` only warns).
 * Starts at `start` (a digit, or a `.` before a digit); leaves `t.i` after the literal.
 * Returns 0, or -1 with `t.error` set.
 */
export function scanNumber(t: Tokenizer, start: number): number {
  const text = t.text;
  const n = t.n;
  let i = start + 1;
  let c = text.charCodeAt(start);
  const fail = (message: string, at: number): number => t.fail(message, at);

  const next = (): number => {
    const ch = i < n ? text.charCodeAt(i) : -1;
    i++;
    return ch;
  };
  /** tok_decimal_tail: digits with single underscores between them; returns the char after. */
  const tail = (): number => {
    for (;;) {
      do c = next();
      while (isDigit(c));
      if (c !== 95) return c;
      c = next();
      if (!isDigit(c)) {
        i--;
        fail('invalid decimal literal', i);
        return -2;
      }
    }
  };
  /** verify_end_of_number: a letter glued to a number is an error, except before some keywords. */
  const endOk = (ch: number, kind: string): boolean => {
    if (keywordAfterNumber(text, i, ch)) return true;
    if (ch < 128 && ch >= 0 && isIdentifierChar(ch)) {
      i--;
      fail(`invalid ${kind} literal`, i);
      return false;
    }
    return true;
  };
  const done = (): number => {
    i--;
    t.i = Math.min(i, n);
    return 0;
  };

  let state: 'fraction' | 'exponent' | 'imaginary' | 'end' = 'end';
  /** After an integer part: a fraction (the '.' consumed), an exponent, an imaginary suffix, or the end. */
  const afterDigits = (): typeof state => {
    if (c !== 46) return c === 101 || c === 69 ? 'exponent' : c === 106 || c === 74 ? 'imaginary' : 'end';
    c = next();
    return 'fraction';
  };
  if (c === 46) {
    c = next();
    state = 'fraction';
  } else if (c === 48) {
    c = next();
    if (c === 120 || c === 88) return based(16) ? done() : -1;
    if (c === 111 || c === 79) return based(8) ? done() : -1;
    if (c === 98 || c === 66) return based(2) ? done() : -1;
    let nonzero = false;
    for (;;) {
      if (c === 95) {
        c = next();
        if (!isDigit(c)) {
          i--;
          return fail('invalid decimal literal', i);
        }
      }
      if (c !== 48) break;
      c = next();
    }
    if (isDigit(c)) {
      nonzero = true;
      c = tail();
      if (c === -2) return -1;
    }
    state = afterDigits();
    // 0.5, 0e3, 0j, 00.5: a float or an imaginary number may start with zeros; an integer may not.
    if (state === 'end') {
      if (!nonzero) return endOk(c, 'decimal') ? done() : -1;
      const line = t.lines.lineOf(start);
      return t.failAt(
        'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
        line,
        start - t.lines.lineStart(line) + 1,
      );
    }
  } else {
    c = tail();
    if (c === -2) return -1;
    state = afterDigits();
  }
  if (state === 'fraction') {
    if (isDigit(c)) {
      c = tail();
      if (c === -2) return -1;
    }
    state = c === 101 || c === 69 ? 'exponent' : c === 106 || c === 74 ? 'imaginary' : 'end';
  }
  if (state === 'exponent') {
    const e = c;
    c = next();
    if (c === 43 || c === 45) {
      c = next();
      if (!isDigit(c)) {
        i--;
        return fail('invalid decimal literal', i);
      }
    } else if (!isDigit(c)) {
      i--;
      if (!endOk(e, 'decimal')) return -1;
      i--;
      t.i = i;
      return 0;
    }
    c = tail();
    if (c === -2) return -1;
    state = c === 106 || c === 74 ? 'imaginary' : 'end';
  }
  if (state === 'imaginary') {
    c = next();
    return endOk(c, 'imaginary') ? done() : -1;
  }
  return endOk(c, 'decimal') ? done() : -1;

  /** Hexadecimal, octal or binary digits after the 0x/0o/0b prefix. */
  function based(radix: 16 | 8 | 2): boolean {
    const name = radix === 16 ? 'hexadecimal' : radix === 8 ? 'octal' : 'binary';
    const ok = radix === 16 ? isHex : radix === 8 ? isOctal : isBinary;
    c = next();
    do {
      if (c === 95) c = next();
      if (!ok(c)) {
        if (radix !== 16 && isDigit(c)) {
          fail(`invalid digit '${String.fromCharCode(c)}' in ${name} literal`, i);
        } else {
          i--;
          fail(`invalid ${name} literal`, i);
        }
        return false;
      }
      do c = next();
      while (ok(c));
    } while (c === 95);
    if (radix !== 16 && isDigit(c)) {
      fail(`invalid digit '${String.fromCharCode(c)}' in ${name} literal`, i);
      return false;
    }
    return endOk(c, name);
  }
}

/** `1if x else y`, `0x1for`: CPython only warns when a number runs into one of these keywords. */
function keywordAfterNumber(text: string, i: number, c: number): boolean {
  switch (c) {
    case 97:
      return text.startsWith('nd', i);
    case 101:
      return text.startsWith('lse', i);
    case 102:
      return text.startsWith('or', i);
    case 105: {
      const c2 = text.charCodeAt(i);
      return c2 === 102 || c2 === 110 || c2 === 115;
    }
    case 111:
      return text.startsWith('r', i);
    case 110:
      return text.startsWith('ot', i);
    default:
      return false;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isOctal(c: number): boolean {
  return c >= 48 && c <= 55;
}

function isBinary(c: number): boolean {
  return c === 48 || c === 49;
}

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
