/**
 * CPython 3.11's expression rules (Grammar/python.gram), one combinator per rule, in the
 * grammar's order: the order of alternatives decides which error message wins. Left
 * recursive rules are loops. Rule names follow the grammar's.
 */
import * as K from '../../tokens/kinds.ts';
import { exprName, node, type Expr } from '../nodes.ts';
import {
  CUT,
  FAIL,
  NULL_RESULT,
  act,
  ahead,
  alt,
  gather,
  invalid,
  not,
  opt,
  plus,
  rule,
  seq,
  star,
  tok,
  type Parse,
  type Peg,
} from '../peg.ts';
import { raiseAt, raiseAtEnd, raiseLast, raiseInvalidTarget, tokenText } from '../raise.ts';
import { ref } from './registry.ts';

const T = tok;
const NAME = T(K.NAME);
const lambdaParams = ref('lambdaParams');
const strings = ref('strings');
const starTargets = ref('starTargets');

export const nameExpr: Parse = act(NAME, (t: number) => nameNode(t));

export function nameNode(t: number): Expr {
  return node('Name', t, t + 1);
}

/** `left (op right)+` as a loop, for CPython's left-recursive binary rules. */
function leftLoop(base: Parse, trailer: Parse, kind: Expr['kind']): Parse {
  return (p) => {
    const s = p.mark;
    let left = base(p);
    if (left === FAIL) return FAIL;
    for (;;) {
      const m = p.mark;
      const v = trailer(p);
      if (v === FAIL) {
        p.mark = m;
        return left;
      }
      left = node(kind, s, p.mark);
    }
  };
}

export const expressions: Parse = rule(() =>
  alt(
    act(seq(expression, plus(seq(T(K.COMMA), expression)), opt(T(K.COMMA))), (v, s, e) =>
      node('Tuple', s, e, { elts: [v[0], ...v[1].map((x: unknown[]) => x[1])] }),
    ),
    act(seq(expression, T(K.COMMA)), (v, s, e) => node('Tuple', s, e, { elts: [v[0]] })),
    expression,
  ),
);

export const expression: Parse = rule(
  () =>
    alt(
      invalidExpression,
      invalidLegacyExpression,
      act(seq(disjunction, T(K.KW_IF), disjunction, T(K.KW_ELSE), expression), (_v, s, e) => node('IfExp', s, e)),
      disjunction,
      lambdef,
    ),
  { memo: true },
);

export const yieldExpr: Parse = rule(() =>
  alt(
    act(seq(T(K.KW_YIELD), T(K.KW_FROM), expression), (_v, s, e) => node('YieldFrom', s, e)),
    act(seq(T(K.KW_YIELD), opt(starExpressions)), (_v, s, e) => node('Yield', s, e)),
  ),
);

export const starExpressions: Parse = rule(() =>
  alt(
    act(seq(starExpression, plus(seq(T(K.COMMA), starExpression)), opt(T(K.COMMA))), (v, s, e) =>
      node('Tuple', s, e, { elts: [v[0], ...v[1].map((x: unknown[]) => x[1])] }),
    ),
    act(seq(starExpression, T(K.COMMA)), (v, s, e) => node('Tuple', s, e, { elts: [v[0]] })),
    starExpression,
  ),
);

export const starExpression: Parse = rule(
  () =>
    alt(
      act(seq(T(K.STAR), bitwiseOr), (v, s, e) => node('Starred', s, e, { value: v[1] })),
      expression,
    ),
  { memo: true },
);

export const starNamedExpressions: Parse = rule(() =>
  act(seq(gather(T(K.COMMA), starNamedExpression), opt(T(K.COMMA))), (v) => v[0]),
);

export const starNamedExpression: Parse = rule(() =>
  alt(
    act(seq(T(K.STAR), bitwiseOr), (v, s, e) => node('Starred', s, e, { value: v[1] })),
    namedExpression,
  ),
);

