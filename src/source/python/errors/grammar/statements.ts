/**
 * CPython 3.11's statement rules with their invalid_ rules, plus what later releases added
 * (3.12 type parameters and the type statement, 3.13 type parameter defaults, 3.14 except
 * without parentheses), so that the error pass accepts whatever the recognizer accepts.
 */
import * as K from '../../tokens/kinds.ts';
import { exprName, type Expr } from '../nodes.ts';
import {
  CUT,
  FAIL,
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
  soft,
  star,
  tok,
  type Parse,
  type Peg,
} from '../peg.ts';
import { raiseAt, raiseIndentation, raiseInvalidTarget, raiseLast, tokenLocation } from '../raise.ts';
import {
  arguments_,
  expression,
  expressions,
  invalidForTarget,
  list,
  namedExpression,
  starExpressions,
  starNamedExpression,
  starNamedExpressions,
  tuple,
  yieldExpr,
} from './expressions.ts';
import { matchStmt } from './match.ts';
import { params } from './params.ts';
import { delTargets, singleSubscriptAttributeTarget, singleTarget, starTarget, starTargets } from './targets.ts';

const T = tok;
const NAME = T(K.NAME);
const NEWLINE = T(K.NEWLINE);
const INDENT = T(K.INDENT);
const DEDENT = T(K.DEDENT);
const COLON = T(K.COLON);
const COMMA = T(K.COMMA);

export const fileRule: Parse = rule(() => seq(opt(statements), T(K.ENDMARKER)));
export const fstringRule: Parse = rule(() => starExpressions);

const statements: Parse = rule(() => plus(statement));
const statement: Parse = rule(() => alt(compoundStmt, simpleStmts));

const simpleStmts: Parse = rule(() =>
  alt(seq(simpleStmt, not(T(K.SEMI)), NEWLINE), seq(gather(T(K.SEMI), simpleStmt), opt(T(K.SEMI)), NEWLINE)),
);

const simpleStmt: Parse = rule(
  () =>
    alt(
      assignment,
      seq(ahead(soft('type')), typeAlias),
      starExpressions,
      seq(ahead(T(K.KW_RETURN)), returnStmt),
      seq(ahead(alt(T(K.KW_IMPORT), T(K.KW_FROM))), importStmt),
      seq(ahead(T(K.KW_RAISE)), raiseStmt),
      T(K.KW_PASS),
      seq(ahead(T(K.KW_DEL)), delStmt),
      seq(ahead(T(K.KW_YIELD)), yieldExpr),
      seq(ahead(T(K.KW_ASSERT)), assertStmt),
      T(K.KW_BREAK),
      T(K.KW_CONTINUE),
      seq(ahead(T(K.KW_GLOBAL)), T(K.KW_GLOBAL), gather(COMMA, NAME)),
      seq(ahead(T(K.KW_NONLOCAL)), T(K.KW_NONLOCAL), gather(COMMA, NAME)),
    ),
  { memo: true },
);

const compoundStmt: Parse = rule(() =>
  alt(
    seq(ahead(alt(T(K.KW_DEF), T(K.AT), T(K.KW_ASYNC))), functionDef),
    seq(ahead(T(K.KW_IF)), ifStmt),
    seq(ahead(alt(T(K.KW_CLASS), T(K.AT))), classDef),
    seq(ahead(alt(T(K.KW_WITH), T(K.KW_ASYNC))), withStmt),
    seq(ahead(alt(T(K.KW_FOR), T(K.KW_ASYNC))), forStmt),
    seq(ahead(T(K.KW_TRY)), tryStmt),
    seq(ahead(T(K.KW_WHILE)), whileStmt),
    matchStmt,
  ),
);

// ---- simple statements -------------------------------------------------------------------

const augassign: Parse = (p) => {
  if (!K.isAugAssign(p.kind(p.mark))) return FAIL;
  return p.mark++;
};

