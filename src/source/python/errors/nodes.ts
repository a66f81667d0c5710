/**
 * The little of CPython's AST the error messages need: what kind an expression is
 * (`_PyPegen_get_expr_name`), where it starts and ends (token indices), and for targets
 * the containers and starred values `_PyPegen_get_invalid_target` looks into.
 */
export type ExprKind =
  | 'Name'
  | 'Attribute'
  | 'Subscript'
  | 'Starred'
  | 'List'
  | 'Tuple'
  | 'Lambda'
  | 'Call'
  | 'BoolOp'
  | 'BinOp'
  | 'UnaryOp'
  | 'GeneratorExp'
  | 'Yield'
  | 'YieldFrom'
  | 'Await'
  | 'ListComp'
  | 'SetComp'
  | 'DictComp'
  | 'Dict'
  | 'Set'
  | 'JoinedStr'
  | 'Constant'
  | 'Compare'
  | 'IfExp'
  | 'NamedExpr'
  | 'Slice'
  | 'Pattern';

export interface Expr {
  kind: ExprKind;
  /** First token. */
  s: number;
  /** One past the last token. */
  e: number;
  elts?: Expr[];
  value?: Expr;
  left?: Expr;
  /** Compare: whether the first operator is `in`. */
  firstIsIn?: boolean;
  /** Constant: None, True, False, Ellipsis, or another literal. */
  constant?: 'None' | 'True' | 'False' | 'Ellipsis' | 'literal';
  /** Call (from `args`): positional arguments, and whether a `**` argument is among the keywords. */
  args?: Expr[];
  keywordUnpacking?: boolean;
}

export function node(kind: ExprKind, s: number, e: number, extra: Partial<Expr> = {}): Expr {
  return { kind, s, e, ...extra };
}

export function exprName(e: Expr): string {
  switch (e.kind) {
    case 'Attribute':
      return 'attribute';
    case 'Subscript':
      return 'subscript';
    case 'Starred':
      return 'starred';
    case 'Name':
      return 'name';
    case 'List':
      return 'list';
    case 'Tuple':
      return 'tuple';
    case 'Lambda':
      return 'lambda';
    case 'Call':
      return 'function call';
    case 'BoolOp':
    case 'BinOp':
    case 'UnaryOp':
      return 'expression';
    case 'GeneratorExp':
      return 'generator expression';
    case 'Yield':
    case 'YieldFrom':
      return 'yield expression';
    case 'Await':
      return 'await expression';
    case 'ListComp':
      return 'list comprehension';
    case 'SetComp':
      return 'set comprehension';
    case 'DictComp':
      return 'dict comprehension';
    case 'Dict':
      return 'dict literal';
    case 'Set':
      return 'set display';
    case 'JoinedStr':
      return 'f-string expression';
    case 'Constant':
      return e.constant === 'literal' || !e.constant ? 'literal' : e.constant === 'Ellipsis' ? 'ellipsis' : e.constant;
    case 'Compare':
      return 'comparison';
    case 'IfExp':
      return 'conditional expression';
    case 'NamedExpr':
      return 'named expression';
    default:
      return 'expression';
  }
}

export type TargetsType = 'star' | 'del' | 'for';

/** `_PyPegen_get_invalid_target`: the first part of `e` that cannot be assigned (or deleted). */
export function invalidTarget(e: Expr, type: TargetsType): Expr | null {
  switch (e.kind) {
    case 'List':
    case 'Tuple':
      for (const child of e.elts ?? []) {
        const bad = invalidTarget(child, type);
        if (bad) return bad;
      }
      return null;
    case 'Starred':
      if (type === 'del') return e;
      return e.value ? invalidTarget(e.value, type) : null;
    case 'Compare':
      // `for a in b` parses `a in b` as a comparison: look at its left side.
      if (type === 'for') return e.firstIsIn && e.left ? invalidTarget(e.left, type) : null;
      return e;
    case 'Name':
    case 'Subscript':
    case 'Attribute':
      return null;
    default:
      return e;
  }
}
