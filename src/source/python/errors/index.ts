import type { SourceProblem } from '../../types.ts';
import * as K from '../tokens/kinds.ts';
import { STARTS } from '../parse/expressions.ts';
import type { TokenStream } from '../tokens/stream.ts';
import type { PythonVersion } from '../version.ts';
import { describeError } from './describe.ts';
import { cpythonError, type CPythonError } from './run.ts';

/**
 * CPython's error for a source the recognizer refused: its message, type and caret, found
 * by running CPython's grammar with its error rules (run.ts) from the top-level statement
 * where the recognizer stopped (everything before it is valid, and valid code raises
 * nothing, with one exception, see `earlierLegacyPrint`). If the grammar finds nothing (the
 * recognizer and the grammar disagree, which the differential tests guard against, or the
 * input nests too deeply for the error pass), the tokenizer's error or a plain "invalid
 * syntax" where the recognizer stopped is reported.
 */
export function findSyntaxError(tokens: TokenStream, _target: PythonVersion, failedAt: number): SourceProblem {
  let error: CPythonError | null = null;
  const start = statementStart(tokens, failedAt);
  try {
    error = cpythonError(tokens, false, earlierLegacyPrint(tokens, start) ? 0 : start);
  } catch (cause) {
    if (!(cause instanceof RangeError)) throw cause;
  }
  if (!error && tokens.error)
    error = { message: tokens.error.message, type: tokens.error.type, line: tokens.error.line, col: tokens.error.col };
  if (!error) {
    const at = Math.max(0, Math.min(failedAt, tokens.count - 1));
    const line = tokens.lines.lineOf(tokens.starts[at] ?? 0);
    error = {
      message: 'invalid syntax',
      type: 'SyntaxError',
      line,
      col: (tokens.starts[at] ?? 0) - tokens.lines.lineStart(line) + 1,
    };
  }
  return describeError(error, tokens);
}

const CLAUSES = new Set([K.KW_ELSE, K.KW_ELIF, K.KW_EXCEPT, K.KW_FINALLY]);

/** The first token of the top-level statement holding token `at` (0 when unknown). */
function statementStart(tokens: TokenStream, at: number): number {
  if (at < 0) return 0;
  const { kinds } = tokens;
  const end = Math.min(at, tokens.count);
  let depth = 0;
  let start = 0;
  for (let i = 0; i < end; i++) {
    const k = kinds[i]!;
    if (k === K.INDENT) depth++;
    else if (k === K.DEDENT) depth--;
    else if (
      depth === 0 &&
      (i === 0 || kinds[i - 1] === K.NEWLINE || kinds[i - 1] === K.DEDENT) &&
      !CLAUSES.has(k) &&
      !atDecorated(tokens, i)
    )
      start = i;
  }
  return start;
}

/** A `def` or `class` line right after its decorators belongs to the decorators' statement. */
function atDecorated(tokens: TokenStream, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && tokens.kinds[j] === K.DEDENT) j--;
  if (j < 0 || tokens.kinds[j] !== K.NEWLINE) return false;
  const lineStart = tokens.lines.lineStart(tokens.lines.lineOf(tokens.starts[j]!));
  return tokens.text.charCodeAt(lineStart + tokens.text.slice(lineStart).search(/\S/)) === 64;
}

/**
 * CPython's second pass reports `print -1` or `print [x]` as a Python 2 print statement
 * even when it is valid, if the file has an error further on. When such a line comes
 * before the statement in error, the whole file is parsed again, as CPython does.
 */
function earlierLegacyPrint(tokens: TokenStream, start: number): boolean {
  const { kinds, starts, ends, text } = tokens;
  for (let i = 0; i < start; i++) {
    if (kinds[i] !== K.NAME || ends[i]! - starts[i]! > 5) continue;
    const name = text.slice(starts[i]!, ends[i]!);
    if ((name === 'print' || name === 'exec') && kinds[i + 1] !== K.LPAR && STARTS[kinds[i + 1]!] !== 0) return true;
  }
  return false;
}
