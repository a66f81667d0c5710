import type { Param, ParamKind } from '../../types.ts';
import * as K from '../tokens/kinds.ts';
import { expression, starExpression } from './expressions.ts';
import { accept, expect, fail, type ParseState } from './state.ts';

/**
 * Parameter lists of `def` (through `)`) and `lambda` (up to `:`), with CPython's ordering
 * rules: `/` once and after a parameter, no parameter without a default after one with a
 * default (before `*`), a bare `*` followed by a named parameter, nothing after `**kw`.
 * For `def`, each parameter can be recorded for the outline.
 */
export function parameters(p: ParseState, into: Param[] | null): void {
  parameterList(p, K.RPAR, true, into);
  expect(p, K.RPAR);
}

/** After `lambda`, when the next token is not `:`; stops before the `:`. */
export function lambdaParams(p: ParseState): void {
  parameterList(p, K.COLON, false, null);
}

function parameterList(p: ParseState, close: number, annotated: boolean, into: Param[] | null): void {
  const kinds = p.kinds;
  let count = 0;
  let slash = false;
  let star = false;
  let defaulted = false;
  let bareStar = false;
  let doubleStar = false;
  while (kinds[p.pos] !== close) {
    if (doubleStar) fail();
    const at = p.pos;
    const k = kinds[p.pos];
    if (k === K.SLASH) {
      if (slash || star || count === 0) fail();
      p.feature(8, 'positional-only parameters (/)');
      p.pos++;
      slash = true;
      if (into) for (const param of into) if (param.kind === 'positional-or-keyword') param.kind = 'positional-only';
    } else if (k === K.STAR) {
      if (star) fail();
      star = true;
      p.pos++;
      if (kinds[p.pos] === K.NAME) {
        param(p, at, 'var-positional', annotated, true, into, false);
      } else {
        bareStar = true;
        if (kinds[p.pos] !== K.COMMA || kinds[p.pos + 1] !== K.NAME) fail();
      }
    } else if (k === K.DOUBLESTAR) {
      p.pos++;
      if (kinds[p.pos] !== K.NAME) fail();
      param(p, at, 'var-keyword', annotated, false, into, false);
      doubleStar = true;
    } else if (k === K.NAME) {
      const hasDefault = param(p, at, star ? 'keyword-only' : 'positional-or-keyword', annotated, false, into, true);
      if (!star) {
        if (hasDefault) defaulted = true;
        else if (defaulted) fail();
      }
      bareStar = false;
      count++;
    } else {
      fail();
    }
    if (!accept(p, K.COMMA)) break;
  }
  if (bareStar) fail();
  if (kinds[p.pos] !== close) fail();
}

/** One `name[: annotation][= default]` (`*args` and `**kw` take no default); returns whether it has one. */
function param(
  p: ParseState,
  at: number,
  kind: ParamKind,
  annotated: boolean,
  starAnnotation: boolean,
  into: Param[] | null,
  defaults: boolean,
): boolean {
  const nameAt = p.pos;
  expect(p, K.NAME);
  let annotation: string | undefined;
  if (annotated && p.kinds[p.pos] === K.COLON) {
    p.pos++;
    const from = p.pos;
    if (p.kinds[p.pos] === K.STAR) {
      if (!starAnnotation) fail();
      p.feature(11, 'starred annotations (*args: *Ts)');
      starExpression(p);
    } else {
      expression(p);
    }
    if (into) annotation = sliceTokens(p, from, p.pos);
  }
  let defaultText: string | undefined;
  const hasDefault = p.kinds[p.pos] === K.EQUAL;
  if (hasDefault && !defaults) fail();
  if (hasDefault) {
    p.pos++;
    const from = p.pos;
    expression(p);
    if (into) defaultText = sliceTokens(p, from, p.pos);
  }
  if (into) {
    const lines = p.out!.lines;
    const start = p.starts[at]!;
    const line = lines.lineOf(start);
    into.push({
      name: p.tokenText(nameAt),
      kind,
      hasDefault,
      ...(defaultText === undefined ? {} : { defaultText }),
      ...(annotation === undefined ? {} : { annotation }),
      loc: { line, col: start - lines.lineStart(line) + 1 },
    });
  }
  return hasDefault;
}

/** PEP 695 type parameters after `[`, through `]` (3.12; defaults 3.13). */
export function typeParams(p: ParseState): void {
  const kinds = p.kinds;
  p.feature(12, 'type parameter lists');
  p.pos++;
  do {
    const k = kinds[p.pos];
    if (k === K.STAR || k === K.DOUBLESTAR) {
      p.pos++;
      expect(p, K.NAME);
    } else {
      expect(p, K.NAME);
      if (accept(p, K.COLON)) expression(p);
    }
    if (kinds[p.pos] === K.EQUAL) {
      p.feature(13, 'type parameter defaults');
      p.pos++;
      if (k === K.STAR) starExpression(p);
      else expression(p);
    }
    if (!accept(p, K.COMMA)) break;
  } while (kinds[p.pos] !== K.RSQB);
  expect(p, K.RSQB);
}

/** Source text from token `from` up to (not including) token `to`. */
export function sliceTokens(p: ParseState, from: number, to: number): string {
  return p.text.slice(p.starts[from]!, p.ends[to - 1]!);
}