export const assignmentExpression: Parse = rule(() =>
  act(seq(NAME, T(K.COLONEQUAL), CUT, expression), (_v, s, e) => node('NamedExpr', s, e)),
);

export const namedExpression: Parse = rule(() =>
  alt(
    assignmentExpression,
    invalidNamedExpression,
    act(seq(expression, not(T(K.COLONEQUAL))), (v) => v[0]),
  ),
);

export const disjunction: Parse = rule(
  () =>
    alt(
      act(seq(conjunction, plus(seq(T(K.KW_OR), conjunction))), (_v, s, e) => node('BoolOp', s, e)),
      conjunction,
    ),
  { memo: true },
);

const conjunction: Parse = rule(
  () =>
    alt(
      act(seq(inversion, plus(seq(T(K.KW_AND), inversion))), (_v, s, e) => node('BoolOp', s, e)),
      inversion,
    ),
  { memo: true },
);

const inversion: Parse = rule(
  () =>
    alt(
      act(seq(T(K.KW_NOT), inversion), (_v, s, e) => node('UnaryOp', s, e)),
      comparison,
    ),
  { memo: true },
);

const compareOp: Parse = rule(() =>
  alt(
    seq(T(K.EQEQUAL), bitwiseOr),
    seq(T(K.NOTEQUAL), bitwiseOr),
    seq(T(K.LESSEQUAL), bitwiseOr),
    seq(T(K.LESS), bitwiseOr),
    seq(T(K.GREATEREQUAL), bitwiseOr),
    seq(T(K.GREATER), bitwiseOr),
    seq(T(K.KW_NOT), T(K.KW_IN), bitwiseOr),
    act(seq(T(K.KW_IN), bitwiseOr), () => 'in'),
    seq(T(K.KW_IS), T(K.KW_NOT), bitwiseOr),
    seq(T(K.KW_IS), bitwiseOr),
  ),
);

const comparison: Parse = rule(() =>
  alt(
    act(seq(bitwiseOr, plus(compareOp)), (v, s, e) =>
      node('Compare', s, e, { left: v[0], firstIsIn: v[1][0] === 'in' }),
    ),
    bitwiseOr,
  ),
);

const factor: Parse = rule(
  () =>
    alt(
      act(seq(T(K.PLUS), factor), (_v, s, e) => node('UnaryOp', s, e)),
      act(seq(T(K.MINUS), factor), (_v, s, e) => node('UnaryOp', s, e)),
      act(seq(T(K.TILDE), factor), (_v, s, e) => node('UnaryOp', s, e)),
      power,
    ),
  { memo: true },
);

const term: Parse = rule(
  () => leftLoop(factor, seq(alt(T(K.STAR), T(K.SLASH), T(K.DOUBLESLASH), T(K.PERCENT), T(K.AT)), factor), 'BinOp'),
  { memo: true },
);
const sum: Parse = rule(() => leftLoop(term, seq(alt(T(K.PLUS), T(K.MINUS)), term), 'BinOp'), { memo: true });
const shiftExpr: Parse = rule(() => leftLoop(sum, seq(alt(T(K.LEFTSHIFT), T(K.RIGHTSHIFT)), sum), 'BinOp'), {
  memo: true,
});
const bitwiseAnd: Parse = rule(() => leftLoop(shiftExpr, seq(T(K.AMPER), shiftExpr), 'BinOp'), { memo: true });
const bitwiseXor: Parse = rule(() => leftLoop(bitwiseAnd, seq(T(K.CIRCUMFLEX), bitwiseAnd), 'BinOp'), { memo: true });
export const bitwiseOr: Parse = rule(() => leftLoop(bitwiseXor, seq(T(K.VBAR), bitwiseXor), 'BinOp'), { memo: true });

const power: Parse = rule(() =>
  alt(
    act(seq(awaitPrimary, T(K.DOUBLESTAR), factor), (_v, s, e) => node('BinOp', s, e)),
    awaitPrimary,
  ),
);

