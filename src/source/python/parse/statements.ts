import { isAugAssign } from '../tokens/kinds.ts';
import * as K from '../tokens/kinds.ts';
import { DEL_OK, TARGET_OK, TUPLE, isSingleTarget, kindOf } from './desc.ts';
import { STARTS, bitwiseOr, expression, starExpressions, yieldExpression } from './expressions.ts';
import { hub } from './hub.ts';
import { importFrom, importName } from './imports.ts';
import { typeParams } from './params.ts';
import { accept, expect, fail, type ParseState } from './state.ts';
import { checkStatement, moduleStatement } from './compile-checks.ts';

/** `file: [statements] ENDMARKER`. */
export function parseModule(p: ParseState): void {
  while (p.kinds[p.pos] !== K.ENDMARKER) statement(p);
}

export function statement(p: ParseState): void {
  const at = p.pos;
  if (hub.compoundStatement(p)) {
    // A compound statement of the module's own body ends future.c's leading future imports.
    if (p.depth === 0) moduleStatement(p, 'other', at);
    return;
  }
  simpleStatements(p);
}

/** `block`: an indented suite, or simple statements on the header's line. */
export function block(p: ParseState): void {
  const out = p.out;
  if (out) out.blockDepth++;
  p.depth++;
  if (p.kinds[p.pos] === K.NEWLINE) {
    p.pos++;
    expect(p, K.INDENT);
    do statement(p);
    while (p.kinds[p.pos] !== K.DEDENT);
    p.pos++;
  } else {
    simpleStatements(p);
  }
  if (out) out.blockDepth--;
  p.depth--;
}

export function simpleStatements(p: ParseState): void {
  simpleStatement(p);
  while (accept(p, K.SEMI)) {
    if (p.kinds[p.pos] === K.NEWLINE) break;
    simpleStatement(p);
  }
  expect(p, K.NEWLINE);
}

function simpleStatement(p: ParseState): void {
  const kinds = p.kinds;
  // future.c's walk (until it stops); a future import reports itself (imports.ts) once its names are read.
  if (p.depth === 0 && !p.future.stopped && !isFutureImport(p))
    moduleStatement(p, isDocstring(p) ? 'docstring' : 'other');
  switch (kinds[p.pos]) {
    case K.KW_PASS:
      p.pos++;
      return;
    case K.KW_BREAK:
      checkStatement(p, 'break');
      p.pos++;
      return;
    case K.KW_CONTINUE:
      checkStatement(p, 'continue');
      p.pos++;
      return;
    case K.KW_RETURN:
      checkStatement(p, 'return');
      returnStatement(p);
      return;
    case K.KW_IMPORT:
      importName(p);
      return;
    case K.KW_FROM:
      importFrom(p);
      return;
    case K.KW_RAISE:
      p.pos++;
      if (STARTS[kinds[p.pos]!] === 1) {
        expression(p);
        if (accept(p, K.KW_FROM)) expression(p);
      }
      return;
    case K.KW_GLOBAL:
      names(p);
      return;
    case K.KW_NONLOCAL:
      checkStatement(p, 'nonlocal');
      names(p);
      return;
    case K.KW_DEL:
      delStatement(p);
      return;
    case K.KW_ASSERT:
      p.pos++;
      expression(p);
      if (accept(p, K.COMMA)) expression(p);
      return;
    case K.KW_YIELD:
      yieldExpression(p);
      return;
    case K.NAME:
      if (
        kinds[p.pos + 1] === K.NAME &&
        p.isName('type') &&
        (kinds[p.pos + 2] === K.EQUAL || kinds[p.pos + 2] === K.LSQB)
      ) {
        typeAlias(p);
        return;
      }
      expressionStatement(p);
      return;
    default:
      expressionStatement(p);
  }
}

function returnStatement(p: ParseState): void {
  p.pos++;
  if (STARTS[p.kinds[p.pos]!] === 0) return;
  const valueAt = p.pos;
  starExpressions(p);
  if (p.sawStar) p.feature(8, 'unparenthesized starred expressions after return', valueAt);
  if (p.out && !(p.kinds[valueAt] === K.KW_NONE && p.pos === valueAt + 1)) p.out.returnWithValue();
}

function names(p: ParseState): void {
  const global = p.kinds[p.pos] === K.KW_GLOBAL;
  p.pos++;
  const found: string[] = [];
  do {
    if (p.kinds[p.pos] !== K.NAME) fail();
    found.push(p.tokenText());
    p.pos++;
  } while (accept(p, K.COMMA));
  if (global && p.out) p.out.globals(found);
}