const annotatedRhs: Parse = rule(() => alt(yieldExpr, starExpressions));

const assignment: Parse = rule(() =>
  alt(
    seq(NAME, COLON, expression, opt(seq(T(K.EQUAL), annotatedRhs))),
    seq(
      alt(
        act(seq(T(K.LPAR), singleTarget, T(K.RPAR)), (v) => v[1]),
        singleSubscriptAttributeTarget,
      ),
      COLON,
      expression,
      opt(seq(T(K.EQUAL), annotatedRhs)),
    ),
    seq(plus(seq(starTargets, T(K.EQUAL))), alt(yieldExpr, starExpressions), not(T(K.EQUAL))),
    seq(singleTarget, augassign, CUT, alt(yieldExpr, starExpressions)),
    invalidAssignment,
  ),
);

const invalidAnnAssignTarget: Parse = rule(() =>
  alt(
    list,
    tuple,
    act(seq(T(K.LPAR), invalidAnnAssignTarget, T(K.RPAR)), (v) => v[1]),
  ),
);

const invalidAssignment: Parse = invalid(() =>
  alt(
    act(seq(invalidAnnAssignTarget, COLON, expression), (v, _s, _e, p) =>
      raiseAt(
        p,
        v[0],
        `only single target (not ${(v[0] as Expr).kind === 'List' ? 'list' : 'tuple'}) can be annotated`,
      ),
    ),
    act(seq(starNamedExpression, COMMA, star(starNamedExpressions), COLON, expression), (v, _s, _e, p) =>
      raiseAt(p, v[0], 'only single target (not tuple) can be annotated'),
    ),
    act(seq(expression, COLON, expression), (v, _s, _e, p) => raiseAt(p, v[0], 'illegal target for annotation')),
    act(seq(star(seq(starTargets, T(K.EQUAL))), starExpressions, T(K.EQUAL)), (v, _s, _e, p) =>
      raiseInvalidTarget(p, 'star', v[1]),
    ),
    act(seq(star(seq(starTargets, T(K.EQUAL))), yieldExpr, T(K.EQUAL)), (v, _s, _e, p) =>
      raiseAt(p, v[1], 'assignment to yield expression not possible'),
    ),
    act(seq(starExpressions, augassign, alt(yieldExpr, starExpressions)), (v, _s, _e, p) =>
      raiseAt(p, v[0], `'${exprName(v[0])}' is an illegal expression for augmented assignment`),
    ),
  ),
);

const returnStmt: Parse = rule(() => seq(T(K.KW_RETURN), opt(starExpressions)));

const raiseStmt: Parse = rule(() =>
  alt(seq(T(K.KW_RAISE), expression, opt(seq(T(K.KW_FROM), expression))), T(K.KW_RAISE)),
);

const delStmt: Parse = rule(() =>
  alt(
    seq(T(K.KW_DEL), delTargets, ahead(alt(T(K.SEMI), NEWLINE))),
    invalid(() => act(seq(T(K.KW_DEL), starExpressions), (v, _s, _e, p) => raiseInvalidTarget(p, 'del', v[1]))),
  ),
);

const assertStmt: Parse = rule(() => seq(T(K.KW_ASSERT), expression, opt(seq(COMMA, expression))));

const dottedName: Parse = rule(() => seq(NAME, star(seq(T(K.DOT), NAME))));

const importStmt: Parse = rule(() =>
  alt(
    seq(T(K.KW_IMPORT), gather(COMMA, seq(dottedName, opt(seq(T(K.KW_AS), NAME))))),
    seq(T(K.KW_FROM), star(alt(T(K.DOT), T(K.ELLIPSIS))), dottedName, T(K.KW_IMPORT), importFromTargets),
    seq(T(K.KW_FROM), plus(alt(T(K.DOT), T(K.ELLIPSIS))), T(K.KW_IMPORT), importFromTargets),
  ),
);