const awaitPrimary: Parse = rule(
  () =>
    alt(
      act(seq(T(K.KW_AWAIT), primary), (_v, s, e) => node('Await', s, e)),
      primary,
    ),
  { memo: true },
);

/** primary: atom, then `.name`, a generator argument, a call or a subscript, repeatedly. */
export const primary: Parse = rule(
  () => {
    const trailer = alt(
      act(seq(T(K.DOT), NAME), () => 'Attribute'),
      act(genexp, () => 'Call'),
      act(seq(T(K.LPAR), opt(arguments_), T(K.RPAR)), () => 'Call'),
      act(seq(T(K.LSQB), slices, T(K.RSQB)), () => 'Subscript'),
    );
    return (p: Peg) => {
      const s = p.mark;
      let left = atom(p);
      if (left === FAIL) return FAIL;
      for (;;) {
        const m = p.mark;
        const kind = trailer(p);
        if (kind === FAIL) {
          p.mark = m;
          return left;
        }
        left = node(kind as Expr['kind'], s, p.mark);
      }
    };
  },
  { memo: true },
);

export const slices: Parse = rule(() =>
  alt(
    act(seq(slice, not(T(K.COMMA))), (v) => v[0]),
    act(seq(gather(T(K.COMMA), alt(slice, starredExpression)), opt(T(K.COMMA))), (_v, s, e) => node('Tuple', s, e)),
  ),
);

const slice: Parse = rule(() =>
  alt(
    act(seq(opt(expression), T(K.COLON), opt(expression), opt(seq(T(K.COLON), opt(expression)))), (_v, s, e) =>
      node('Slice', s, e),
    ),
    namedExpression,
  ),
);

export const atom: Parse = rule(() =>
  alt(
    nameExpr,
    act(T(K.KW_TRUE), (_v, s, e) => node('Constant', s, e, { constant: 'True' })),
    act(T(K.KW_FALSE), (_v, s, e) => node('Constant', s, e, { constant: 'False' })),
    act(T(K.KW_NONE), (_v, s, e) => node('Constant', s, e, { constant: 'None' })),
    act(seq(ahead(alt(T(K.STRING), T(K.FSTRING_START), T(K.TSTRING_START))), strings), (v) => v[1]),
    act(T(K.NUMBER), (_v, s, e) => node('Constant', s, e, { constant: 'literal' })),
    act(seq(ahead(T(K.LPAR)), alt(tuple, group, genexp)), (v) => v[1]),
    act(seq(ahead(T(K.LSQB)), alt(list, listcomp)), (v) => v[1]),
    act(seq(ahead(T(K.LBRACE)), alt(dict, set, dictcomp, setcomp)), (v) => v[1]),
    act(T(K.ELLIPSIS), (_v, s, e) => node('Constant', s, e, { constant: 'Ellipsis' })),
  ),
);

const group: Parse = rule(() =>
  alt(
    act(seq(T(K.LPAR), alt(yieldExpr, namedExpression), T(K.RPAR)), (v) => v[1]),
    invalidGroup,
  ),
);

const lambdef: Parse = rule(() =>
  act(seq(T(K.KW_LAMBDA), opt(lambdaParams), T(K.COLON), expression), (_v, s, e) => node('Lambda', s, e)),
);

export const list: Parse = rule(() =>
  act(seq(T(K.LSQB), opt(starNamedExpressions), T(K.RSQB)), (v, s, e) => node('List', s, e, { elts: v[1] ?? [] })),
);

export const tuple: Parse = rule(() =>
  act(
    seq(
      T(K.LPAR),
      opt(act(seq(starNamedExpression, T(K.COMMA), opt(starNamedExpressions)), (v) => [v[0], ...(v[2] ?? [])])),
      T(K.RPAR),
    ),
    (v, s, e) => node('Tuple', s, e, { elts: v[1] ?? [] }),
  ),
);

