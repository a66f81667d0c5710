import * as K from '../tokens/kinds.ts';
import type { TokenStream } from '../tokens/stream.ts';
import { exprName, invalidTarget, type Expr, type TargetsType } from './nodes.ts';
import { NULL_RESULT, RaisedError, type Peg } from './peg.ts';

/**
 * Where CPython puts the caret for a token: its first character (1-based); but INDENT,
 * DEDENT and ENDMARKER have no text, and pegen then uses how far the tokenizer has read on
 * that line.
 */
export function tokenLocation(t: TokenStream, i: number): { line: number; col: number } {
  const at = Math.min(i, t.count);
  const kind = at < t.count ? t.kinds[at]! : K.ENDMARKER;
  const start = t.starts[at] ?? t.text.length;
  if (kind === K.INDENT || kind === K.DEDENT || kind === K.ENDMARKER) {
    const line = t.lines.lineOf(start >= t.text.length ? t.text.length - 1 : start);
    return { line, col: start - t.lines.lineStart(line) };
  }
  const line = t.lines.lineOf(start);
  return { line, col: start - t.lines.lineStart(line) + 1 };
}

function raise(
  p: Peg,
  message: string,
  at: { line: number; col: number },
  type: 'SyntaxError' | 'IndentationError' = 'SyntaxError',
): never {
  throw new RaisedError(p.fstring ? `f-string: ${message}` : message, at.line, Math.max(at.col, 1), type);
}

/** RAISE_SYNTAX_ERROR: at the last token fetched. */
export function raiseLast(p: Peg, message: string): never {
  raise(p, message, tokenLocation(p.tokens, p.lastToken()));
}

/** RAISE_INDENTATION_ERROR. */
export function raiseIndentation(p: Peg, message: string): never {
  raise(p, message, tokenLocation(p.tokens, p.lastToken()), 'IndentationError');
}

/** RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN: at the token at the mark. */
export function raiseNext(p: Peg, message: string): never {
  p.touch(p.mark);
  raise(p, message, tokenLocation(p.tokens, p.mark));
}

/** RAISE_SYNTAX_ERROR_KNOWN_LOCATION / _KNOWN_RANGE / _STARTING_FROM: where `a` starts. */
export function raiseAt(p: Peg, a: Expr | number, message: string): never {
  raise(p, message, tokenLocation(p.tokens, typeof a === 'number' ? a : a.s));
}

/** invalid_kvpair's position: the line where `a` starts, the column where it ends. */
export function raiseAtEnd(p: Peg, a: Expr, message: string): never {
  const t = p.tokens;
  let last = a.e - 1;
  while (last > a.s && (t.kinds[last] === K.NEWLINE || t.kinds[last] === K.INDENT || t.kinds[last] === K.DEDENT))
    last--;
  const end = t.ends[last]!;
  const endLine = t.lines.lineOf(Math.max(end - 1, t.starts[last]!));
  raise(p, message, { line: t.lines.lineOf(t.starts[a.s]!), col: end - t.lines.lineStart(endLine) });
}

/** RAISE_SYNTAX_ERROR_INVALID_TARGET: names the part that cannot be assigned; NULL when all can. */
export function raiseInvalidTarget(p: Peg, type: TargetsType, e: Expr): symbol {
  const bad = invalidTarget(e, type);
  if (!bad) return NULL_RESULT;
  raiseAt(p, bad, `cannot ${type === 'del' ? 'delete' : 'assign to'} ${exprName(bad)}`);
}

export function tokenText(p: Peg, i: number): string {
  return p.tokens.text.slice(p.tokens.starts[i]!, p.tokens.ends[i]!);
}
