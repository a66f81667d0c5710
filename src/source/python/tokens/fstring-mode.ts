import * as K from './kinds.ts';
import type { Tokenizer } from './tokenizer.ts';

// tokenizer.c (3.12): MAX_EXPR_NESTING.
const MAX_EXPR_NESTING = 3;
const EOF = -1;

/**
 * One f-string (or t-string) being tokenized the PEP 701 way (Python 3.12+): literal parts
 * become FSTRING_MIDDLE tokens, replacement fields are tokenized as ordinary code, with the
 * bracket depth telling where a field and its format spec end.
 */
export class FStringMode {
  readonly quote: number;
  readonly size: number;
  readonly raw: boolean;
  readonly template: boolean;
  /** Offset of the prefix. */
  readonly start: number;
  /** True while tokenizing a replacement field (CPython's TOK_REGULAR_MODE). */
  inExpression = false;
  /** Brackets open inside this f-string's fields (CPython's curly_bracket_depth). */
  curlyDepth = 0;
  /** The bracket depth at which the innermost field began; -1 outside any field. */
  exprStartDepth = -1;
  inFormatSpec = false;

  constructor(quote: number, size: number, raw: boolean, template: boolean, start: number, _level: number) {
    this.quote = quote;
    this.size = size;
    this.raw = raw;
    this.template = template;
    this.start = start;
  }

  /** In a field: `:` at the field's own depth starts the format spec. 0: not handled here. */
  punctuation(t: Tokenizer, c: number, _c2: number): number {
    if (c !== 58 || this.exprStartDepth < 0) return 0;
    if (this.curlyDepth - 1 !== this.exprStartDepth) return 0;
    this.inExpression = false;
    this.inFormatSpec = true;
    t.tokEnd = t.i;
    return K.COLON;
  }

  sawWalrus(): void {}

  /** A closing bracket inside a field: the field's own `}` returns to the literal part. */
  closed(c: number): void {
    this.curlyDepth--;
    if (c === 125 && this.curlyDepth === this.exprStartDepth) {
      // The format spec flag stays: a nested field may close inside an outer field's spec.
      this.exprStartDepth--;
      this.inExpression = false;
    }
  }
}

/** tok_get_fstring_mode: the literal part of an f-string, its end, or the start of a field. */
export function scanFStringMiddle(t: Tokenizer, mode: FStringMode): number {
  const middle = mode.template ? K.TSTRING_MIDDLE : K.FSTRING_MIDDLE;
  t.tokStart = t.i;
  if (t.charAt(t.i) === 123 && t.charAt(t.i + 1) !== 123) {
    if (++mode.exprStartDepth >= MAX_EXPR_NESTING) return t.fail('f-string: expressions nested too deeply', t.i + 1);
    mode.inExpression = true;
    return t.next();
  }
  let atEnd = true;
  for (let k = 0; k < mode.size; k++) {
    if (t.charAt(t.i + k) !== mode.quote) {
      atEnd = false;
      break;
    }
  }
  if (atEnd) {
    t.i += mode.size;
    t.tokEnd = t.i;
    t.modes.pop();
    return mode.template ? K.TSTRING_END : K.FSTRING_END;
  }
  let endQuotes = 0;
  let unicodeEscape = false;
  while (endQuotes !== mode.size) {
    const c = t.charAt(t.i++);
    const inFormatSpec = mode.inFormatSpec && mode.exprStartDepth >= 0;
    if (c === EOF || (mode.size === 1 && c === 10)) {
      if (c === EOF) t.i--;
      if (inFormatSpec && c === 10) {
        t.i--;
        mode.inExpression = true;
        mode.inFormatSpec = false;
        t.tokEnd = t.i;
        return middle;
      }
      const detected = t.lines.lineOf(c === EOF ? t.n - 1 : t.i - 1);
      const line = t.lines.lineOf(mode.start);
      const what = mode.template ? 't-string' : 'f-string';
      const message =
        mode.size === 3
          ? `unterminated triple-quoted ${what} literal (detected at line ${detected})`
          : `unterminated ${what} literal (detected at line ${detected})`;
      return t.failAt(message, line, mode.start - t.lines.lineStart(line) + 1);
    }
    if (c === mode.quote) {
      endQuotes++;
      continue;
    }
    endQuotes = 0;
    if (c === 123) {
      const peek = t.charAt(t.i);
      if (peek !== 123 || inFormatSpec) {
        t.i--;
        if (++mode.exprStartDepth >= MAX_EXPR_NESTING)
          return t.fail('f-string: expressions nested too deeply', t.i + 1);
        mode.inExpression = true;
        t.tokEnd = t.i;
        return middle;
      }
      t.i++;
      t.tokEnd = t.i - 1;
      return middle;
    }
    if (c === 125) {
      if (unicodeEscape) {
        t.tokEnd = t.i;
        return middle;
      }
      const peek = t.charAt(t.i);
      if (peek === 125 && !inFormatSpec) {
        t.i++;
        t.tokEnd = t.i - 1;
        return middle;
      }
      t.i--;
      mode.inExpression = true;
      t.tokEnd = t.i;
      return middle;
    }
    if (c === 92) {
      const peek = t.charAt(t.i);
      if (peek === 123 || peek === 125) continue;
      t.i++;
      if (!mode.raw && peek === 78 && t.charAt(t.i) === 123) {
        t.i++;
        unicodeEscape = true;
      }
    }
  }
  t.i -= mode.size;
  t.tokEnd = t.i;
  return middle;
}