function delStatement(p: ParseState): void {
  p.pos++;
  do {
    if (STARTS[p.kinds[p.pos]!] !== 1) break;
    if ((bitwiseOr(p) & DEL_OK) === 0) fail();
  } while (accept(p, K.COMMA));
  const k = p.kinds[p.pos];
  if (k !== K.SEMI && k !== K.NEWLINE) fail();
  if (p.kinds[p.pos - 1] === K.KW_DEL) fail();
}

function typeAlias(p: ParseState): void {
  p.feature(12, 'the type statement');
  p.pos += 2;
  if (p.kinds[p.pos] === K.LSQB) typeParams(p);
  expect(p, K.EQUAL);
  expression(p);
}

/**
 * An expression statement or an assignment. The left side is parsed as an expression and
 * then judged as a target, which is equivalent to CPython's target rules for valid input.
 */
function expressionStatement(p: ParseState): void {
  const start = p.pos;
  const first = starExpressions(p);
  const k = p.kinds[p.pos]!;
  if (k === K.EQUAL) {
    const targets: number[] = [start, p.pos];
    let d = first;
    for (;;) {
      if ((d & TARGET_OK) === 0) fail();
      p.pos++;
      const from = p.pos;
      if (p.kinds[p.pos] === K.KW_YIELD) {
        yieldExpression(p);
        d = 0;
      } else {
        d = starExpressions(p);
      }
      if (p.kinds[p.pos] !== K.EQUAL) break;
      targets.push(from, p.pos);
    }
    if (p.out && p.out.atModuleLevel())
      for (let i = 0; i < targets.length; i += 2) assignedNames(p, targets[i]!, targets[i + 1]!);
  } else if (k === K.COLON) {
    if (!isSingleTarget(first)) fail();
    const colon = p.pos++;
    expression(p);
    if (accept(p, K.EQUAL)) {
      const from = p.pos;
      if (p.kinds[p.pos] === K.KW_YIELD) {
        yieldExpression(p);
      } else {
        const d = starExpressions(p);
        if (kindOf(d) === TUPLE && p.kinds[from] !== K.LPAR)
          p.feature(8, 'unparenthesized tuples in annotated assignments', from);
        else if (p.sawStar) p.feature(8, 'unparenthesized tuples in annotated assignments', from);
      }
    }
    if (p.out && p.out.atModuleLevel()) assignedNames(p, start, colon);
  } else if (isAugAssign(k)) {
    if (!isSingleTarget(first)) fail();
    p.pos++;
    if (p.kinds[p.pos] === K.KW_YIELD) yieldExpression(p);
    else starExpressions(p);
  }
}

/**
 * Module-level names bound by one assignment target, tokens [from, to): a name, a name in
 * parentheses, or the plain names of a tuple (nested tuples, lists and starred names are not read).
 */
function assignedNames(p: ParseState, from: number, to: number): void {
  const kinds = p.kinds;
  let a = from;
  let b = to;
  while (kinds[a] === K.LPAR && closing(p, a) === b - 1) {
    a++;
    b--;
  }
  if (b - a === 1 && kinds[a] === K.NAME) {
    p.out!.assignment(p.tokenText(a), p.starts[a]!);
    return;
  }
  let depth = 0;
  let elementStart = a;
  for (let i = a; i <= b; i++) {
    const k = i < b ? kinds[i]! : K.COMMA;
    if (k === K.LPAR || k === K.LSQB || k === K.LBRACE) depth++;
    else if (k === K.RPAR || k === K.RSQB || k === K.RBRACE) depth--;
    else if (k === K.COMMA && depth === 0) {
      if (i - elementStart === 1 && kinds[elementStart] === K.NAME && (i < b || elementStart > a)) {
        p.out!.assignment(p.tokenText(elementStart), p.starts[elementStart]!);
      }
      elementStart = i + 1;
    }
  }
}

/** Index of the bracket closing the one at `open`. */
export function closing(p: ParseState, open: number): number {
  let depth = 0;
  for (let i = open; i < p.count; i++) {
    const k = p.kinds[i];
    if (k === K.LPAR || k === K.LSQB || k === K.LBRACE) depth++;
    else if ((k === K.RPAR || k === K.RSQB || k === K.RBRACE) && --depth === 0) return i;
  }
  return -1;
}

/** `from __future__ import …` at the cursor. */
export function isFutureImport(p: ParseState, at = p.pos): boolean {
  return p.kinds[at] === K.KW_FROM && p.isName('__future__', at + 1) && p.kinds[at + 2] === K.KW_IMPORT;
}

/** A statement of string literals alone (not f-strings or bytes): a docstring when it comes first. */
function isDocstring(p: ParseState): boolean {
  let at = p.pos;
  if (p.kinds[at] !== K.STRING || /^[a-zA-Z]*[bBfFtT]/.test(p.tokenText(at))) return false;
  while (p.kinds[at] === K.STRING) at++;
  return p.kinds[at] === K.NEWLINE || p.kinds[at] === K.SEMI;
}
