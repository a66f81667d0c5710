/** CPython 3.11's match statement rules (3.10+) with their invalid_ rules. */
import * as K from '../../tokens/kinds.ts';
import { node, type Expr } from '../nodes.ts';
import { act, alt, gather, invalid, not, opt, plus, rule, seq, soft, tok, type Parse, type Peg } from '../peg.ts';
import { raiseAt, raiseIndentation, raiseLast, tokenLocation } from '../raise.ts';
import { expression, namedExpression, starNamedExpression, starNamedExpressions } from './expressions.ts';
import { ref } from './registry.ts';
import { strings } from './strings.ts';

const T = tok;
const NAME = T(K.NAME);
const COMMA = T(K.COMMA);
const block = ref('block');
const pattern_ = (kind: 'Pattern') => (_v: unknown, s: number, e: number) => node(kind, s, e);
const P = pattern_('Pattern');

export const matchStmt: Parse = rule(() =>
  alt(
    seq(soft('match'), subjectExpr, T(K.COLON), T(K.NEWLINE), T(K.INDENT), plus(caseBlock), T(K.DEDENT)),
    invalid(() =>
      alt(
        act(seq(soft('match'), subjectExpr, T(K.NEWLINE)), (_v, _s, _e, p) => raiseLast(p, "expected ':'")),
        act(seq(soft('match'), subjectExpr, T(K.COLON), T(K.NEWLINE), not(T(K.INDENT))), (v, _s, _e, p) =>
          raiseIndentation(
            p,
            `expected an indented block after 'match' statement on line ${tokenLocation(p.tokens, v[0]).line}`,
          ),
        ),
      ),
    ),
  ),
);

const subjectExpr: Parse = rule(() => alt(seq(starNamedExpression, COMMA, opt(starNamedExpressions)), namedExpression));

const guard: Parse = rule(() => seq(T(K.KW_IF), namedExpression));

const caseBlock: Parse = rule(() =>
  alt(
    invalid(() =>
      alt(
        act(seq(soft('case'), patterns, opt(guard), T(K.NEWLINE)), (_v, _s, _e, p) => raiseLast(p, "expected ':'")),
        act(seq(soft('case'), patterns, opt(guard), T(K.COLON), T(K.NEWLINE), not(T(K.INDENT))), (v, _s, _e, p) =>
          raiseIndentation(
            p,
            `expected an indented block after 'case' statement on line ${tokenLocation(p.tokens, v[0]).line}`,
          ),
        ),
      ),
    ),
    seq(soft('case'), patterns, opt(guard), T(K.COLON), block),
  ),
);

const patterns: Parse = rule(() => alt(act(openSequencePattern(), P), pattern));

const pattern: Parse = rule(() => alt(asPattern, orPattern));

const captureTarget: Parse = rule(() =>
  act(seq(not(soft('_')), NAME, not(alt(T(K.DOT), T(K.LPAR), T(K.EQUAL)))), (v) => v[1]),
);

const asPattern: Parse = rule(() =>
  alt(
    act(seq(orPattern, T(K.KW_AS), captureTarget), P),
    invalid(() =>
      alt(
        act(seq(orPattern, T(K.KW_AS), soft('_')), (v, _s, _e, p) => raiseAt(p, v[2], "cannot use '_' as a target")),
        act(seq(orPattern, T(K.KW_AS), not(NAME), expression), (v, _s, _e, p) =>
          raiseAt(p, v[3], 'invalid pattern target'),
        ),
      ),
    ),
  ),
);

const orPattern: Parse = rule(() => act(gather(T(K.VBAR), closedPattern), P));

const closedPattern: Parse = rule(
  () =>
    alt(
      literalPattern,
      captureTarget,
      soft('_'),
      valuePattern,
      groupPattern,
      sequencePattern,
      mappingPattern,
      classPattern,
    ),
  { memo: true },
);

function isImaginary(p: Peg, token: number): boolean {
  const t = p.tokens;
  return (t.text.charCodeAt(t.ends[token]! - 1) | 0x20) === 0x6a;
}

