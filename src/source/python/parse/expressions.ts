import * as K from '../tokens/kinds.ts';
import {
  ATTRIBUTE_DESC,
  DEL_OK,
  LIST,
  NAME_DESC,
  OTHER,
  STARRED,
  SUBSCRIPT_DESC,
  TARGET_OK,
  TUPLE,
  kindOf,
  starred,
} from './desc.ts';
import { hub } from './hub.ts';
import { accept, expect, fail, type ParseState } from './state.ts';
import { FUNCTION, checkStatement, enterScope, exitScope } from './compile-checks.ts';

/**
 * Expressions, by precedence climbing over CPython's grammar levels (disjunction …
 * primary). Each function returns a descriptor (desc.ts) and leaves the cursor after what
 * it parsed, or throws FAILED.
 */

// bitwise_or … term: higher binds tighter.
const BINARY = new Uint8Array(256);
BINARY[K.VBAR] = 1;
BINARY[K.CIRCUMFLEX] = 2;
BINARY[K.AMPER] = 3;
BINARY[K.LEFTSHIFT] = 4;
BINARY[K.RIGHTSHIFT] = 4;
BINARY[K.PLUS] = 5;
BINARY[K.MINUS] = 5;
BINARY[K.STAR] = 6;
BINARY[K.SLASH] = 6;
BINARY[K.DOUBLESLASH] = 6;
BINARY[K.PERCENT] = 6;
BINARY[K.AT] = 6;

/** Tokens that can begin an `expression` (1) or a `star_expression` (1 or 2). */
export const STARTS = new Uint8Array(256);
for (const k of [
  K.NAME,
  K.NUMBER,
  K.STRING,
  K.FSTRING_START,
  K.TSTRING_START,
  K.LPAR,
  K.LSQB,
  K.LBRACE,
  K.MINUS,
  K.PLUS,
  K.TILDE,
  K.KW_NOT,
  K.KW_LAMBDA,
  K.KW_AWAIT,
  K.KW_NONE,
  K.KW_TRUE,
  K.KW_FALSE,
  K.ELLIPSIS,
])
  STARTS[k] = 1;
STARTS[K.STAR] = 2;

const COMPARISON = new Uint8Array(256);
for (const k of [K.EQEQUAL, K.NOTEQUAL, K.LESS, K.GREATER, K.LESSEQUAL, K.GREATEREQUAL, K.KW_IN, K.KW_IS, K.KW_NOT])
  COMPARISON[k] = 1;

/** `star_expressions`: `a`, `a, *b`, `a,`. Sets `p.sawStar` when an element is starred. */
export function starExpressions(p: ParseState): number {
  const first = starExpression(p);
  if (p.kinds[p.pos] !== K.COMMA) {
    p.sawStar = kindOf(first) === STARRED;
    return first;
  }
  let sawStar = kindOf(first) === STARRED;
  let ok = first & (TARGET_OK | DEL_OK);
  while (p.kinds[p.pos] === K.COMMA) {
    p.pos++;
    if (STARTS[p.kinds[p.pos]!] === 0) break;
    const d = starExpression(p);
    if (kindOf(d) === STARRED) sawStar = true;
    ok &= d;
  }
  p.sawStar = sawStar;
  return TUPLE | ok;
}

/** `star_expression`: `*bitwise_or` or an expression. */
export function starExpression(p: ParseState): number {
  if (p.kinds[p.pos] === K.STAR) {
    p.pos++;
    return starred(bitwiseOr(p));
  }
  return expression(p);
}

/** `star_named_expression`: `*bitwise_or` or a named expression (list, tuple and set elements). */
export function starNamedExpression(p: ParseState): number {
  if (p.kinds[p.pos] === K.STAR) {
    p.pos++;
    return starred(bitwiseOr(p));
  }
  return namedExpression(p);
}

/** `named_expression`: `name := expression` or an expression not followed by `:=`. */
export function namedExpression(p: ParseState): number {
  if (p.kinds[p.pos] === K.NAME && p.kinds[p.pos + 1] === K.COLONEQUAL) {
    walrus(p);
    return OTHER;
  }
  const d = expression(p);
  if (p.kinds[p.pos] === K.COLONEQUAL) fail();
  return d;
}

export function walrus(p: ParseState): void {
  p.feature(8, 'assignment expressions (:=)', p.pos + 1);
  p.pos += 2;
  expression(p);
}

/**
 * `expression`: lambdas and conditional expressions. Chains of them (`lambda: lambda: …`,
 * `a if b else c if d else …`) are read in a loop: CPython accepts nearly 3,000 levels, more
 * than a cold JavaScript stack holds in recursive calls.
 */
