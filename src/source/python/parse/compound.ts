import type { Decorator } from '../../types.ts';
import * as K from '../tokens/kinds.ts';
import { TARGET_OK } from './desc.ts';
import { callArguments, expression, namedExpression, starExpressions, starTarget, starTargets } from './expressions.ts';
import { matchStatement } from './match.ts';
import { parameters, sliceTokens, typeParams } from './params.ts';
import { accept, attempt, expect, fail, type ParseState } from './state.ts';
import { CLASS, FUNCTION, checkStatement, enterScope, exitScope, loopBody } from './compile-checks.ts';
import { block, closing } from './statements.ts';

/** Parses a compound statement if one starts here; false when the statement is a simple one. */
export function compoundStatement(p: ParseState): boolean {
  const kinds = p.kinds;
  switch (kinds[p.pos]) {
    case K.KW_DEF:
      functionDef(p, [], p.pos);
      return true;
    case K.KW_CLASS:
      classDef(p, []);
      return true;
    case K.AT:
      decorated(p);
      return true;
    case K.KW_IF:
      ifStatement(p);
      return true;
    case K.KW_WHILE:
      p.pos++;
      namedExpression(p);
      expect(p, K.COLON);
      loopBody(p, () => block(p));
      elseBlock(p);
      return true;
    case K.KW_FOR:
      forStatement(p);
      return true;
    case K.KW_TRY:
      tryStatement(p);
      return true;
    case K.KW_WITH:
      withStatement(p);
      return true;
    case K.KW_ASYNC: {
      const next = kinds[p.pos + 1];
      if (next === K.KW_DEF) functionDef(p, [], p.pos);
      else if (next === K.KW_FOR) forStatement(p);
      else if (next === K.KW_WITH) withStatement(p);
      else fail();
      return true;
    }
    case K.NAME:
      return p.isName('match') && matchStatement(p);
    default:
      return false;
  }
}

function elseBlock(p: ParseState): void {
  if (!accept(p, K.KW_ELSE)) return;
  expect(p, K.COLON);
  block(p);
}

function ifStatement(p: ParseState): void {
  const out = p.out;
  const at = p.pos++;
  const conditionAt = p.pos;
  namedExpression(p);
  const typeChecking = out !== null && isTypeChecking(p, conditionAt);
  if (out && out.atModuleLevel() && isMainGuard(p, conditionAt)) out.guard(p.starts[at]!);
  if (typeChecking) out.typeChecking++;
  expect(p, K.COLON);
  block(p);
  while (accept(p, K.KW_ELIF)) {
    namedExpression(p);
    expect(p, K.COLON);
    block(p);
  }
  elseBlock(p);
  if (typeChecking) out.typeChecking--;
}