const realNumber: Parse = act(T(K.NUMBER), (t: number, _s, _e, p) =>
  isImaginary(p, t) ? raiseAt(p, t, 'real number required in complex literal') : t,
);
const imaginaryNumber: Parse = act(T(K.NUMBER), (t: number, _s, _e, p) =>
  isImaginary(p, t) ? t : raiseAt(p, t, 'imaginary number required in complex literal'),
);
const signedNumber: Parse = rule(() => alt(T(K.NUMBER), seq(T(K.MINUS), T(K.NUMBER))));
const signedRealNumber: Parse = rule(() => alt(realNumber, seq(T(K.MINUS), realNumber)));
const complexNumber: Parse = rule(() =>
  alt(seq(signedRealNumber, T(K.PLUS), imaginaryNumber), seq(signedRealNumber, T(K.MINUS), imaginaryNumber)),
);

const literalPattern: Parse = rule(() =>
  alt(
    seq(signedNumber, not(alt(T(K.PLUS), T(K.MINUS)))),
    complexNumber,
    strings,
    T(K.KW_NONE),
    T(K.KW_TRUE),
    T(K.KW_FALSE),
  ),
);

const literalExpr: Parse = rule(() => literalPattern);

const attr: Parse = rule(() => seq(NAME, plus(seq(T(K.DOT), NAME))));
const nameOrAttr: Parse = rule(() => alt(attr, NAME));

const valuePattern: Parse = rule(() => seq(attr, not(alt(T(K.DOT), T(K.LPAR), T(K.EQUAL)))));

const groupPattern: Parse = rule(() => seq(T(K.LPAR), pattern, T(K.RPAR)));

const starPattern: Parse = rule(() => alt(seq(T(K.STAR), captureTarget), seq(T(K.STAR), soft('_'))), { memo: true });
const maybeStarPattern: Parse = rule(() => alt(starPattern, pattern));
const maybeSequencePattern: Parse = rule(() => seq(gather(COMMA, maybeStarPattern), opt(COMMA)));

function openSequencePattern(): Parse {
  return seq(maybeStarPattern, COMMA, opt(maybeSequencePattern));
}

const sequencePattern: Parse = rule(() =>
  alt(seq(T(K.LSQB), opt(maybeSequencePattern), T(K.RSQB)), seq(T(K.LPAR), opt(openSequencePattern()), T(K.RPAR))),
);

const keyValuePattern: Parse = rule(() => seq(alt(literalExpr, attr), T(K.COLON), pattern));
const doubleStarPattern: Parse = rule(() => seq(T(K.DOUBLESTAR), captureTarget));

const mappingPattern: Parse = rule(() =>
  alt(
    seq(T(K.LBRACE), T(K.RBRACE)),
    seq(T(K.LBRACE), doubleStarPattern, opt(COMMA), T(K.RBRACE)),
    seq(T(K.LBRACE), gather(COMMA, keyValuePattern), COMMA, doubleStarPattern, opt(COMMA), T(K.RBRACE)),
    seq(T(K.LBRACE), gather(COMMA, keyValuePattern), opt(COMMA), T(K.RBRACE)),
  ),
);

const positionalPatterns: Parse = rule(() => gather(COMMA, pattern));
const keywordPatterns: Parse = rule(() => gather(COMMA, seq(NAME, T(K.EQUAL), pattern)));

const classPattern: Parse = rule(() =>
  alt(
    seq(nameOrAttr, T(K.LPAR), T(K.RPAR)),
    seq(nameOrAttr, T(K.LPAR), positionalPatterns, opt(COMMA), T(K.RPAR)),
    seq(nameOrAttr, T(K.LPAR), keywordPatterns, opt(COMMA), T(K.RPAR)),
    seq(nameOrAttr, T(K.LPAR), positionalPatterns, COMMA, keywordPatterns, opt(COMMA), T(K.RPAR)),
    invalid(() =>
      act(
        seq(nameOrAttr, T(K.LPAR), opt(seq(positionalPatterns, COMMA)), keywordPatterns, COMMA, positionalPatterns),
        (v, _s, _e, p) => raiseAt(p, (v[5] as Expr[])[0]!, 'positional patterns follow keyword patterns'),
      ),
    ),
  ),
);