const set: Parse = rule(() =>
  act(seq(T(K.LBRACE), starNamedExpressions, T(K.RBRACE)), (_v, s, e) => node('Set', s, e)),
);

const dict: Parse = rule(() =>
  alt(
    act(seq(T(K.LBRACE), opt(doubleStarredKvpairs), T(K.RBRACE)), (_v, s, e) => node('Dict', s, e)),
    seq(T(K.LBRACE), invalidDoubleStarredKvpairs, T(K.RBRACE)),
  ),
);

const doubleStarredKvpairs: Parse = rule(() => seq(gather(T(K.COMMA), doubleStarredKvpair), opt(T(K.COMMA))));

const doubleStarredKvpair: Parse = rule(() => alt(seq(T(K.DOUBLESTAR), bitwiseOr), kvpair));

const kvpair: Parse = rule(() => seq(expression, T(K.COLON), expression));

export const forIfClauses: Parse = rule(() => plus(forIfClause));

const forIfClause: Parse = rule(() =>
  alt(
    act(
      seq(T(K.KW_ASYNC), T(K.KW_FOR), starTargets, T(K.KW_IN), CUT, disjunction, star(seq(T(K.KW_IF), disjunction))),
      (_v, s, e) => node('Pattern', s, e),
    ),
    act(seq(T(K.KW_FOR), starTargets, T(K.KW_IN), CUT, disjunction, star(seq(T(K.KW_IF), disjunction))), (_v, s, e) =>
      node('Pattern', s, e),
    ),
    invalidForTarget,
  ),
);

const listcomp: Parse = rule(() =>
  alt(
    act(seq(T(K.LSQB), namedExpression, forIfClauses, T(K.RSQB)), (_v, s, e) => node('ListComp', s, e)),
    invalidComprehension,
  ),
);

const setcomp: Parse = rule(() =>
  alt(
    act(seq(T(K.LBRACE), namedExpression, forIfClauses, T(K.RBRACE)), (_v, s, e) => node('SetComp', s, e)),
    invalidComprehension,
  ),
);

export const genexp: Parse = rule(() =>
  alt(
    act(
      seq(
        T(K.LPAR),
        alt(
          assignmentExpression,
          act(seq(expression, not(T(K.COLONEQUAL))), (v) => v[0]),
        ),
        forIfClauses,
        T(K.RPAR),
      ),
      (_v, s, e) => node('GeneratorExp', s, e),
    ),
    invalidComprehension,
  ),
);

const dictcomp: Parse = rule(() =>
  alt(
    act(seq(T(K.LBRACE), kvpair, forIfClauses, T(K.RBRACE)), (_v, s, e) => node('DictComp', s, e)),
    invalidDictComprehension,
  ),
);

// ---- call arguments -------------------------------------------------------------------

export const arguments_: Parse = rule(
  () =>
    alt(
      act(seq(argsRule, opt(T(K.COMMA)), ahead(T(K.RPAR))), (v) => v[0]),
      invalidArguments,
    ),
  { memo: true },
);

const positionalArg: Parse = rule(() =>
  alt(
    starredExpression,
    act(
      seq(
        alt(
          assignmentExpression,
          act(seq(expression, not(T(K.COLONEQUAL))), (v) => v[0]),
        ),
        not(T(K.EQUAL)),
      ),
      (v) => v[0],
    ),
  ),
);

export const argsRule: Parse = rule(() =>
  alt(
    act(seq(gather(T(K.COMMA), positionalArg), opt(seq(T(K.COMMA), kwargs))), (v, s, e) => {
      const kw = (v[1]?.[1] ?? []) as KwArg[];
      return node('Call', s, e, {
        args: [...v[0], ...kw.filter((k) => k.starred).map((k) => k.expr!)],
        keywordUnpacking: kw.some((k) => k.doubleStar),
      });
    }),
    act(kwargs, (kw: KwArg[], s, e) =>
      node('Call', s, e, {
        args: kw.filter((k) => k.starred).map((k) => k.expr!),
        keywordUnpacking: kw.some((k) => k.doubleStar),
      }),
    ),
  ),
);

