import * as K from '../tokens/kinds.ts';
import { STARRED, kindOf } from './desc.ts';
import { STARTS, namedExpression, starNamedExpression } from './expressions.ts';
import { accept, attempt, expect, fail, type ParseState } from './state.ts';
import { block } from './statements.ts';
import { strings } from './strings.ts';

/**
 * The match statement (3.10). `match` is a soft keyword: when `match <subject>:` and a
 * newline do not follow, the line is an ordinary statement (`match(x)`, `match = 1`).
 */
export function matchStatement(p: ParseState): boolean {
  const at = p.pos;
  const header = attempt(p, () => {
    p.pos++;
    subject(p);
    expect(p, K.COLON);
    expect(p, K.NEWLINE);
  });
  if (!header) return false;
  p.feature(10, 'the match statement', at);
  expect(p, K.INDENT);
  const out = p.out;
  const moduleLevel = out !== null && out.atModuleLevel();
  if (moduleLevel) out.matchDepth++;
  do caseBlock(p);
  while (p.kinds[p.pos] !== K.DEDENT);
  p.pos++;
  if (moduleLevel) out.matchDepth--;
  return true;
}

function subject(p: ParseState): void {
  const first = starNamedExpression(p);
  if (!accept(p, K.COMMA)) {
    if (kindOf(first) === STARRED) fail();
    return;
  }
  while (STARTS[p.kinds[p.pos]!] !== 0) {
    starNamedExpression(p);
    if (!accept(p, K.COMMA)) break;
  }
}

function caseBlock(p: ParseState): void {
  if (!p.isName('case')) fail();
  p.pos++;
  patterns(p);
  if (accept(p, K.KW_IF)) namedExpression(p);
  expect(p, K.COLON);
  block(p);
}

/** `patterns`: an open sequence (`a, *rest`) or one pattern. */
function patterns(p: ParseState): void {
  const star = maybeStarPattern(p);
  if (!accept(p, K.COMMA)) {
    if (star) fail();
    return;
  }
  while (startsPattern(p)) {
    maybeStarPattern(p);
    if (!accept(p, K.COMMA)) break;
  }
}

/** Returns true for a star pattern. */
function maybeStarPattern(p: ParseState): boolean {
  if (accept(p, K.STAR)) {
    if (p.kinds[p.pos] !== K.NAME) fail();
    p.pos++;
    return true;
  }
  pattern(p);
  return false;
}

function startsPattern(p: ParseState): boolean {
  const k = p.kinds[p.pos];
  return (
    k === K.NAME ||
    k === K.NUMBER ||
    k === K.STRING ||
    k === K.FSTRING_START ||
    k === K.TSTRING_START ||
    k === K.MINUS ||
    k === K.LPAR ||
    k === K.LSQB ||
    k === K.LBRACE ||
    k === K.KW_NONE ||
    k === K.KW_TRUE ||
    k === K.KW_FALSE ||
    k === K.STAR
  );
}

/** `pattern`: an or-pattern, optionally `as name` (not `_`). */
function pattern(p: ParseState): void {
  closedPattern(p);
  while (accept(p, K.VBAR)) closedPattern(p);
  if (accept(p, K.KW_AS)) {
    if (p.kinds[p.pos] !== K.NAME || p.isName('_')) fail();
    p.pos++;
  }
}

function closedPattern(p: ParseState): void {
  const k = p.kinds[p.pos];
  switch (k) {
    case K.NUMBER:
    case K.MINUS:
      numberPattern(p);
      return;
    case K.STRING:
    case K.FSTRING_START:
    case K.TSTRING_START:
      strings(p);
      return;
    case K.KW_NONE:
    case K.KW_TRUE:
    case K.KW_FALSE:
      p.pos++;
      return;
    case K.LPAR:
      group(p);
      return;
    case K.LSQB:
      p.pos++;
      sequence(p, K.RSQB);
      return;
    case K.LBRACE:
      mapping(p);
      return;
    case K.NAME:
      nameOrClass(p);
      return;
    default:
      fail();
  }
}

/** `-1`, `1.5`, `1 + 2j`, `-1 - 2j`: real part first, imaginary part last. */
function numberPattern(p: ParseState): void {
  accept(p, K.MINUS);
  if (p.kinds[p.pos] !== K.NUMBER) fail();
  const real = p.pos++;
  const k = p.kinds[p.pos];
  if (k !== K.PLUS && k !== K.MINUS) return;
  if (imaginary(p, real)) fail();
  p.pos++;
  if (p.kinds[p.pos] !== K.NUMBER || !imaginary(p, p.pos)) fail();
  p.pos++;
}

function imaginary(p: ParseState, at: number): boolean {
  return (p.text.charCodeAt(p.ends[at]! - 1) | 0x20) === 0x6a;
}

/** `(pattern)` or a parenthesized sequence. */
function group(p: ParseState): void {
  p.pos++;
  if (accept(p, K.RPAR)) return;
  const star = maybeStarPattern(p);
  if (accept(p, K.RPAR)) {
    if (star) fail();
    return;
  }
  expect(p, K.COMMA);
  sequence(p, K.RPAR);
}

function sequence(p: ParseState, close: number): void {
  while (p.kinds[p.pos] !== close) {
    maybeStarPattern(p);
    if (!accept(p, K.COMMA)) break;
  }
  expect(p, close);
}

function mapping(p: ParseState): void {
  p.pos++;
  while (p.kinds[p.pos] !== K.RBRACE) {
    if (accept(p, K.DOUBLESTAR)) {
      if (p.kinds[p.pos] !== K.NAME || p.isName('_')) fail();
      p.pos++;
      accept(p, K.COMMA);
      break;
    }
    const k = p.kinds[p.pos];
    if (k === K.NAME) {
      dottedValue(p, true);
    } else if (k === K.NUMBER || k === K.MINUS) {
      numberPattern(p);
    } else if (k === K.STRING || k === K.FSTRING_START || k === K.TSTRING_START) {
      strings(p);
    } else if (k === K.KW_NONE || k === K.KW_TRUE || k === K.KW_FALSE) {
      p.pos++;
    } else {
      fail();
    }
    expect(p, K.COLON);
    pattern(p);
    if (!accept(p, K.COMMA)) break;
  }
  expect(p, K.RBRACE);
}

/** `name.attr…`; a mapping key must be dotted (`attr`), a bare name is a capture. */
function dottedValue(p: ParseState, mustBeDotted: boolean): number {
  p.pos++;
  let parts = 1;
  while (p.kinds[p.pos] === K.DOT) {
    p.pos++;
    if (p.kinds[p.pos] !== K.NAME) fail();
    p.pos++;
    parts++;
  }
  if (mustBeDotted && parts === 1) fail();
  return parts;
}

/** A capture (`x`), the wildcard (`_`), a value (`a.b`), or a class pattern (`Point(x=1)`). */
function nameOrClass(p: ParseState): void {
  dottedValue(p, false);
  if (p.kinds[p.pos] === K.LPAR) classArguments(p);
  else if (p.kinds[p.pos] === K.EQUAL) fail();
}

/** `Cls(positional…, keyword=pattern…)`: positional patterns first. */
function classArguments(p: ParseState): void {
  p.pos++;
  let keywords = false;
  while (p.kinds[p.pos] !== K.RPAR) {
    if (p.kinds[p.pos] === K.NAME && p.kinds[p.pos + 1] === K.EQUAL) {
      p.pos += 2;
      keywords = true;
    } else if (keywords) {
      fail();
    }
    pattern(p);
    if (!accept(p, K.COMMA)) break;
  }
  expect(p, K.RPAR);
}
