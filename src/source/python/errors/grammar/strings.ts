/**
 * String literals in the error pass: `strings` and its action (_PyPegen_concatenate_strings),
 * which raises each literal's own errors; and the f-string rules of 3.12+ (PEP 701).
 */
import { checkStrBody } from '../../literals/escapes.ts';
import { checkStringToken, splitStringToken } from '../../literals/string-token.ts';
import * as K from '../../tokens/kinds.ts';
import { node } from '../nodes.ts';
import {
  FAIL,
  RaisedError,
  act,
  ahead,
  alt,
  invalid,
  not,
  opt,
  rule,
  seq,
  star,
  tok,
  type Parse,
  type Peg,
} from '../peg.ts';
import { raiseAt, raiseLast, raiseNext, tokenText } from '../raise.ts';
import { starExpressions, yieldExpr } from './expressions.ts';
import { hooks } from './registry.ts';

const T = tok;

interface Part {
  kind: 'string' | 'fstring' | 'tstring';
  token: number;
}

export const strings: Parse = rule(
  () =>
    act(plusParts(), (parts: Part[], s, e, p) => {
      const formatted = concatenate(p, parts);
      return node(formatted ? 'JoinedStr' : 'Constant', s, e, { constant: 'literal' });
    }),
  { memo: true },
);

function plusParts(): Parse {
  const part = alt(
    act(T(K.STRING), (t: number): Part => ({ kind: 'string', token: t })),
    act(fstring, (t: number): Part => ({ kind: 'fstring', token: t })),
    act(tstring, (t: number): Part => ({ kind: 'tstring', token: t })),
  );
  return (p) => {
    const out: Part[] = [];
    for (;;) {
      const m = p.mark;
      const v = part(p);
      if (typeof v !== 'object' || v === null) {
        p.mark = m;
        return out.length > 0 ? out : FAIL;
      }
      out.push(v as Part);
    }
  };
}

/** Each literal's errors in order, and the bytes / str / t-string mixing rule; true for an f-string. */
function concatenate(p: Peg, parts: Part[]): boolean {
  const t = p.tokens;
  let formatted = false;
  let bytesMode: boolean | null = null;
  let template: boolean | null = null;
  for (const part of parts) {
    let bytes = false;
    if (part.kind === 'string') {
      const start = t.starts[part.token]!;
      const end = t.ends[part.token]!;
      const split = splitStringToken(t.text, start, end);
      bytes = split.bytes;
      formatted ||= split.formatted;
      // _PyPegen_parsestr decodes first; an f-string is taken apart after the mixing check.
      if (!split.formatted) raiseStringError(p, part.token, checkStringToken(t.text, start, end, NO_FSTRING));
      if (bytesMode !== null && bytesMode !== bytes) raiseLast(p, 'cannot mix bytes and nonbytes literals');
      if (split.formatted)
        raiseStringError(p, part.token, checkStringToken(t.text, start, end, fstringHooks(p, part.token)));
    } else {
      formatted = true;
      if (bytesMode === true) raiseLast(p, 'cannot mix bytes and nonbytes literals');
    }
    const isTemplate = part.kind === 'tstring';
    if (template !== null && template !== isTemplate)
      raiseLast(p, 'cannot mix t-string literals with string or bytes literals');
    template = isTemplate;
    bytesMode = bytes;
  }
  return formatted;
}

const NO_FSTRING = { expression: () => null, debugSpecifier: () => {} };

function fstringHooks(p: Peg, token: number) {
  return {
    expression: (start: number, end: number) => hooks.fstringExpression!(p.tokens, token, start, end),
    debugSpecifier: () => {},
  };
}

function raiseStringError(p: Peg, token: number, error: ReturnType<typeof checkStringToken>): void {
  if (!error) return;
  if (error.kind === 'token') raiseAt(p, token, error.message);
  if (error.kind === 'outer') raiseLast(p, error.message);
  if (error.kind === 'expression')
    throw new RaisedError(
      error.message,
      error.line,
      error.col,
      error.type === 'SyntaxError' ? 'SyntaxError' : 'IndentationError',
    );
}

// ---- PEP 701 f-strings and PEP 750 t-strings ----------------------------------------------