interface KwArg {
  starred: boolean;
  doubleStar: boolean;
  expr?: Expr;
}

const kwargs: Parse = rule(() =>
  alt(
    act(seq(gather(T(K.COMMA), kwargOrStarred), T(K.COMMA), gather(T(K.COMMA), kwargOrDoubleStarred)), (v) => [
      ...v[0],
      ...v[2],
    ]),
    gather(T(K.COMMA), kwargOrStarred),
    gather(T(K.COMMA), kwargOrDoubleStarred),
  ),
);

export const starredExpression: Parse = rule(() =>
  act(seq(T(K.STAR), expression), (v, s, e) => node('Starred', s, e, { value: v[1] })),
);

const kwargOrStarred: Parse = rule(() =>
  alt(
    invalidKwarg,
    act(seq(NAME, T(K.EQUAL), expression), (): KwArg => ({ starred: false, doubleStar: false })),
    act(starredExpression, (x: Expr): KwArg => ({ starred: true, doubleStar: false, expr: x })),
  ),
);

const kwargOrDoubleStarred: Parse = rule(() =>
  alt(
    invalidKwarg,
    act(seq(NAME, T(K.EQUAL), expression), (): KwArg => ({ starred: false, doubleStar: false })),
    act(seq(T(K.DOUBLESTAR), expression), (): KwArg => ({ starred: false, doubleStar: true })),
  ),
);

// ---- invalid rules -----------------------------------------------------------------------

const MAYBE_EQ = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";

const invalidArguments: Parse = invalid(() =>
  alt(
    // CPython 3.11.7's form of this rule (3.11.2 matched any arguments and pointed at them).
    act(
      seq(alt(seq(gather(T(K.COMMA), positionalArg), T(K.COMMA), kwargs), kwargs), T(K.COMMA), T(K.STAR)),
      (v, _s, _e, p) => raiseAt(p, v[2], 'iterable argument unpacking follows keyword argument unpacking'),
    ),
    act(seq(expression, forIfClauses, T(K.COMMA), opt(alt(argsRule, seq(expression, forIfClauses)))), (v, _s, _e, p) =>
      raiseAt(p, v[0], 'Generator expression must be parenthesized'),
    ),
    act(seq(NAME, T(K.EQUAL), expression, forIfClauses), (v, _s, _e, p) => raiseAt(p, v[0], MAYBE_EQ)),
    act(seq(argsRule, forIfClauses), (v, _s, _e, p) => {
      const positional = (v[0] as Expr).args ?? [];
      if (positional.length <= 1) return NULL_RESULT;
      return raiseAt(p, positional[positional.length - 1]!, 'Generator expression must be parenthesized');
    }),
    act(seq(argsRule, T(K.COMMA), expression, forIfClauses), (v, _s, _e, p) =>
      raiseAt(p, v[2], 'Generator expression must be parenthesized'),
    ),
    act(seq(argsRule, T(K.COMMA), argsRule), (v, _s, _e, p) =>
      raiseLast(
        p,
        (v[0] as Expr).keywordUnpacking
          ? 'positional argument follows keyword argument unpacking'
          : 'positional argument follows keyword argument',
      ),
    ),
  ),
);

const invalidKwarg: Parse = invalid(() =>
  alt(
    act(seq(alt(T(K.KW_TRUE), T(K.KW_FALSE), T(K.KW_NONE)), T(K.EQUAL)), (v, _s, _e, p) =>
      raiseAt(p, v[0], `cannot assign to ${tokenText(p, v[0])}`),
    ),
    act(seq(NAME, T(K.EQUAL), expression, forIfClauses), (v, _s, _e, p) => raiseAt(p, v[0], MAYBE_EQ)),
    act(seq(not(seq(NAME, T(K.EQUAL))), expression, T(K.EQUAL)), (v, _s, _e, p) =>
      raiseAt(p, v[1], 'expression cannot contain assignment, perhaps you meant "=="?'),
    ),
  ),
);

