import * as K from './kinds.ts';
import { LineTable } from './lines.ts';
import { scanNumber } from './numbers.ts';
import { checkIdentifier } from './identifiers.ts';
import { FStringMode, scanFStringMiddle } from './fstring-mode.ts';
import type { PythonErrorType, TokenStream, TokenizerError } from './stream.ts';

/**
 * CPython's tokenizer (Parser/tokenizer.c of 3.11, and the f-string modes of 3.12+), written
 * again for a JavaScript string: the same tokens, the same INDENT/DEDENT rules (tabs to 8
 * and to 1), the same limits (200 open brackets, 100 indentation levels) and the same
 * errors at the same places. Nothing is allocated per token.
 *
 * `text` must already be normalised (prepareSource): `\n` newlines and a final newline.
 */
export function tokenize(text: string, minor: number): TokenStream {
  const t = new Tokenizer(text, minor);
  t.run();
  return {
    text,
    lines: t.lines,
    count: t.count,
    kinds: t.kinds,
    starts: t.starts,
    ends: t.ends,
    levels: t.levels,
    error: t.error,
    minor,
  };
}

/** Universal newlines and the final newline CPython adds to source it compiles. */
export function prepareSource(text: string): string {
  let out = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  if (!out.endsWith('\n')) out += '\n';
  return out;
}

const EOF = -1;
const MAXINDENT = 100;
const MAXLEVEL = 200;
const MAXFSTRINGLEVEL = 150;
const C_TAB = 9;
const C_NL = 10;
const C_FF = 12;
const C_SPACE = 32;
const C_QUOTE = 34;
const C_HASH = 35;
const C_APOS = 39;
const C_BACKSLASH = 92;

/** Result of `next()` when the token could not be produced (`error` is set). */
const FAILED = -1;

class Tokenizer {
  readonly text: string;
  readonly n: number;
  readonly minor: number;
  readonly lines: LineTable;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  levels: Uint8Array;
  count = 0;
  error: TokenizerError | null = null;

  i = 0;
  atbol = true;
  private readonly indstack = [0];
  private readonly altindstack = [0];
  private pendin = 0;
  level = 0;
  private readonly parenChars: number[] = [];
  private readonly parenStarts: number[] = [];
  /** f-string modes (3.12+), innermost last. */
  readonly modes: FStringMode[] = [];
  tokStart = 0;
  tokEnd = 0;
  /**
   * tokenizer.c's `tok->buf`: where the tokenizer last started reading a line with no token
   * under way. A backslash continuation inside a line does not move it, and the column of
   * "unexpected character after line continuation character" counts from it.
   */
  private bufStart = 0;

  constructor(text: string, minor: number) {
    this.text = text;
    this.n = text.length;
    this.minor = minor;
    this.lines = new LineTable(text);
    // Ordinary code has a token per six characters or so; start below that (a file of
    // comments has hardly any) and double when needed.
    const size = Math.min((text.length >> 3) + 64, 1 << 20);
    this.kinds = new Uint8Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.levels = new Uint8Array(size);
  }

  run(): void {
    for (;;) {
      const kind = this.next();
      if (this.count + 1 >= this.kinds.length) this.grow();
      if (kind === FAILED) {
        this.kinds[this.count] = K.ERRORTOKEN;
        this.starts[this.count] = this.ends[this.count] = Math.min(this.i, this.n);
        return;
      }
      const k = this.count++;
      this.kinds[k] = kind;
      this.starts[k] = this.tokStart;
      this.ends[k] = this.tokEnd;
      this.levels[k] = this.level;
      if (kind === K.ENDMARKER) return;
    }
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const levels = new Uint8Array(size);
    levels.set(this.levels);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
    this.levels = levels;
  }

  next(): number {
    const mode = this.modes.length > 0 ? this.modes[this.modes.length - 1]! : null;
    if (mode && !mode.inExpression) return scanFStringMiddle(this, mode);
    return this.normal(mode);
  }

  charAt(i: number): number {
    return i < this.n ? this.text.charCodeAt(i) : EOF;
  }

  // ---- errors -------------------------------------------------------------------------

  /** The column CPython reports for "everything read so far on this line". */
  colBefore(cur: number, lineStart: number): number {
    // A surrogate pair is one character to CPython: point at its first half.
    const last = cur - 1;
    const c = this.text.charCodeAt(last);
    const at = c >= 0xdc00 && c <= 0xdfff && last > lineStart ? last - 1 : last;
    return Math.max(1, at - lineStart + 1);
  }