const importFromAsNames: Parse = rule(() => gather(COMMA, seq(NAME, opt(seq(T(K.KW_AS), NAME)))));

const importFromTargets: Parse = rule(() =>
  alt(
    seq(T(K.LPAR), importFromAsNames, opt(COMMA), T(K.RPAR)),
    seq(importFromAsNames, not(COMMA)),
    T(K.STAR),
    invalid(() =>
      act(seq(importFromAsNames, COMMA, NEWLINE), (_v, _s, _e, p) =>
        raiseLast(p, 'trailing comma not allowed without surrounding parentheses'),
      ),
    ),
  ),
);

// ---- type parameters and aliases (3.12+) ---------------------------------------------------

const typeParam: Parse = rule(
  () =>
    alt(
      seq(NAME, opt(seq(COLON, expression)), opt(seq(T(K.EQUAL), expression))),
      act(seq(T(K.STAR), NAME, COLON, expression), (v, _s, _e, p) =>
        raiseAt(
          p,
          v[2],
          (v[3] as Expr).kind === 'Tuple'
            ? 'cannot use constraints with TypeVarTuple'
            : 'cannot use bound with TypeVarTuple',
        ),
      ),
      seq(
        T(K.STAR),
        NAME,
        opt(
          seq(
            T(K.EQUAL),
            alt(
              act(seq(T(K.STAR), expression), (v) => v),
              expression,
            ),
          ),
        ),
      ),
      act(seq(T(K.DOUBLESTAR), NAME, COLON, expression), (v, _s, _e, p) =>
        raiseAt(
          p,
          v[2],
          (v[3] as Expr).kind === 'Tuple' ? 'cannot use constraints with ParamSpec' : 'cannot use bound with ParamSpec',
        ),
      ),
      seq(T(K.DOUBLESTAR), NAME, opt(seq(T(K.EQUAL), expression))),
    ),
  { memo: true },
);

const typeParams: Parse = rule(() => seq(T(K.LSQB), gather(COMMA, typeParam), opt(COMMA), T(K.RSQB)));

const typeAlias: Parse = rule(() => seq(soft('type'), NAME, opt(typeParams), T(K.EQUAL), expression));

// ---- blocks and compound statements ------------------------------------------------------

const block: Parse = rule(
  () =>
    alt(
      seq(NEWLINE, INDENT, statements, DEDENT),
      simpleStmts,
      invalid(() =>
        act(seq(NEWLINE, not(INDENT)), (_v, _s, _e, p) => raiseIndentation(p, 'expected an indented block')),
      ),
    ),
  { memo: true },
);

/** `x NEWLINE !INDENT` after a header: "expected an indented block after … on line N". */
function noBlock(header: Parse, what: (p: Peg, v: any) => string): Parse {
  return act(seq(header, NEWLINE, not(INDENT)), (v, _s, _e, p) => raiseIndentation(p, what(p, v)));
}

function lineOf(p: Peg, token: number): number {
  return tokenLocation(p.tokens, token).line;
}

const decorators: Parse = rule(() => plus(seq(T(K.AT), namedExpression, NEWLINE)));

const classDef: Parse = rule(() => alt(seq(decorators, classDefRaw), classDefRaw));

const classDefRaw: Parse = rule(() =>
  alt(
    invalid(() =>
      alt(
        act(
          seq(T(K.KW_CLASS), NAME, opt(typeParams), opt(seq(T(K.LPAR), opt(arguments_), T(K.RPAR))), NEWLINE),
          (_v, _s, _e, p) => raiseLast(p, "expected ':'"),
        ),
        noBlock(
          seq(T(K.KW_CLASS), NAME, opt(typeParams), opt(seq(T(K.LPAR), opt(arguments_), T(K.RPAR))), COLON),
          (p, v) => `expected an indented block after class definition on line ${lineOf(p, v[0][0])}`,
        ),
      ),
    ),
    seq(T(K.KW_CLASS), NAME, opt(typeParams), opt(seq(T(K.LPAR), opt(arguments_), T(K.RPAR))), COLON, block),
  ),
);

