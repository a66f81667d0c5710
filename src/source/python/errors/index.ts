import type { SourceProblem } from '../../types.ts';
import type { TokenStream } from '../tokens/stream.ts';
import type { PythonVersion } from '../version.ts';
import { describeError } from './describe.ts';
import { cpythonError } from './run.ts';

/**
 * CPython's error for a source the recognizer refused: its message, type and caret, found
 * by running CPython's grammar with its error rules (run.ts). If the grammar finds nothing
 * (the recognizer and the grammar disagree, which the differential tests guard against, or
 * the input is too deeply nested for the error pass), a plain "invalid syntax" is reported
 * where the recognizer stopped.
 */
export function findSyntaxError(tokens: TokenStream, _target: PythonVersion, failedAt: number): SourceProblem {
  let error: ReturnType<typeof cpythonError> = null;
  try {
    error = cpythonError(tokens, false);
  } catch (cause) {
    if (!(cause instanceof RangeError)) throw cause;
  }
  if (!error) {
    const at = Math.max(0, Math.min(failedAt, tokens.count - 1));
    const line = tokens.lines.lineOf(tokens.starts[at] ?? 0);
    error = { message: 'invalid syntax', type: 'SyntaxError', line, col: (tokens.starts[at] ?? 0) - tokens.lines.lineStart(line) + 1 };
  }
  return describeError(error, tokens);
}