  /** tokenizer.c's `syntaxerror()`: the caret after everything read (`cur`) on the current line. */
  fail(message: string, cur: number, type: PythonErrorType = 'SyntaxError', raises = true): number {
    const line = this.lines.lineOf(Math.max(0, Math.min(cur - 1, this.n - 1)));
    return this.failAt(message, line, this.colBefore(cur, this.lines.lineStart(line)), type, raises);
  }

  failAt(message: string, line: number, col: number, type: PythonErrorType = 'SyntaxError', raises = true): number {
    this.error = { message, type, line, col, raises };
    return FAILED;
  }

  /** An error code rather than an exception (E_DEDENT, E_TABSPACE, …): positioned by pegen. */
  private failCode(message: string, type: PythonErrorType, line: number, col: number): number {
    return this.failAt(message, line, col, type, false);
  }

  // ---- the regular mode -----------------------------------------------------------------

  private normal(mode: FStringMode | null): number {
    const text = this.text;
    let c = 0;
    let blankline = false;
    for (;;) {
      blankline = false;
      if (this.i === 0 || text.charCodeAt(this.i - 1) === C_NL) this.bufStart = this.i;
      if (this.atbol) {
        const r = this.indentation();
        if (r === FAILED) return FAILED;
        blankline = r === 1;
      }
      if (this.pendin !== 0) {
        this.tokStart = this.tokEnd = this.i;
        if (this.pendin < 0) {
          this.pendin++;
          return K.DEDENT;
        }
        this.pendin--;
        return K.INDENT;
      }
      for (;;) {
        do c = this.charAt(this.i++);
        while (c === C_SPACE || c === C_TAB || c === C_FF);
        if (c === EOF) this.i--;
        this.tokStart = c === EOF ? this.i : this.i - 1;
        if (c === C_HASH) {
          const nl = text.indexOf('\n', this.i);
          this.i = nl === -1 ? this.n : nl;
          c = this.charAt(this.i++);
          if (c === EOF) this.i--;
        }
        if (c === EOF) return this.endOfInput();
        if (c === C_NL) {
          this.atbol = true;
          if (blankline || this.level > 0) break;
          this.tokEnd = this.i - 1;
          return K.NEWLINE;
        }
        if (c === C_BACKSLASH) {
          const r = this.continuation();
          if (r === FAILED) return FAILED;
          continue;
        }
        return this.token(c, mode);
      }
    }
  }

  /**
   * Measures a new line's indentation and queues INDENT/DEDENT tokens, as tok_get does at
   * the beginning of a line. Returns 1 for a blank or comment-only line, 0 otherwise.
   */
  private indentation(): number {
    this.atbol = false;
    let col = 0;
    let altcol = 0;
    let contLineCol = 0;
    let c = 0;
    for (;;) {
      c = this.charAt(this.i++);
      if (c === C_SPACE) {
        col++;
        altcol++;
      } else if (c === C_TAB) {
        col = (Math.floor(col / 8) + 1) * 8;
        altcol++;
      } else if (c === C_FF) {
        col = altcol = 0;
      } else if (c === C_BACKSLASH) {
        // Indentation cannot be continued with backslashes: the first one decides it.
        contLineCol = contLineCol || col;
        if (this.continuation() === FAILED) return FAILED;
        this.bufStart = this.i;
      } else {
        break;
      }
    }
    this.i--;
    const blank = c === C_HASH || c === C_NL;
    if (blank || this.level !== 0) return blank ? 1 : 0;
    if (contLineCol) col = altcol = contLineCol;
    const top = this.indstack.length - 1;
    const line = this.lines.lineOf(this.i);
    if (col === this.indstack[top]) {
      if (altcol !== this.altindstack[top]) return this.tabError(line);
    } else if (col > this.indstack[top]!) {
      if (top + 1 >= MAXINDENT) return this.failCode('too many levels of indentation', 'IndentationError', line, 1);
      if (altcol <= this.altindstack[top]!) return this.tabError(line);
      this.pendin++;
      this.indstack.push(col);
      this.altindstack.push(altcol);
    } else {
      while (this.indstack.length > 1 && col < this.indstack[this.indstack.length - 1]!) {
        this.pendin--;
        this.indstack.pop();
        this.altindstack.pop();
      }
      if (col !== this.indstack[this.indstack.length - 1]) {
        // pegen puts the caret after the whole line (tok->cur = tok->inp).
        const end = this.text.indexOf('\n', this.i);
        const lineStart = this.lines.lineStart(line);
        return this.failCode(
          'unindent does not match any outer indentation level',
          'IndentationError',
          line,
          (end === -1 ? this.n : end + 1) - lineStart,
        );
      }
      if (altcol !== this.altindstack[this.altindstack.length - 1]) return this.tabError(line);
    }
    return 0;
  }

