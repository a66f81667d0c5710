import { checkStrBody } from './escapes.ts';

/**
 * f-strings before Python 3.12 (PEP 701): the tokenizer returns the whole f-string as one
 * STRING token and the parser takes it apart (string_parser.c's fstring_find_literal and
 * fstring_find_expr, ported here): literal parts with their escapes, `{{`/`}}`, replacement
 * fields with no backslash and no `#`, a conversion `!s`/`!r`/`!a`, a format spec nesting at
 * most one more field. Each expression part is handed to `hooks.expression` as the source
 * CPython parses, `(` + part + `)`.
 */
export interface FStringHooks {
  /** Parses the expression text[start, end) wrapped in parentheses; an error, or null. */
  expression(start: number, end: number): FStringError | null;
  /** `{x=}` (3.8). */
  debugSpecifier(offset: number): void;
}

/** `outer`: positioned where the enclosing parser stands; `expression`: from the part's own parse. */
export type FStringError =
  | { kind: 'outer'; message: string }
  | {
      kind: 'expression';
      message: string;
      line: number;
      col: number;
      type: 'SyntaxError' | 'IndentationError' | 'TabError';
    };

const MAX_LEVEL = 200;

export function checkLegacyFString(
  text: string,
  start: number,
  end: number,
  raw: boolean,
  hooks: FStringHooks,
): FStringError | null {
  const state = { s: start };
  return fstring(text, state, end, raw, 0, hooks);
}

function outer(message: string): FStringError {
  return { kind: 'outer', message };
}

function fstring(
  text: string,
  st: { s: number },
  end: number,
  raw: boolean,
  level: number,
  hooks: FStringHooks,
): FStringError | null {
  for (;;) {
    const literal = findLiteral(text, st, end, raw, level);
    if (typeof literal !== 'number') return literal;
    if (literal === 1) continue;
    if (st.s >= end || text.charCodeAt(st.s) === 125) break;
    const error = findExpression(text, st, end, raw, level, hooks);
    if (error) return error;
  }
  if (level !== 0 && (st.s >= end || text.charCodeAt(st.s) !== 125)) return outer("f-string: expecting '}'");
  return null;
}

/** Returns 1 after a doubled brace (scan on), 0 at a field or the end, or an error. */
function findLiteral(text: string, st: { s: number }, end: number, raw: boolean, level: number): number | FStringError {
  let s = st.s;
  const literalStart = s;
  let result = 0;
  while (s < end) {
    let ch = text.charCodeAt(s++);
    if (!raw && ch === 92 && s < end) {
      ch = text.charCodeAt(s++);
      if (ch === 78) {
        if (s < end && text.charCodeAt(s++) === 123) {
          while (s < end && text.charCodeAt(s++) !== 125);
        }
        continue;
      }
    }
    if (ch === 123 || ch === 125) {
      if (level === 0) {
        if (s < end && text.charCodeAt(s) === ch) {
          st.s = s + 1;
          result = 1;
          break;
        }
        if (ch === 125) {
          st.s = s - 1;
          return outer("f-string: single '}' is not allowed");
        }
      }
      s--;
      st.s = s;
      break;
    }
  }
  if (result === 0 && s >= end) st.s = s;
  if (!raw && s > literalStart) {
    const bad = checkStrBody(text, literalStart, s);
    if (bad) return outer(bad);
  }
  return result;
}

function findExpression(
  text: string,
  st: { s: number },
  end: number,
  raw: boolean,
  level: number,
  hooks: FStringHooks,
): FStringError | null {
  if (level >= 2) return outer('f-string: expressions nested too deeply');
  let s = st.s + 1;
  const exprStart = s;
  let quote = 0;
  let tripleQuoted = false;
  const stack: number[] = [];
  for (; s < end; s++) {
    const ch = text.charCodeAt(s);
    if (ch === 92) return outer('f-string expression part cannot include a backslash');
    if (quote) {
      if (ch === quote) {
        if (!tripleQuoted) quote = 0;
        else if (s + 2 < end && text.charCodeAt(s + 1) === ch && text.charCodeAt(s + 2) === ch) {
          s += 2;
          quote = 0;
        }
      }
      continue;
    }
    if (ch === 39 || ch === 34) {
      tripleQuoted = s + 2 < end && text.charCodeAt(s + 1) === ch && text.charCodeAt(s + 2) === ch;
      if (tripleQuoted) s += 2;
      quote = ch;
    } else if (ch === 91 || ch === 123 || ch === 40) {
      if (stack.length >= MAX_LEVEL) return outer('f-string: too many nested parenthesis');
      stack.push(ch);
    } else if (ch === 35) {
      return outer("f-string expression part cannot include '#'");
    } else if (stack.length === 0 && (ch === 33 || ch === 58 || ch === 125 || ch === 61 || ch === 62 || ch === 60)) {
      const next = s + 1 < end ? text.charCodeAt(s + 1) : -1;
      if (next === 61 && ch !== 58 && ch !== 125) {
        s++;
        continue;
      }
      if (ch === 62 || ch === 60) continue;
      break;
    } else if (ch === 93 || ch === 125 || ch === 41) {
      const opening = stack.pop();
      if (opening === undefined) return outer(`f-string: unmatched '${String.fromCharCode(ch)}'`);
      if (!((opening === 40 && ch === 41) || (opening === 91 && ch === 93) || (opening === 123 && ch === 125))) {
        return outer(
          `f-string: closing parenthesis '${String.fromCharCode(ch)}' does not match ` +
            `opening parenthesis '${String.fromCharCode(opening)}'`,
        );
      }
    }
  }
  const exprEnd = s;
  if (quote) return outer('f-string: unterminated string');
  if (stack.length > 0) return outer(`f-string: unmatched '${String.fromCharCode(stack[stack.length - 1]!)}'`);
  if (s >= end) return outer("f-string: expecting '}'");
  if (/^[ \t\n\f]*$/.test(text.slice(exprStart, exprEnd))) {
    const next = text[exprEnd];
    return outer(
      next === '!' || next === ':' || next === '='
        ? `f-string: expression required before '${next}'`
        : 'f-string: empty expression not allowed',
    );
  }
  const error = hooks.expression(exprStart, exprEnd);
  if (error) return error;
  if (text.charCodeAt(s) === 61) {
    hooks.debugSpecifier(s);
    s++;
    while (s < end && /[ \t\n\r\v\f]/.test(text[s]!)) s++;
    if (s >= end) return outer("f-string: expecting '}'");
  }
  if (text.charCodeAt(s) === 33) {
    s++;
    if (s >= end) return outer("f-string: expecting '}'");
    const conversion = text.charCodeAt(s++);
    if (conversion !== 115 && conversion !== 114 && conversion !== 97) {
      return outer("f-string: invalid conversion character: expected 's', 'r', or 'a'");
    }
  }
  if (s < end && text.charCodeAt(s) === 58) {
    s++;
    if (s >= end) return outer("f-string: expecting '}'");
    st.s = s;
    const error = fstring(text, st, end, raw, level + 1, hooks);
    if (error) return error;
    s = st.s;
  }
  if (s >= end || text.charCodeAt(s) !== 125) return outer("f-string: expecting '}'");
  st.s = s + 1;
  return null;
}
