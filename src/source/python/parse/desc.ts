/**
 * What an expression is, as far as the grammar's target rules care, packed in an integer:
 * the recognizer parses `a, b.c = …` as an expression first and then asks whether it is a
 * valid target, instead of trying CPython's target rules and backtracking.
 */
export const NAME_EXPR = 1;
export const ATTRIBUTE = 2;
export const SUBSCRIPT = 3;
export const STARRED = 4;
export const TUPLE = 5;
export const LIST = 6;
export const OTHER = 7;
const KIND_MASK = 15;

/** Valid as `star_targets` (assignment, for, with … as). */
export const TARGET_OK = 16;
/** Valid as `del_targets`. */
export const DEL_OK = 32;

export const NAME_DESC = NAME_EXPR | TARGET_OK | DEL_OK;
export const ATTRIBUTE_DESC = ATTRIBUTE | TARGET_OK | DEL_OK;
export const SUBSCRIPT_DESC = SUBSCRIPT | TARGET_OK | DEL_OK;

export function kindOf(desc: number): number {
  return desc & KIND_MASK;
}

/** `single_target`: a name, attribute or subscript, parenthesized or not (augmented assignment, annotations). */
export function isSingleTarget(desc: number): boolean {
  const kind = desc & KIND_MASK;
  return kind === NAME_EXPR || kind === ATTRIBUTE || kind === SUBSCRIPT;
}

/** A starred element: valid as a target when what it stars is, never as a del target. */
export function starred(inner: number): number {
  return STARRED | (inner & TARGET_OK);
}