  private tabError(line: number): number {
    return this.failCode('inconsistent use of tabs and spaces in indentation', 'TabError', line, 1);
  }

  /** After a backslash: it must end the line, and a line must follow. */
  private continuation(): number {
    const backslash = this.i - 1;
    const c = this.charAt(this.i++);
    const line = this.lines.lineOf(backslash);
    if (c !== C_NL) {
      if (c === EOF) this.i--;
      return this.failCode(
        'unexpected character after line continuation character',
        'SyntaxError',
        line,
        this.i - this.bufStart,
      );
    }
    if (this.i >= this.n) {
      if (this.level > 0) return this.unclosed();
      return this.failCode('unexpected EOF while parsing', 'SyntaxError', line, this.n - this.lines.lineStart(line));
    }
    return 0;
  }

  private endOfInput(): number {
    if (this.level > 0) return this.unclosed();
    if (this.modes.length > 0) return this.unclosed();
    this.tokStart = this.tokEnd = this.i;
    return K.ENDMARKER;
  }

  /** End of input inside brackets: pegen reports the innermost open bracket. */
  private unclosed(): number {
    const start = this.parenStarts[this.level - 1] ?? this.n;
    const char = String.fromCharCode(this.parenChars[this.level - 1] ?? 40);
    const line = this.lines.lineOf(start);
    const col = start - this.lines.lineStart(line) + 1;
    this.error = {
      message: `'${char}' was never closed`,
      type: 'SyntaxError',
      line,
      col,
      raises: false,
      unclosed: { char, line, col },
    };
    return FAILED;
  }

  /** A token that starts with `c` (already read; `tokStart` is its offset). */
  private token(c: number, mode: FStringMode | null): number {
    if (isIdentifierStart(c)) return this.nameOrString(c);
    if (c === 46 /* . */) {
      const d = this.charAt(this.i);
      if (d >= 48 && d <= 57) return this.number();
      if (d === 46 && this.charAt(this.i + 1) === 46) {
        this.i += 2;
        this.tokEnd = this.i;
        return K.ELLIPSIS;
      }
      this.tokEnd = this.i;
      return K.DOT;
    }
    if (c >= 48 && c <= 57) return this.number();
    if (c === C_QUOTE || c === C_APOS) return this.string(this.tokStart, c, false, false);
    return this.operator(c, mode);
  }

  private number(): number {
    const r = scanNumber(this, this.tokStart);
    if (r === FAILED) return FAILED;
    this.tokEnd = this.i;
    return K.NUMBER;
  }

  /** Identifiers, keywords, and the prefixes of string literals (b, r, u, f, and t from 3.14). */
  private nameOrString(first: number): number {
    const start = this.tokStart;
    let c = first;
    let sawB = false;
    let sawR = false;
    let sawU = false;
    let sawF = false;
    let sawT = false;
    for (;;) {
      const lower = c | 0x20;
      if (!(sawB || sawU || sawF || sawT) && lower === 0x62) sawB = true;
      else if (!(sawB || sawU || sawR || sawF || sawT) && lower === 0x75) sawU = true;
      else if (!(sawR || sawU) && lower === 0x72) sawR = true;
      else if (!(sawF || sawB || sawU || sawT) && lower === 0x66) sawF = true;
      else if (this.minor >= 14 && !(sawT || sawB || sawU || sawF) && lower === 0x74) sawT = true;
      else break;
      c = this.charAt(this.i++);
      if (c === C_QUOTE || c === C_APOS) {
        const interpolated = this.minor >= 12 && (sawF || sawT);
        return this.string(start, c, interpolated, sawT);
      }
    }
    let nonAscii = false;
    while (isIdentifierChar(c)) {
      if (c >= 128) nonAscii = true;
      c = this.charAt(this.i++);
    }
    this.i--;
    this.tokEnd = this.i;
    if (nonAscii) {
      const bad = checkIdentifier(this.text, start, this.i);
      if (bad !== null) return this.fail(bad.message, bad.end);
    }
    if (this.i - start <= 8) {
      const kw = K.KEYWORDS.get(this.text.slice(start, this.i));
      if (kw !== undefined) return kw;
    }
    return K.NAME;
  }