export function expression(p: ParseState): number {
  const kinds = p.kinds;
  let other = false;
  // A lambda's body is a function scope for the compile checks, to the end of this expression.
  let lambdas = 0;
  for (;;) {
    while (kinds[p.pos] === K.KW_LAMBDA) {
      p.pos++;
      if (kinds[p.pos] !== K.COLON) hub.lambdaParams(p);
      expect(p, K.COLON);
      enterScope(p, FUNCTION);
      lambdas++;
      other = true;
    }
    const d = disjunction(p);
    if (kinds[p.pos] !== K.KW_IF) {
      for (; lambdas > 0; lambdas--) exitScope(p);
      return other ? OTHER : d;
    }
    p.pos++;
    disjunction(p);
    expect(p, K.KW_ELSE);
    other = true;
  }
}

export function disjunction(p: ParseState): number {
  let d = conjunction(p);
  while (p.kinds[p.pos] === K.KW_OR) {
    p.pos++;
    conjunction(p);
    d = OTHER;
  }
  return d;
}

function conjunction(p: ParseState): number {
  let d = inversion(p);
  while (p.kinds[p.pos] === K.KW_AND) {
    p.pos++;
    inversion(p);
    d = OTHER;
  }
  return d;
}

function inversion(p: ParseState): number {
  if (p.kinds[p.pos] !== K.KW_NOT) return comparison(p);
  while (p.kinds[p.pos] === K.KW_NOT) p.pos++;
  comparison(p);
  return OTHER;
}

function comparison(p: ParseState): number {
  let d = bitwiseOr(p);
  const kinds = p.kinds;
  while (COMPARISON[kinds[p.pos]!] === 1) {
    const k = kinds[p.pos]!;
    if (k === K.KW_NOT) {
      if (kinds[p.pos + 1] !== K.KW_IN) return d;
      p.pos += 2;
    } else if (k === K.KW_IS) {
      p.pos += kinds[p.pos + 1] === K.KW_NOT ? 2 : 1;
    } else {
      p.pos++;
    }
    bitwiseOr(p);
    d = OTHER;
  }
  return d;
}

export function bitwiseOr(p: ParseState): number {
  return binary(p, 1);
}

function binary(p: ParseState, min: number): number {
  let d = factor(p);
  for (;;) {
    const level = BINARY[p.kinds[p.pos]!]!;
    if (level < min || level === 0) return d;
    p.pos++;
    binary(p, level + 1);
    d = OTHER;
  }
}

/** `factor` and `power`: unary operators, `await`, and right-associative `**`, all in one loop. */
function factor(p: ParseState): number {
  const kinds = p.kinds;
  let other = false;
  for (;;) {
    let k = kinds[p.pos];
    while (k === K.MINUS || k === K.PLUS || k === K.TILDE) {
      other = true;
      k = kinds[++p.pos];
    }
    let d: number;
    if (k === K.KW_AWAIT) {
      checkStatement(p, 'await');
      p.pos++;
      primary(p);
      d = OTHER;
    } else {
      d = primary(p);
    }
    if (kinds[p.pos] !== K.DOUBLESTAR) return other ? OTHER : d;
    p.pos++;
    other = true;
  }
}

/** An atom followed by attribute, call and subscript trailers. */
export function primary(p: ParseState): number {
  let d = atom(p);
  const kinds = p.kinds;
  for (;;) {
    const k = kinds[p.pos];
    if (k === K.DOT) {
      p.pos++;
      expect(p, K.NAME);
      d = ATTRIBUTE_DESC;
    } else if (k === K.LPAR) {
      p.pos++;
      callArguments(p, true);
      d = OTHER;
    } else if (k === K.LSQB) {
      p.pos++;
      slices(p);
      d = SUBSCRIPT_DESC;
    } else {
      return d;
    }
  }
}

function atom(p: ParseState): number {
  switch (p.kinds[p.pos]) {
    case K.NAME:
      p.pos++;
      return NAME_DESC;
    case K.NUMBER:
    case K.KW_NONE:
    case K.KW_TRUE:
    case K.KW_FALSE:
    case K.ELLIPSIS:
      p.pos++;
      return OTHER;
    case K.STRING:
    case K.FSTRING_START:
    case K.TSTRING_START:
      hub.strings(p);
      return OTHER;
    case K.LPAR:
      return parenthesized(p);
    case K.LSQB:
      return listDisplay(p);
    case K.LBRACE:
      return braceDisplay(p);
    default:
      return fail();
  }
}