/** expression_without_invalid: invalid rules are off below it. */
const expressionWithoutInvalid: Parse = (p: Peg) => {
  const previous = p.invalid;
  p.invalid = false;
  try {
    return expressionPlain(p);
  } finally {
    p.invalid = previous;
  }
};

const expressionPlain: Parse = rule(() =>
  alt(
    act(seq(disjunction, T(K.KW_IF), disjunction, T(K.KW_ELSE), expression), (_v, s, e) => node('IfExp', s, e)),
    disjunction,
    lambdef,
  ),
);

function isLegacy(p: Peg, a: Expr): boolean {
  if (a.kind !== 'Name' || a.e - a.s !== 1) return false;
  const name = tokenText(p, a.s);
  return name === 'print' || name === 'exec';
}

/**
 * SOFT_KEYWORD as pegen's `_PyPegen_soft_keyword_token` matches it: with strncmp over the
 * token's length, so any prefix of a soft keyword counts (`c`, `ma`, `_`). Soft keywords:
 * _, case, match; and type from 3.12.
 */
const SOFT_KEYWORD: Parse = (p) => {
  const m = p.mark;
  if (p.kind(m) !== K.NAME) return FAIL;
  const word = tokenText(p, m);
  const keywords = p.tokens.minor >= 12 ? ['_', 'case', 'match', 'type'] : ['_', 'case', 'match'];
  if (!keywords.some((k) => k.startsWith(word))) return FAIL;
  p.mark = m + 1;
  return m;
};

const invalidLegacyExpression: Parse = invalid(() =>
  act(seq(nameExpr, not(T(K.LPAR)), starExpressions), (v, _s, _e, p) => {
    if (!isLegacy(p, v[0])) return NULL_RESULT;
    const name = tokenText(p, (v[0] as Expr).s);
    return raiseAt(p, v[0], `Missing parentheses in call to '${name}'. Did you mean ${name}(...)?`);
  }),
);

const invalidExpression: Parse = invalid(() =>
  alt(
    act(seq(not(alt(seq(NAME, T(K.STRING)), SOFT_KEYWORD)), disjunction, expressionWithoutInvalid), (v, _s, _e, p) => {
      if (isLegacy(p, v[1])) return NULL_RESULT;
      if (p.tokens.levels[p.mark - 1] === 0) return NULL_RESULT;
      return raiseAt(p, v[1], 'invalid syntax. Perhaps you forgot a comma?');
    }),
    act(seq(disjunction, T(K.KW_IF), disjunction, not(alt(T(K.KW_ELSE), T(K.COLON)))), (v, _s, _e, p) =>
      raiseAt(p, v[0], "expected 'else' after 'if' expression"),
    ),
  ),
);

export const invalidNamedExpression: Parse = invalid(
  () =>
    alt(
      act(seq(expression, T(K.COLONEQUAL), expression), (v, _s, _e, p) =>
        raiseAt(p, v[0], `cannot use assignment expressions with ${exprNameOf(v[0])}`),
      ),
      act(seq(nameExpr, T(K.EQUAL), bitwiseOr, not(alt(T(K.EQUAL), T(K.COLONEQUAL)))), (v, _s, _e, p) =>
        raiseAt(p, v[0], MAYBE_EQ),
      ),
      act(
        seq(
          not(alt(list, tuple, genexp, T(K.KW_TRUE), T(K.KW_NONE), T(K.KW_FALSE))),
          bitwiseOr,
          T(K.EQUAL),
          bitwiseOr,
          not(alt(T(K.EQUAL), T(K.COLONEQUAL))),
        ),
        (v, _s, _e, p) =>
          raiseAt(p, v[1], `cannot assign to ${exprNameOf(v[1])} here. Maybe you meant '==' instead of '='?`),
      ),
    ),
  { memo: true },
);