function interpolated(start: number, middle: number, end: number): Parse {
  const literal: Parse = act(T(middle), (t: number, _s, _e, p) => {
    const bad = rawMiddles(p.tokens).has(t)
      ? null
      : checkStrBody(p.tokens.text, p.tokens.starts[t]!, p.tokens.ends[t]!);
    if (bad) raiseLast(p, bad);
    return t;
  });
  const conversion: Parse = act(seq(T(K.EXCLAMATION), T(K.NAME)), (v, _s, _e, p) => {
    const t = p.tokens;
    if (t.ends[v[0]] !== t.starts[v[1]])
      raiseAt(p, v[0], 'f-string: conversion type must come right after the exclamanation mark');
    const name = tokenText(p, v[1]);
    if (name !== 's' && name !== 'r' && name !== 'a')
      raiseAt(p, v[1], `f-string: invalid conversion character '${name}': expected 's', 'r', or 'a'`);
    return v;
  });
  const expr = alt(yieldExpr, starExpressions);
  const spec: Parse = alt(literal, (p) => field(p));
  const badConversion = alt(
    act(seq(T(K.EXCLAMATION), ahead(alt(T(K.COLON), T(K.RBRACE)))), (_v, _s, _e, p) =>
      raiseNext(p, 'f-string: missing conversion character'),
    ),
    act(seq(T(K.EXCLAMATION), not(T(K.NAME))), (_v, _s, _e, p) =>
      raiseNext(p, 'f-string: invalid conversion character'),
    ),
  );
  const invalidField = invalid(() =>
    alt(
      act(seq(T(K.LBRACE), T(K.EQUAL)), (v, _s, _e, p) =>
        raiseAt(p, v[1], "f-string: valid expression required before '='"),
      ),
      act(seq(T(K.LBRACE), T(K.EXCLAMATION)), (v, _s, _e, p) =>
        raiseAt(p, v[1], "f-string: valid expression required before '!'"),
      ),
      act(seq(T(K.LBRACE), T(K.COLON)), (v, _s, _e, p) =>
        raiseAt(p, v[1], "f-string: valid expression required before ':'"),
      ),
      act(seq(T(K.LBRACE), T(K.RBRACE)), (v, _s, _e, p) =>
        raiseAt(p, v[1], "f-string: valid expression required before '}'"),
      ),
      act(seq(T(K.LBRACE), not(expr)), (_v, _s, _e, p) =>
        raiseNext(p, "f-string: expecting a valid expression after '{'"),
      ),
      act(seq(T(K.LBRACE), expr, not(alt(T(K.EQUAL), T(K.EXCLAMATION), T(K.COLON), T(K.RBRACE)))), (_v, _s, _e, p) =>
        raiseNext(p, "f-string: expecting '=', or '!', or ':', or '}'"),
      ),
      act(seq(T(K.LBRACE), expr, T(K.EQUAL), not(alt(T(K.EXCLAMATION), T(K.COLON), T(K.RBRACE)))), (_v, _s, _e, p) =>
        raiseNext(p, "f-string: expecting '!', or ':', or '}'"),
      ),
      seq(T(K.LBRACE), expr, opt(T(K.EQUAL)), badConversion),
      act(
        seq(
          T(K.LBRACE),
          expr,
          opt(T(K.EQUAL)),
          opt(seq(T(K.EXCLAMATION), T(K.NAME))),
          not(alt(T(K.COLON), T(K.RBRACE))),
        ),
        (_v, _s, _e, p) => raiseNext(p, "f-string: expecting ':' or '}'"),
      ),
      act(
        seq(
          T(K.LBRACE),
          expr,
          opt(T(K.EQUAL)),
          opt(seq(T(K.EXCLAMATION), T(K.NAME))),
          T(K.COLON),
          star(spec),
          not(T(K.RBRACE)),
        ),
        (_v, _s, _e, p) => raiseNext(p, "f-string: expecting '}'"),
      ),
      act(
        seq(T(K.LBRACE), expr, opt(T(K.EQUAL)), opt(seq(T(K.EXCLAMATION), T(K.NAME))), not(T(K.RBRACE))),
        (_v, _s, _e, p) => raiseNext(p, "f-string: expecting '}'"),
      ),
    ),
  );
  const field: Parse = rule(() =>
    alt(
      seq(T(K.LBRACE), expr, opt(T(K.EQUAL)), opt(conversion), opt(seq(T(K.COLON), star(spec))), T(K.RBRACE)),
      invalidField,
    ),
  );
  return rule(() => act(seq(T(start), star(alt(field, literal)), T(end)), (v) => v[0]));
}

const rawCache = new WeakMap<object, Set<number>>();

/** FSTRING_MIDDLE tokens of raw f-strings (their escapes are not decoded). */
function rawMiddles(t: Peg['tokens']): Set<number> {
  let raw = rawCache.get(t);
  if (raw) return raw;
  raw = new Set();
  const stack: boolean[] = [];
  for (let i = 0; i < t.count; i++) {
    const k = t.kinds[i];
    if (k === K.FSTRING_START || k === K.TSTRING_START)
      stack.push(/^[a-z]*r/i.test(t.text.slice(t.starts[i]!, t.ends[i]!)));
    else if (k === K.FSTRING_END || k === K.TSTRING_END) stack.pop();
    else if ((k === K.FSTRING_MIDDLE || k === K.TSTRING_MIDDLE) && stack[stack.length - 1]) raw.add(i);
  }
  rawCache.set(t, raw);
  return raw;
}

const fstring: Parse = rule(() => interpolated(K.FSTRING_START, K.FSTRING_MIDDLE, K.FSTRING_END));
const tstring: Parse = rule(() => interpolated(K.TSTRING_START, K.TSTRING_MIDDLE, K.TSTRING_END));
