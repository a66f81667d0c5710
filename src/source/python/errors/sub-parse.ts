import type { FStringError } from '../literals/legacy-fstring.ts';
import { prepareSource, tokenize } from '../tokens/tokenizer.ts';
import type { TokenStream } from '../tokens/stream.ts';
import type { CPythonError } from './run.ts';

/**
 * Before 3.12, CPython parses an f-string's expression part on its own, as `(` + part + `)`,
 * with the "f-string: " prefix on the parser's messages, and positions counted in that
 * small source: its line offset by the lines of the f-string before the part. `parse` is
 * run.ts's `cpythonError`, passed in so that the two modules do not import each other.
 */
export function fstringExpressionError(
  parse: (tokens: TokenStream, fstring: boolean) => CPythonError | null,
  outer: TokenStream,
  token: number,
  start: number,
  end: number,
): FStringError | null {
  const source = prepareSource(`(${outer.text.slice(start, end)})`);
  const error = parse(tokenize(source, outer.minor), true);
  if (!error) return null;
  const tokenStart = outer.starts[token]!;
  let before = 0;
  for (let i = outer.text.indexOf('\n', tokenStart); i !== -1 && i < start; i = outer.text.indexOf('\n', i + 1))
    before++;
  const line = outer.lines.lineOf(tokenStart) + before + error.line - 1;
  return { kind: 'expression', message: error.message, line, col: error.col, type: error.type };
}