const functionDef: Parse = rule(() => alt(seq(decorators, functionDefRaw), functionDefRaw));

function forced(kind: number, text: string): Parse {
  return (p) => {
    const m = p.mark;
    if (p.kind(m) !== kind) raiseAt(p, m, `expected '${text}'`);
    p.mark = m + 1;
    return m;
  };
}

const functionDefRaw: Parse = rule(() =>
  alt(
    invalid(() =>
      noBlock(
        seq(
          opt(T(K.KW_ASYNC)),
          T(K.KW_DEF),
          NAME,
          opt(typeParams),
          T(K.LPAR),
          opt(params),
          T(K.RPAR),
          opt(seq(T(K.RARROW), expression)),
          COLON,
        ),
        (p, v) => `expected an indented block after function definition on line ${lineOf(p, v[0][1])}`,
      ),
    ),
    seq(
      T(K.KW_DEF),
      NAME,
      opt(typeParams),
      forced(K.LPAR, '('),
      opt(params),
      T(K.RPAR),
      opt(seq(T(K.RARROW), expression)),
      forced(K.COLON, ':'),
      block,
    ),
    seq(
      T(K.KW_ASYNC),
      T(K.KW_DEF),
      NAME,
      opt(typeParams),
      forced(K.LPAR, '('),
      opt(params),
      T(K.RPAR),
      opt(seq(T(K.RARROW), expression)),
      forced(K.COLON, ':'),
      block,
    ),
  ),
);

function expectedColon(header: Parse): Parse {
  return act(seq(header, NEWLINE), (_v, _s, _e, p) => raiseLast(p, "expected ':'"));
}

const ifStmt: Parse = rule(() =>
  alt(
    invalid(() =>
      alt(
        expectedColon(seq(T(K.KW_IF), namedExpression)),
        // The grammar binds `a` twice (a='if' a=named_expression): the condition's line is reported.
        noBlock(
          seq(T(K.KW_IF), namedExpression, COLON),
          (p, v) => `expected an indented block after 'if' statement on line ${lineOf(p, (v[0][1] as Expr).s)}`,
        ),
      ),
    ),
    seq(T(K.KW_IF), namedExpression, COLON, block, elifStmt),
    seq(T(K.KW_IF), namedExpression, COLON, block, opt(elseBlock)),
  ),
);

const elifStmt: Parse = rule(() =>
  alt(
    invalid(() =>
      alt(
        expectedColon(seq(T(K.KW_ELIF), namedExpression)),
        noBlock(
          seq(T(K.KW_ELIF), namedExpression, COLON),
          (p, v) => `expected an indented block after 'elif' statement on line ${lineOf(p, v[0][0])}`,
        ),
      ),
    ),
    seq(T(K.KW_ELIF), namedExpression, COLON, block, elifStmt),
    seq(T(K.KW_ELIF), namedExpression, COLON, block, opt(elseBlock)),
  ),
);

const elseBlock: Parse = rule(() =>
  alt(
    invalid(() =>
      noBlock(
        seq(T(K.KW_ELSE), COLON),
        (p, v) => `expected an indented block after 'else' statement on line ${lineOf(p, v[0][0])}`,
      ),
    ),
    seq(T(K.KW_ELSE), forced(K.COLON, ':'), block),
  ),
);

const whileStmt: Parse = rule(() =>
  alt(
    invalid(() =>
      alt(
        expectedColon(seq(T(K.KW_WHILE), namedExpression)),
        noBlock(
          seq(T(K.KW_WHILE), namedExpression, COLON),
          (p, v) => `expected an indented block after 'while' statement on line ${lineOf(p, v[0][0])}`,
        ),
      ),
    ),
    seq(T(K.KW_WHILE), namedExpression, COLON, block, opt(elseBlock)),
  ),
);