/** `( … )`: the empty tuple, a group, a tuple or a generator expression. */
function parenthesized(p: ParseState): number {
  p.pos++;
  const kinds = p.kinds;
  if (kinds[p.pos] === K.RPAR) {
    p.pos++;
    return TUPLE | TARGET_OK | DEL_OK;
  }
  if (kinds[p.pos] === K.KW_YIELD) {
    yieldExpression(p);
    expect(p, K.RPAR);
    return OTHER;
  }
  const mark = p.compileErrors.length;
  const first = starNamedExpression(p);
  const isStarred = kindOf(first) === STARRED;
  if (!isStarred && startsComprehension(p)) {
    comprehension(p, mark);
    expect(p, K.RPAR);
    return OTHER;
  }
  if (kinds[p.pos] === K.RPAR) {
    if (isStarred) fail();
    p.pos++;
    return first;
  }
  let ok = first & (TARGET_OK | DEL_OK);
  expect(p, K.COMMA);
  while (kinds[p.pos] !== K.RPAR) {
    ok &= starNamedExpression(p);
    if (!accept(p, K.COMMA)) break;
  }
  expect(p, K.RPAR);
  return TUPLE | ok;
}

function listDisplay(p: ParseState): number {
  p.pos++;
  const kinds = p.kinds;
  if (accept(p, K.RSQB)) return LIST | TARGET_OK | DEL_OK;
  const mark = p.compileErrors.length;
  const first = starNamedExpression(p);
  if (kindOf(first) !== STARRED && startsComprehension(p)) {
    comprehension(p, mark);
    expect(p, K.RSQB);
    return OTHER;
  }
  let ok = first & (TARGET_OK | DEL_OK);
  while (accept(p, K.COMMA)) {
    if (kinds[p.pos] === K.RSQB) break;
    ok &= starNamedExpression(p);
  }
  expect(p, K.RSQB);
  return LIST | ok;
}

/** `{ … }`: dict, set, or a comprehension of either. */
function braceDisplay(p: ParseState): number {
  p.pos++;
  const kinds = p.kinds;
  const mark = p.compileErrors.length;
  if (accept(p, K.RBRACE)) return OTHER;
  if (accept(p, K.DOUBLESTAR)) {
    bitwiseOr(p);
    return dictRest(p);
  }
  if (kinds[p.pos] === K.STAR) {
    starNamedExpression(p);
    return setRest(p);
  }
  if (kinds[p.pos] === K.NAME && kinds[p.pos + 1] === K.COLONEQUAL) {
    p.feature(10, 'unparenthesized assignment expressions in sets', p.pos + 1);
    walrus(p);
  } else {
    expression(p);
    if (accept(p, K.COLON)) {
      expression(p);
      if (startsComprehension(p)) {
        comprehension(p, mark);
        expect(p, K.RBRACE);
        return OTHER;
      }
      return dictRest(p);
    }
    if (kinds[p.pos] === K.COLONEQUAL) fail();
  }
  if (startsComprehension(p)) {
    comprehension(p, mark);
    expect(p, K.RBRACE);
    return OTHER;
  }
  return setRest(p);
}

function dictRest(p: ParseState): number {
  while (accept(p, K.COMMA)) {
    if (p.kinds[p.pos] === K.RBRACE) break;
    if (accept(p, K.DOUBLESTAR)) {
      bitwiseOr(p);
    } else {
      expression(p);
      expect(p, K.COLON);
      expression(p);
    }
  }
  expect(p, K.RBRACE);
  return OTHER;
}

function setRest(p: ParseState): number {
  while (accept(p, K.COMMA)) {
    if (p.kinds[p.pos] === K.RBRACE) break;
    if (p.kinds[p.pos] === K.NAME && p.kinds[p.pos + 1] === K.COLONEQUAL)
      p.feature(10, 'unparenthesized assignment expressions in sets', p.pos + 1);
    starNamedExpression(p);
  }
  expect(p, K.RBRACE);
  return OTHER;
}

export function startsComprehension(p: ParseState): boolean {
  const k = p.kinds[p.pos];
  return k === K.KW_FOR || (k === K.KW_ASYNC && p.kinds[p.pos + 1] === K.KW_FOR);
}

/**
 * The clauses of a comprehension whose element began when `mark` compile errors were recorded.
 * A `yield` in a comprehension is CPython's "'yield' inside list comprehension" (and in its first
 * iterable, the enclosing scope's): not judged here, so nothing from it is reported.
 */
