/** CPython 3.11's target rules: star_targets, single_target, del_targets and t_primary. */
import * as K from '../../tokens/kinds.ts';
import { node, type Expr } from '../nodes.ts';
import { FAIL, act, ahead, alt, gather, not, opt, rule, seq, star, tok, type Parse, type Peg } from '../peg.ts';
import { arguments_, atom, genexp, nameExpr, slices } from './expressions.ts';

const T = tok;
const NAME = T(K.NAME);
const tLookahead: Parse = alt(T(K.LPAR), T(K.LSQB), T(K.DOT));

export const starTargets: Parse = rule(() =>
  alt(
    act(seq(starTarget, not(T(K.COMMA))), (v) => v[0]),
    act(seq(starTarget, star(seq(T(K.COMMA), starTarget)), opt(T(K.COMMA))), (v, s, e) =>
      node('Tuple', s, e, { elts: [v[0], ...v[1].map((x: unknown[]) => x[1])] }),
    ),
  ),
);

const starTargetsListSeq: Parse = rule(() => act(seq(gather(T(K.COMMA), starTarget), opt(T(K.COMMA))), (v) => v[0]));

const starTargetsTupleSeq: Parse = rule(() =>
  alt(
    act(seq(starTarget, star(seq(T(K.COMMA), starTarget)), opt(T(K.COMMA))), (v) =>
      v[1].length > 0 ? [v[0], ...v[1].map((x: unknown[]) => x[1])] : FAIL,
    ),
    act(seq(starTarget, T(K.COMMA)), (v) => [v[0]]),
  ),
);

export const starTarget: Parse = rule(
  () =>
    alt(
      act(
        seq(
          T(K.STAR),
          act(seq(not(T(K.STAR)), starTarget), (v) => v[1]),
        ),
        (v, s, e) => node('Starred', s, e, { value: v[1] }),
      ),
      targetWithStarAtom,
    ),
  { memo: true },
);

const targetWithStarAtom: Parse = rule(
  () =>
    alt(
      act(seq(tPrimary, T(K.DOT), NAME, not(tLookahead)), (_v, s, e) => node('Attribute', s, e)),
      act(seq(tPrimary, T(K.LSQB), slices, T(K.RSQB), not(tLookahead)), (_v, s, e) => node('Subscript', s, e)),
      starAtom,
    ),
  { memo: true },
);

const starAtom: Parse = rule(() =>
  alt(
    nameExpr,
    act(seq(T(K.LPAR), targetWithStarAtom, T(K.RPAR)), (v) => v[1]),
    act(seq(T(K.LPAR), opt(starTargetsTupleSeq), T(K.RPAR)), (v, s, e) => node('Tuple', s, e, { elts: v[1] ?? [] })),
    act(seq(T(K.LSQB), opt(starTargetsListSeq), T(K.RSQB)), (v, s, e) => node('List', s, e, { elts: v[1] ?? [] })),
  ),
);

export const singleTarget: Parse = rule(() =>
  alt(
    singleSubscriptAttributeTarget,
    nameExpr,
    act(seq(T(K.LPAR), singleTarget, T(K.RPAR)), (v) => v[1]),
  ),
);

export const singleSubscriptAttributeTarget: Parse = rule(() =>
  alt(
    act(seq(tPrimary, T(K.DOT), NAME, not(tLookahead)), (_v, s, e) => node('Attribute', s, e)),
    act(seq(tPrimary, T(K.LSQB), slices, T(K.RSQB), not(tLookahead)), (_v, s, e) => node('Subscript', s, e)),
  ),
);

/** t_primary: a primary that a target continues (`a.b` in `a.b.c = …`), as a loop. */
const tPrimary: Parse = rule(
  () => {
    const base = seq(atom, ahead(tLookahead));
    const trailer = alt(
      seq(T(K.DOT), NAME, ahead(tLookahead)),
      seq(T(K.LSQB), slices, T(K.RSQB), ahead(tLookahead)),
      seq(genexp, ahead(tLookahead)),
      seq(T(K.LPAR), opt(arguments_), T(K.RPAR), ahead(tLookahead)),
    );
    return (p: Peg) => {
      const s = p.mark;
      if (base(p) === FAIL) return FAIL;
      let left: Expr = node('Name', s, p.mark);
      for (;;) {
        const m = p.mark;
        if (trailer(p) === FAIL) {
          p.mark = m;
          return left;
        }
        left = node('Attribute', s, p.mark);
      }
    };
  },
  { memo: true },
);

export const delTargets: Parse = rule(() => act(seq(gather(T(K.COMMA), delTarget), opt(T(K.COMMA))), (v) => v[0]));

const delTarget: Parse = rule(
  () =>
    alt(
      act(seq(tPrimary, T(K.DOT), NAME, not(tLookahead)), (_v, s, e) => node('Attribute', s, e)),
      act(seq(tPrimary, T(K.LSQB), slices, T(K.RSQB), not(tLookahead)), (_v, s, e) => node('Subscript', s, e)),
      delTAtom,
    ),
  { memo: true },
);

const delTAtom: Parse = rule(() =>
  alt(
    nameExpr,
    act(seq(T(K.LPAR), delTarget, T(K.RPAR)), (v) => v[1]),
    act(seq(T(K.LPAR), opt(delTargets), T(K.RPAR)), (_v, s, e) => node('Tuple', s, e)),
    act(seq(T(K.LSQB), opt(delTargets), T(K.RSQB)), (_v, s, e) => node('List', s, e)),
  ),
);