const forStmt: Parse = rule(() =>
  alt(
    invalid(() =>
      alt(
        expectedColon(seq(opt(T(K.KW_ASYNC)), T(K.KW_FOR), starTargets, T(K.KW_IN), starExpressions)),
        noBlock(
          seq(opt(T(K.KW_ASYNC)), T(K.KW_FOR), starTargets, T(K.KW_IN), starExpressions, COLON),
          (p, v) => `expected an indented block after 'for' statement on line ${lineOf(p, v[0][1])}`,
        ),
      ),
    ),
    seq(T(K.KW_FOR), starTargets, T(K.KW_IN), CUT, starExpressions, COLON, block, opt(elseBlock)),
    seq(T(K.KW_ASYNC), T(K.KW_FOR), starTargets, T(K.KW_IN), CUT, starExpressions, COLON, block, opt(elseBlock)),
    invalidForTarget,
  ),
);

const withItem: Parse = rule(() =>
  alt(
    seq(expression, T(K.KW_AS), starTarget, ahead(alt(COMMA, T(K.RPAR), COLON))),
    invalid(() =>
      act(seq(expression, T(K.KW_AS), expression, ahead(alt(COMMA, T(K.RPAR), COLON))), (v, _s, _e, p) =>
        raiseInvalidTarget(p, 'star', v[2]),
      ),
    ),
    expression,
  ),
);

const withStmt: Parse = rule(() => {
  const loose = gather(COMMA, seq(expression, opt(seq(T(K.KW_AS), starTarget))));
  const parenthesized = seq(
    T(K.LPAR),
    gather(COMMA, seq(expressions, opt(seq(T(K.KW_AS), starTarget)))),
    opt(COMMA),
    T(K.RPAR),
  );
  const withLine = (p: Peg, v: any) =>
    `expected an indented block after 'with' statement on line ${lineOf(p, v[0][1])}`;
  return alt(
    invalid(() =>
      alt(
        noBlock(seq(opt(T(K.KW_ASYNC)), T(K.KW_WITH), loose, COLON), withLine),
        noBlock(seq(opt(T(K.KW_ASYNC)), T(K.KW_WITH), parenthesized, COLON), withLine),
      ),
    ),
    seq(T(K.KW_WITH), T(K.LPAR), gather(COMMA, withItem), opt(COMMA), T(K.RPAR), COLON, block),
    seq(T(K.KW_WITH), gather(COMMA, withItem), COLON, block),
    seq(T(K.KW_ASYNC), T(K.KW_WITH), T(K.LPAR), gather(COMMA, withItem), opt(COMMA), T(K.RPAR), COLON, block),
    seq(T(K.KW_ASYNC), T(K.KW_WITH), gather(COMMA, withItem), COLON, block),
    invalid(() =>
      alt(
        expectedColon(seq(opt(T(K.KW_ASYNC)), T(K.KW_WITH), loose)),
        expectedColon(seq(opt(T(K.KW_ASYNC)), T(K.KW_WITH), parenthesized)),
      ),
    ),
  );
});

const exceptBlock: Parse = rule(() =>
  alt(
    invalid(() =>
      alt(
        noBlock(
          seq(T(K.KW_EXCEPT), expression, opt(seq(T(K.KW_AS), NAME)), COLON),
          (p, v) => `expected an indented block after 'except' statement on line ${lineOf(p, v[0][0])}`,
        ),
        noBlock(
          seq(T(K.KW_EXCEPT), COLON),
          (p, v) => `expected an indented block after 'except' statement on line ${lineOf(p, v[0][0])}`,
        ),
      ),
    ),
    seq(T(K.KW_EXCEPT), expression, opt(seq(T(K.KW_AS), NAME)), COLON, block),
    seq(T(K.KW_EXCEPT), expressions, COLON, block),
    seq(T(K.KW_EXCEPT), COLON, block),
    invalidExceptStmt,
  ),
);