/** `__name__ == "__main__"` (either order) and nothing else, up to the colon. */
function isMainGuard(p: ParseState, at: number): boolean {
  if (p.pos !== at + 3 || p.kinds[at + 1] !== K.EQEQUAL) return false;
  const isMain = (i: number) => p.kinds[i] === K.STRING && /^(['"])__main__\1$/.test(p.tokenText(i));
  return (p.isName('__name__', at) && isMain(at + 2)) || (isMain(at) && p.isName('__name__', at + 2));
}

function isTypeChecking(p: ParseState, at: number): boolean {
  if (p.pos === at + 1) return p.isName('TYPE_CHECKING', at);
  return p.pos === at + 3 && p.isName('typing', at) && p.kinds[at + 1] === K.DOT && p.isName('TYPE_CHECKING', at + 2);
}

function forStatement(p: ParseState): void {
  if (p.kinds[p.pos] === K.KW_ASYNC) checkStatement(p, 'async for');
  accept(p, K.KW_ASYNC);
  expect(p, K.KW_FOR);
  if ((starTargets(p) & TARGET_OK) === 0) fail();
  expect(p, K.KW_IN);
  starExpressions(p);
  expect(p, K.COLON);
  loopBody(p, () => block(p));
  elseBlock(p);
}

function withStatement(p: ParseState): void {
  if (p.kinds[p.pos] === K.KW_ASYNC) checkStatement(p, 'async with');
  accept(p, K.KW_ASYNC);
  expect(p, K.KW_WITH);
  let aliased = false;
  // CPython tries `with (item, item as x, …):` first, then items without parentheses.
  const parenthesized =
    p.kinds[p.pos] === K.LPAR &&
    attempt(p, () => {
      const at = p.pos++;
      do {
        if (p.kinds[p.pos] === K.RPAR) break;
        if (withItem(p)) aliased = true;
      } while (accept(p, K.COMMA));
      if (p.pos === at + 1) fail();
      expect(p, K.RPAR);
      expect(p, K.COLON);
      if (aliased) p.feature(9, 'parenthesized context managers', at);
    });
  if (!parenthesized) {
    do withItem(p);
    while (accept(p, K.COMMA));
    expect(p, K.COLON);
  }
  block(p);
}

/** `expression ['as' star_target]`, the target followed by `,`, `)` or `:`. */
function withItem(p: ParseState): boolean {
  expression(p);
  if (!accept(p, K.KW_AS)) return false;
  if ((starTarget(p) & TARGET_OK) === 0) fail();
  const k = p.kinds[p.pos];
  if (k !== K.COMMA && k !== K.RPAR && k !== K.COLON) fail();
  return true;
}

function tryStatement(p: ParseState): void {
  const frame = p.out?.beginTry() ?? null;
  p.pos++;
  expect(p, K.COLON);
  block(p);
  let handlers = 0;
  let star = -1;
  while (p.kinds[p.pos] === K.KW_EXCEPT) {
    p.pos++;
    const isStar = accept(p, K.STAR);
    if (isStar) p.feature(11, 'except* clauses', p.pos - 1);
    if (star !== -1 && star !== Number(isStar)) fail();
    star = Number(isStar);
    const from = p.pos;
    if (p.kinds[p.pos] === K.COLON) {
      if (isStar) fail();
      if (frame) frame.catches = true;
    } else {
      expression(p);
      if (p.kinds[p.pos] === K.COMMA) {
        // PEP 758 (3.14): `except A, B:` without parentheses, when nothing is bound.
        const comma = p.pos;
        while (accept(p, K.COMMA) && p.kinds[p.pos] !== K.COLON) expression(p);
        if (p.kinds[p.pos] === K.KW_AS) fail();
        p.feature(14, 'except clauses with several types and no parentheses', from);
        void comma;
      }
      if (frame && catchesImportError(p, from, p.pos)) frame.catches = true;
      if (accept(p, K.KW_AS)) expect(p, K.NAME);
    }
    expect(p, K.COLON);
    block(p);
    handlers++;
  }
  if (frame) frame.collecting = false;
  if (handlers > 0) elseBlock(p);
  if (accept(p, K.KW_FINALLY)) {
    expect(p, K.COLON);
    block(p);
  } else if (handlers === 0) {
    fail();
  }
  if (frame) p.out!.endTry(frame);
}

const IMPORT_CATCHERS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/** The handler's types, tokens [from, to): a name, a tuple of names, dotted or not. */
function catchesImportError(p: ParseState, from: number, to: number): boolean {
  let a = from;
  let b = to;
  if (p.kinds[a] === K.LPAR && closing(p, a) === b - 1) {
    a++;
    b--;
  }
  let element = a;
  for (let i = a; i <= b; i++) {
    if (i < b && p.kinds[i] !== K.COMMA) continue;
    if (i > element && IMPORT_CATCHERS.has(p.tokenText(i - 1)) && (i - 1 === element || p.kinds[i - 2] === K.DOT))
      return true;
    element = i + 1;
  }
  return false;
}

function decorated(p: ParseState): void {
  const decorators: Decorator[] = [];
  const keep = p.out?.keeps() ?? false;
  while (p.kinds[p.pos] === K.AT) {
    const at = p.pos++;
    const from = p.pos;
    namedExpression(p);
    const name = dottedDecorator(p, from, p.pos);
    if (name === null) p.feature(9, 'decorators other than a dotted name or a call', at);
    if (keep) decorators.push({ name: name ?? sliceTokens(p, from, p.pos), loc: p.out!.position(p.starts[at]!) });
    expect(p, K.NEWLINE);
  }
  const k = p.kinds[p.pos];
  if (k === K.KW_DEF || (k === K.KW_ASYNC && p.kinds[p.pos + 1] === K.KW_DEF)) functionDef(p, decorators, p.pos);
  else if (k === K.KW_CLASS) classDef(p, decorators);
  else fail();
}

/** `a.b.c` or `a.b.c(…)` (the only decorators before 3.9): the dotted name, else null. */
function dottedDecorator(p: ParseState, from: number, to: number): string | null {
  if (p.kinds[from] !== K.NAME) return null;
  let name = p.tokenText(from);
  let i = from + 1;
  while (i + 1 < to && p.kinds[i] === K.DOT && p.kinds[i + 1] === K.NAME) {
    name += `.${p.tokenText(i + 1)}`;
    i += 2;
  }
  if (i === to) return name;
  return p.kinds[i] === K.LPAR && closing(p, i) === to - 1 ? name : null;
}

function functionDef(p: ParseState, decorators: Decorator[], start: number): void {
  const isAsync = accept(p, K.KW_ASYNC);
  expect(p, K.KW_DEF);
  if (p.kinds[p.pos] !== K.NAME) fail();
  const name = p.pos++;
  if (p.kinds[p.pos] === K.LSQB) typeParams(p);
  expect(p, K.LPAR);
  const fn = p.out ? p.out.beginFunction(p.tokenText(name), p.starts[start]!, isAsync, decorators) : null;
  parameters(p, fn ? fn.params : null);
  if (accept(p, K.RARROW)) expression(p);
  expect(p, K.COLON);
  enterScope(p, FUNCTION, isAsync);
  block(p);
  exitScope(p);
  p.out?.end();
}

function classDef(p: ParseState, decorators: Decorator[]): void {
  const at = p.pos++;
  if (p.kinds[p.pos] !== K.NAME) fail();
  const name = p.pos++;
  if (p.kinds[p.pos] === K.LSQB) typeParams(p);
  let bases: string[] = [];
  if (accept(p, K.LPAR)) {
    const from = p.pos;
    callArguments(p, false);
    if (p.out?.keeps()) bases = positionalTexts(p, from, p.pos - 1);
  }
  expect(p, K.COLON);
  p.out?.beginClass(p.tokenText(name), p.starts[at]!, bases, decorators);
  enterScope(p, CLASS);
  block(p);
  exitScope(p);
  p.out?.end();
}

/** Source text of each argument in tokens [from, to) that is not `name=value`. */
function positionalTexts(p: ParseState, from: number, to: number): string[] {
  const texts: string[] = [];
  let depth = 0;
  let element = from;
  for (let i = from; i <= to; i++) {
    const k = i < to ? p.kinds[i] : K.COMMA;
    if (k === K.LPAR || k === K.LSQB || k === K.LBRACE) depth++;
    else if (k === K.RPAR || k === K.RSQB || k === K.RBRACE) depth--;
    else if (k === K.COMMA && depth === 0) {
      const keyword = p.kinds[element] === K.NAME && p.kinds[element + 1] === K.EQUAL;
      if (i > element && !keyword) texts.push(sliceTokens(p, element, i));
      element = i + 1;
    }
  }
  return texts;
}
