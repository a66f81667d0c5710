/** CPython 3.11's parameter rules (def and lambda), with their invalid_ rules. */
import * as K from '../../tokens/kinds.ts';
import { act, ahead, alt, invalid, opt, plus, rule, seq, star, tok, type Parse } from '../peg.ts';
import { raiseAt, raiseLast } from '../raise.ts';
import { expression, starExpression } from './expressions.ts';

const T = tok;
const NAME = T(K.NAME);
const COMMA = T(K.COMMA);

/** The rules of one parameter list: `close` ends it (`)` for def, `:` for lambda). */
function parameterRules(close: number, annotated: boolean, lambda: boolean) {
  const param: Parse = annotated ? seq(NAME, opt(seq(T(K.COLON), expression))) : NAME;
  const paramStarAnnotation: Parse = seq(NAME, T(K.COLON), starExpression);
  const defaultValue: Parse = rule(() =>
    alt(
      seq(T(K.EQUAL), expression),
      invalid(() =>
        act(seq(T(K.EQUAL), ahead(alt(T(close), COMMA))), (v, _s, _e, p) =>
          raiseAt(p, v[0], 'expected default value expression'),
        ),
      ),
    ),
  );
  const closing = ahead(T(close));
  const noDefault: Parse = rule(() => alt(seq(param, COMMA), seq(param, closing)));
  const noDefaultStarAnnotation: Parse = rule(() =>
    alt(seq(paramStarAnnotation, COMMA), seq(paramStarAnnotation, closing)),
  );
  const withDefault: Parse = rule(() => alt(seq(param, defaultValue, COMMA), seq(param, defaultValue, closing)));
  const maybeDefault: Parse = rule(() =>
    alt(seq(param, opt(defaultValue), COMMA), seq(param, opt(defaultValue), closing)),
  );
  const slashNoDefault: Parse = rule(() =>
    alt(seq(plus(noDefault), T(K.SLASH), COMMA), seq(plus(noDefault), T(K.SLASH), closing)),
  );
  const slashWithDefault: Parse = rule(() =>
    alt(
      seq(star(noDefault), plus(withDefault), T(K.SLASH), COMMA),
      seq(star(noDefault), plus(withDefault), T(K.SLASH), closing),
    ),
  );
  const invalidKwds = invalid(() =>
    alt(
      act(seq(T(K.DOUBLESTAR), param, T(K.EQUAL)), (v, _s, _e, p) =>
        raiseAt(p, v[2], 'var-keyword argument cannot have default value'),
      ),
      act(seq(T(K.DOUBLESTAR), param, COMMA, param), (v, _s, _e, p) =>
        raiseAt(p, firstToken(v[3]), 'arguments cannot follow var-keyword argument'),
      ),
      act(seq(T(K.DOUBLESTAR), param, COMMA, alt(T(K.STAR), T(K.DOUBLESTAR), T(K.SLASH))), (v, _s, _e, p) =>
        raiseAt(p, v[3], 'arguments cannot follow var-keyword argument'),
      ),
    ),
  );
  const kwds: Parse = rule(() => alt(invalidKwds, seq(T(K.DOUBLESTAR), noDefault)));
  const invalidStarEtc = invalid(() =>
    alt(
      act(seq(T(K.STAR), alt(T(close), seq(COMMA, alt(T(close), T(K.DOUBLESTAR))))), (v, _s, _e, p) =>
        lambda
          ? raiseLast(p, 'named arguments must follow bare *')
          : raiseAt(p, v[0], 'named arguments must follow bare *'),
      ),
      act(seq(T(K.STAR), param, T(K.EQUAL)), (v, _s, _e, p) =>
        raiseAt(p, v[2], 'var-positional argument cannot have default value'),
      ),
      act(seq(T(K.STAR), alt(noDefault, COMMA), star(maybeDefault), T(K.STAR), alt(noDefault, COMMA)), (v, _s, _e, p) =>
        raiseAt(p, v[3], '* argument may appear only once'),
      ),
    ),
  );
  const starEtc: Parse = rule(() =>
    alt(
      invalidStarEtc,
      seq(T(K.STAR), noDefault, star(maybeDefault), opt(kwds)),
      ...(annotated ? [seq(T(K.STAR), noDefaultStarAnnotation, star(maybeDefault), opt(kwds))] : []),
      seq(T(K.STAR), COMMA, plus(maybeDefault), opt(kwds)),
      kwds,
    ),
  );
  const parameters: Parse = rule(() =>
    alt(
      seq(slashNoDefault, star(noDefault), star(withDefault), opt(starEtc)),
      seq(slashWithDefault, star(withDefault), opt(starEtc)),
      seq(plus(noDefault), star(withDefault), opt(starEtc)),
      seq(plus(withDefault), opt(starEtc)),
      starEtc,
    ),
  );
  const helper: Parse = alt(slashWithDefault, plus(withDefault));
  const what = lambda ? 'Lambda expression parameters' : 'Function parameters';
  const invalidParameters = invalid(() =>
    alt(
      act(seq(star(noDefault), helper, noDefault), (v, _s, _e, p) =>
        raiseAt(p, firstToken(v[2]), 'non-default argument follows default argument'),
      ),
      act(
        seq(
          star(noDefault),
          T(K.LPAR),
          lambda ? seq(NAME, star(seq(COMMA, NAME))) : plus(noDefault),
          opt(COMMA),
          T(K.RPAR),
        ),
        (v, _s, _e, p) => raiseAt(p, v[1], `${what} cannot be parenthesized`),
      ),
      act(seq(T(K.SLASH), COMMA), (v, _s, _e, p) => raiseAt(p, v[0], 'at least one argument must precede /')),
      act(seq(alt(slashNoDefault, slashWithDefault), star(maybeDefault), T(K.SLASH)), (v, _s, _e, p) =>
        raiseAt(p, v[2], '/ may appear only once'),
      ),
      act(
        seq(
          opt(alt(slashNoDefault, slashWithDefault)),
          star(maybeDefault),
          T(K.STAR),
          alt(COMMA, noDefault),
          star(maybeDefault),
          T(K.SLASH),
        ),
        (v, _s, _e, p) => raiseAt(p, v[5], '/ must be ahead of *'),
      ),
      act(seq(plus(maybeDefault), T(K.SLASH), T(K.STAR)), (v, _s, _e, p) =>
        raiseAt(p, v[2], 'expected comma between / and *'),
      ),
    ),
  );
  return rule(() => alt(invalidParameters, parameters));
}

/** The first token index inside a parsed parameter (nested arrays of token indices). */
function firstToken(v: unknown): number {
  while (Array.isArray(v)) v = v[0];
  return v as number;
}

export const params: Parse = rule(() => parameterRules(K.RPAR, true, false));
export const lambdaParams: Parse = rule(() => parameterRules(K.COLON, false, true));