const invalidComprehension: Parse = invalid(() =>
  alt(
    act(seq(alt(T(K.LSQB), T(K.LPAR), T(K.LBRACE)), starredExpression, forIfClauses), (v, _s, _e, p) =>
      raiseAt(p, v[1], 'iterable unpacking cannot be used in comprehension'),
    ),
    act(
      seq(alt(T(K.LSQB), T(K.LBRACE)), starNamedExpression, T(K.COMMA), starNamedExpressions, forIfClauses),
      (v, _s, _e, p) => raiseAt(p, v[1], 'did you forget parentheses around the comprehension target?'),
    ),
    act(seq(alt(T(K.LSQB), T(K.LBRACE)), starNamedExpression, T(K.COMMA), forIfClauses), (v, _s, _e, p) =>
      raiseAt(p, v[1], 'did you forget parentheses around the comprehension target?'),
    ),
  ),
);

const invalidDictComprehension: Parse = invalid(() =>
  act(seq(T(K.LBRACE), T(K.DOUBLESTAR), bitwiseOr, forIfClauses, T(K.RBRACE)), (v, _s, _e, p) =>
    raiseAt(p, v[1], 'dict unpacking cannot be used in dict comprehension'),
  ),
);

const invalidGroup: Parse = invalid(() =>
  alt(
    act(seq(T(K.LPAR), starredExpression, T(K.RPAR)), (v, _s, _e, p) =>
      raiseAt(p, v[1], 'cannot use starred expression here'),
    ),
    act(seq(T(K.LPAR), T(K.DOUBLESTAR), expression, T(K.RPAR)), (v, _s, _e, p) =>
      raiseAt(p, v[1], 'cannot use double starred expression here'),
    ),
  ),
);

export const invalidForTarget: Parse = invalid(() =>
  act(seq(opt(T(K.KW_ASYNC)), T(K.KW_FOR), starExpressions), (v, _s, _e, p) => raiseInvalidTarget(p, 'for', v[2])),
);

// pegen guards only alternatives made of one invalid_ rule: dict's `'{' invalid_double_starred_kvpairs '}'`
// is not one, so it (and invalid_kvpair under it) also runs in the first pass.
const invalidDoubleStarredKvpairs: Parse = rule(() =>
  alt(
    seq(gather(T(K.COMMA), doubleStarredKvpair), T(K.COMMA), invalidKvpair),
    act(seq(expression, T(K.COLON), T(K.STAR), bitwiseOr), (v, _s, _e, p) =>
      raiseAt(p, v[2], 'cannot use a starred expression in a dictionary value'),
    ),
    act(seq(expression, T(K.COLON), ahead(alt(T(K.RBRACE), T(K.COMMA)))), (v, _s, _e, p) =>
      raiseAt(p, v[1], "expression expected after dictionary key and ':'"),
    ),
  ),
);

const invalidKvpair: Parse = rule(() =>
  alt(
    act(seq(expression, not(T(K.COLON))), (v, _s, _e, p) => raiseAtEnd(p, v[0], "':' expected after dictionary key")),
    act(seq(expression, T(K.COLON), T(K.STAR), bitwiseOr), (v, _s, _e, p) =>
      raiseAt(p, v[2], 'cannot use a starred expression in a dictionary value'),
    ),
    act(seq(expression, T(K.COLON), ahead(alt(T(K.RBRACE), T(K.COMMA)))), (v, _s, _e, p) =>
      raiseAt(p, v[1], "expression expected after dictionary key and ':'"),
    ),
  ),
);

function exprNameOf(e: Expr): string {
  return exprName(e);
}