const exceptStarBlock: Parse = rule(() =>
  alt(
    invalid(() =>
      noBlock(
        seq(T(K.KW_EXCEPT), T(K.STAR), expression, opt(seq(T(K.KW_AS), NAME)), COLON),
        (p, v) => `expected an indented block after 'except*' statement on line ${lineOf(p, v[0][0])}`,
      ),
    ),
    seq(T(K.KW_EXCEPT), T(K.STAR), expression, opt(seq(T(K.KW_AS), NAME)), COLON, block),
    seq(T(K.KW_EXCEPT), T(K.STAR), expressions, COLON, block),
    invalidExceptStmt,
  ),
);

const invalidExceptStmt: Parse = invalid(() =>
  alt(
    act(
      seq(T(K.KW_EXCEPT), opt(T(K.STAR)), expression, COMMA, expressions, opt(seq(T(K.KW_AS), NAME)), COLON),
      (v, _s, _e, p) => raiseAt(p, v[2], 'multiple exception types must be parenthesized'),
    ),
    act(seq(T(K.KW_EXCEPT), opt(T(K.STAR)), expression, opt(seq(T(K.KW_AS), NAME)), NEWLINE), (_v, _s, _e, p) =>
      raiseLast(p, "expected ':'"),
    ),
    act(seq(T(K.KW_EXCEPT), NEWLINE), (_v, _s, _e, p) => raiseLast(p, "expected ':'")),
    act(seq(T(K.KW_EXCEPT), T(K.STAR), alt(NEWLINE, COLON)), (_v, _s, _e, p) =>
      raiseLast(p, 'expected one or more exception types'),
    ),
  ),
);

const finallyBlock: Parse = rule(() =>
  alt(
    invalid(() =>
      noBlock(
        seq(T(K.KW_FINALLY), COLON),
        (p, v) => `expected an indented block after 'finally' statement on line ${lineOf(p, v[0][0])}`,
      ),
    ),
    seq(T(K.KW_FINALLY), forced(K.COLON, ':'), block),
  ),
);

const tryStmt: Parse = rule(() =>
  alt(
    invalid(() =>
      alt(
        noBlock(
          seq(T(K.KW_TRY), COLON),
          (p, v) => `expected an indented block after 'try' statement on line ${lineOf(p, v[0][0])}`,
        ),
        act(seq(T(K.KW_TRY), COLON, block, not(alt(T(K.KW_EXCEPT), T(K.KW_FINALLY)))), (_v, _s, _e, p) =>
          raiseLast(p, "expected 'except' or 'finally' block"),
        ),
        act(
          seq(
            T(K.KW_TRY),
            COLON,
            star(block),
            plus(exceptBlock),
            T(K.KW_EXCEPT),
            T(K.STAR),
            expression,
            opt(seq(T(K.KW_AS), NAME)),
            COLON,
          ),
          (v, _s, _e, p) => raiseAt(p, v[4], "cannot have both 'except' and 'except*' on the same 'try'"),
        ),
        act(
          seq(
            T(K.KW_TRY),
            COLON,
            star(block),
            plus(exceptStarBlock),
            T(K.KW_EXCEPT),
            opt(seq(expression, opt(seq(T(K.KW_AS), NAME)))),
            COLON,
          ),
          (v, _s, _e, p) => raiseAt(p, v[4], "cannot have both 'except' and 'except*' on the same 'try'"),
        ),
      ),
    ),
    seq(T(K.KW_TRY), forced(K.COLON, ':'), block, finallyBlock),
    seq(T(K.KW_TRY), forced(K.COLON, ':'), block, plus(exceptBlock), opt(elseBlock), opt(finallyBlock)),
    seq(T(K.KW_TRY), forced(K.COLON, ':'), block, plus(exceptStarBlock), opt(elseBlock), opt(finallyBlock)),
  ),
);

export { block };