  /**
   * A string literal from `start` (its prefix) whose opening quote `quote` was just read.
   * From 3.12, f-strings (and 3.14's t-strings) open a mode instead: PEP 701.
   */
  private string(start: number, quote: number, interpolated: boolean, template: boolean): number {
    let size = 1;
    if (this.charAt(this.i) === quote && this.charAt(this.i + 1) === quote) {
      size = 3;
      this.i += 2;
    }
    if (interpolated) {
      if (this.modes.length + 1 >= MAXFSTRINGLEVEL) return this.fail('too many nested f-strings', this.i);
      const prefix = this.text.slice(start, this.i - size).toLowerCase();
      this.modes.push(new FStringMode(quote, size, prefix.includes('r'), template, start, this.level));
      this.tokEnd = this.i;
      return template ? K.TSTRING_START : K.FSTRING_START;
    }
    const text = this.text;
    const quoteChar = quote === C_QUOTE ? '"' : "'";
    let endQuotes = 0;
    // Long strings are skipped a stop at a time (the next quote or backslash), not a character at a time.
    let nextBackslash = -2;
    while (endQuotes !== size) {
      const c = this.charAt(this.i++);
      if (c === EOF || (size === 1 && c === C_NL)) {
        if (c === EOF) this.i--;
        // CPython reports from the opening quote (prefix included), with the line it reached.
        const detected = this.lines.lineOf(Math.max(start, c === EOF ? this.n - 1 : this.i - 1));
        const line = this.lines.lineOf(start);
        const what = size === 3 ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
        return this.failAt(`${what} (detected at line ${detected})`, line, start - this.lines.lineStart(line) + 1);
      }
      if (c === quote) {
        endQuotes++;
      } else {
        endQuotes = 0;
        if (c === C_BACKSLASH) {
          if (this.i < this.n) this.i++;
        } else if (size === 3) {
          if (nextBackslash !== -1 && nextBackslash < this.i) nextBackslash = text.indexOf('\\', this.i);
          const q = text.indexOf(quoteChar, this.i);
          const stop = q === -1 ? this.n : nextBackslash !== -1 && nextBackslash < q ? nextBackslash : q;
          if (stop > this.i) this.i = stop;
        }
      }
    }
    this.tokEnd = this.i;
    return K.STRING;
  }

  private operator(c: number, mode: FStringMode | null): number {
    const c2 = this.charAt(this.i);
    if (mode && this.minor >= 12 && mode.inExpression) {
      const r = mode.punctuation(this, c, c2);
      if (r !== 0) return r;
    }
    const two = twoChars(c, c2);
    if (two !== K.OP) {
      this.i++;
      const three = threeChars(c, c2, this.charAt(this.i));
      if (three !== K.OP) this.i++;
      this.tokEnd = this.i;
      if (mode && two === K.COLONEQUAL) mode.sawWalrus();
      return three !== K.OP ? three : two;
    }
    switch (c) {
      case 40:
      case 91:
      case 123: {
        if (this.level >= MAXLEVEL) return this.fail('too many nested parentheses', this.i);
        this.parenChars[this.level] = c;
        this.parenStarts[this.level] = this.tokStart;
        this.level++;
        if (mode) mode.curlyDepth++;
        break;
      }
      case 41:
      case 93:
      case 125: {
        if (mode && this.minor >= 12 && mode.curlyDepth === 0 && c === 125) {
          return this.fail("f-string: single '}' is not allowed", this.i);
        }
        if (this.level === 0) return this.fail(`unmatched '${String.fromCharCode(c)}'`, this.i);
        this.level--;
        const opening = this.parenChars[this.level]!;
        if (!((opening === 40 && c === 41) || (opening === 91 && c === 93) || (opening === 123 && c === 125))) {
          if (mode && opening === 123 && mode.curlyDepth - 1 === mode.exprStartDepth) {
            return this.fail(`f-string: unmatched '${String.fromCharCode(c)}'`, this.i);
          }
          const openLine = this.lines.lineOf(this.parenStarts[this.level]!);
          const here = this.lines.lineOf(this.tokStart);
          const on = openLine !== here ? ` on line ${openLine}` : '';
          return this.fail(
            `closing parenthesis '${String.fromCharCode(c)}' does not match ` +
              `opening parenthesis '${String.fromCharCode(opening)}'${on}`,
            this.i,
          );
        }
        if (mode) mode.closed(c);
        break;
      }
      default:
        if (c < 32 || c === 127) {
          const hex = c.toString(16).toUpperCase().padStart(4, '0');
          return this.fail(`invalid non-printable character U+${hex}`, this.i);
        }
    }
    this.tokEnd = this.i;
    return oneChar(c, this.minor);
  }
}