function comprehension(p: ParseState, mark: number): void {
  forIfClauses(p);
  p.compileErrors.length = mark;
}

/** `for_if_clauses`: `[async] for targets in disjunction (if disjunction)*`, one or more. */
export function forIfClauses(p: ParseState): void {
  const kinds = p.kinds;
  do {
    accept(p, K.KW_ASYNC);
    expect(p, K.KW_FOR);
    if ((starTargets(p) & TARGET_OK) === 0) fail();
    expect(p, K.KW_IN);
    disjunction(p);
    while (kinds[p.pos] === K.KW_IF) {
      p.pos++;
      disjunction(p);
    }
  } while (startsComprehension(p));
}

/** `star_targets` before `in`: parsed as expressions at bitwise_or level, then judged. */
export function starTargets(p: ParseState): number {
  const first = starTarget(p);
  if (p.kinds[p.pos] !== K.COMMA) return first;
  let ok = first & TARGET_OK;
  while (accept(p, K.COMMA)) {
    const k = p.kinds[p.pos]!;
    if (k === K.KW_IN || STARTS[k] === 0) break;
    ok &= starTarget(p);
  }
  return TUPLE | ok;
}

export function starTarget(p: ParseState): number {
  if (accept(p, K.STAR)) return starred(bitwiseOr(p));
  return bitwiseOr(p);
}

/**
 * Call arguments after `(`, through `)`: positional ones (and `*x`), then keywords (and
 * `*x`), then keywords and `**x`, as CPython's `args`/`kwargs` rules order them. A lone
 * generator expression is the call's only argument (not in a class's bases).
 */
export function callArguments(p: ParseState, allowGenexp: boolean): void {
  const kinds = p.kinds;
  if (accept(p, K.RPAR)) return;
  const mark = p.compileErrors.length;
  let state = 0;
  let first = true;
  for (;;) {
    const k = kinds[p.pos];
    if (k === K.STAR) {
      p.pos++;
      expression(p);
      if (state === 2) fail();
    } else if (k === K.DOUBLESTAR) {
      p.pos++;
      expression(p);
      state = 2;
    } else if (k === K.NAME && kinds[p.pos + 1] === K.EQUAL) {
      p.pos += 2;
      expression(p);
      if (state === 0) state = 1;
    } else {
      if (state !== 0) fail();
      if (k === K.NAME && kinds[p.pos + 1] === K.COLONEQUAL) walrus(p);
      else if (expression(p) && kinds[p.pos] === K.COLONEQUAL) fail();
      if (kinds[p.pos] === K.EQUAL) fail();
      if (first && startsComprehension(p)) {
        if (!allowGenexp) fail();
        comprehension(p, mark);
        expect(p, K.RPAR);
        return;
      }
    }
    first = false;
    if (accept(p, K.COMMA)) {
      if (accept(p, K.RPAR)) return;
      continue;
    }
    expect(p, K.RPAR);
    return;
  }
}

/** A subscript after `[`, through `]`: slices, indexes, and (3.11) starred indexes. */
function slices(p: ParseState): void {
  const kinds = p.kinds;
  for (;;) {
    const k = kinds[p.pos];
    if (k === K.STAR) {
      p.feature(11, 'starred expressions in subscripts');
      p.pos++;
      expression(p);
    } else if (k === K.COLON) {
      sliceRest(p);
    } else {
      const isWalrus = k === K.NAME && kinds[p.pos + 1] === K.COLONEQUAL;
      if (isWalrus) p.feature(10, 'unparenthesized assignment expressions in subscripts', p.pos + 1);
      namedExpression(p);
      if (kinds[p.pos] === K.COLON) {
        if (isWalrus) fail();
        sliceRest(p);
      }
    }
    if (!accept(p, K.COMMA)) break;
    if (kinds[p.pos] === K.RSQB) break;
  }
  expect(p, K.RSQB);
}

function sliceRest(p: ParseState): void {
  expect(p, K.COLON);
  if (STARTS[p.kinds[p.pos]!] === 1) expression(p);
  if (accept(p, K.COLON) && STARTS[p.kinds[p.pos]!] === 1) expression(p);
}

/** `yield from expression` or `yield [star_expressions]`. */
export function yieldExpression(p: ParseState): number {
  checkStatement(p, 'yield');
  p.pos++;
  if (accept(p, K.KW_FROM)) {
    expression(p);
  } else if (STARTS[p.kinds[p.pos]!] !== 0) {
    starExpressions(p);
    if (p.sawStar) p.feature(8, 'unparenthesized starred expressions after yield');
  }
  return OTHER;
}