export type { Tokenizer };

function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
}

function oneChar(c: number, minor: number): number {
  switch (c) {
    case 40:
      return K.LPAR;
    case 41:
      return K.RPAR;
    case 91:
      return K.LSQB;
    case 93:
      return K.RSQB;
    case 58:
      return K.COLON;
    case 44:
      return K.COMMA;
    case 59:
      return K.SEMI;
    case 43:
      return K.PLUS;
    case 45:
      return K.MINUS;
    case 42:
      return K.STAR;
    case 47:
      return K.SLASH;
    case 124:
      return K.VBAR;
    case 38:
      return K.AMPER;
    case 60:
      return K.LESS;
    case 62:
      return K.GREATER;
    case 61:
      return K.EQUAL;
    case 46:
      return K.DOT;
    case 37:
      return K.PERCENT;
    case 123:
      return K.LBRACE;
    case 125:
      return K.RBRACE;
    case 126:
      return K.TILDE;
    case 94:
      return K.CIRCUMFLEX;
    case 64:
      return K.AT;
    case 33:
      return minor >= 12 ? K.EXCLAMATION : K.OP;
    default:
      return K.OP;
  }
}

function twoChars(c1: number, c2: number): number {
  switch (c1) {
    case 33:
      return c2 === 61 ? K.NOTEQUAL : K.OP;
    case 37:
      return c2 === 61 ? K.PERCENTEQUAL : K.OP;
    case 38:
      return c2 === 61 ? K.AMPEREQUAL : K.OP;
    case 42:
      return c2 === 42 ? K.DOUBLESTAR : c2 === 61 ? K.STAREQUAL : K.OP;
    case 43:
      return c2 === 61 ? K.PLUSEQUAL : K.OP;
    case 45:
      return c2 === 61 ? K.MINEQUAL : c2 === 62 ? K.RARROW : K.OP;
    case 47:
      return c2 === 47 ? K.DOUBLESLASH : c2 === 61 ? K.SLASHEQUAL : K.OP;
    case 58:
      return c2 === 61 ? K.COLONEQUAL : K.OP;
    case 60:
      return c2 === 60 ? K.LEFTSHIFT : c2 === 61 ? K.LESSEQUAL : c2 === 62 ? K.LTGT : K.OP;
    case 61:
      return c2 === 61 ? K.EQEQUAL : K.OP;
    case 62:
      return c2 === 61 ? K.GREATEREQUAL : c2 === 62 ? K.RIGHTSHIFT : K.OP;
    case 64:
      return c2 === 61 ? K.ATEQUAL : K.OP;
    case 94:
      return c2 === 61 ? K.CIRCUMFLEXEQUAL : K.OP;
    case 124:
      return c2 === 61 ? K.VBAREQUAL : K.OP;
    default:
      return K.OP;
  }
}

function threeChars(c1: number, c2: number, c3: number): number {
  if (c3 !== 61 && !(c1 === 46 && c2 === 46 && c3 === 46)) return K.OP;
  if (c1 === 42 && c2 === 42) return K.DOUBLESTAREQUAL;
  if (c1 === 47 && c2 === 47) return K.DOUBLESLASHEQUAL;
  if (c1 === 60 && c2 === 60) return K.LEFTSHIFTEQUAL;
  if (c1 === 62 && c2 === 62) return K.RIGHTSHIFTEQUAL;
  return K.OP;
}
