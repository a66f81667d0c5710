import * as K from '../tokens/kinds.ts';
import type { PythonErrorType, TokenStream } from '../tokens/stream.ts';
import { fileRule, fstringRule } from './grammar/index.ts';
import { hooks } from './grammar/registry.ts';
import { fstringExpressionError } from './sub-parse.ts';
import { Peg, RaisedError, TokenizerReached, isFailure, type Parse } from './peg.ts';
import { tokenLocation } from './raise.ts';

hooks.fstringExpression = (outer, token, start, end) => fstringExpressionError(cpythonError, outer, token, start, end);

export interface CPythonError {
  message: string;
  type: PythonErrorType;
  line: number;
  col: number;
}

/**
 * What CPython 3.11's `_PyPegen_run_parser` raises for these tokens, or null when the
 * grammar accepts them: a first pass; on failure a second pass with the `invalid_*` rules;
 * then the generic error at the furthest token of the first pass. A tokenizer error the
 * parser reaches wins; one further on replaces an error the parser raised; a bracket left
 * open before the error's line is reported instead.
 */
export function cpythonError(tokens: TokenStream, fstring: boolean, start = 0): CPythonError | null {
  const p = new Peg(tokens, fstring, start);
  const top: Parse = fstring ? fstringRule : fileRule;
  const first = attempt(p, top);
  if (first === 'ok') return null;
  if (first === 'tokenizer') return tokenizerError(tokens);
  if (first instanceof RaisedError) return afterParserError(p, first);
  const lastToken = p.lastToken();
  p.secondPass();
  const second = attempt(p, top);
  if (second === 'tokenizer') return tokenizerError(tokens);
  if (second instanceof RaisedError) return afterParserError(p, second);
  const kind = tokens.kinds[lastToken];
  if (kind === K.INDENT || kind === K.DEDENT) {
    const at = tokenLocation(tokens, p.lastToken());
    return {
      message: kind === K.INDENT ? 'unexpected indent' : 'unexpected unindent',
      type: 'IndentationError',
      ...at,
    };
  }
  const at = tokenLocation(tokens, lastToken);
  return afterParserError(p, new RaisedError(fstring ? 'f-string: invalid syntax' : 'invalid syntax', at.line, at.col));
}

function attempt(p: Peg, start: Parse): 'ok' | 'fail' | 'tokenizer' | RaisedError {
  try {
    return isFailure(start(p)) ? 'fail' : 'ok';
  } catch (error) {
    if (error instanceof TokenizerReached) return 'tokenizer';
    if (error instanceof RaisedError) return error;
    throw error;
  }
}

function tokenizerError(tokens: TokenStream): CPythonError {
  const e = tokens.error!;
  return { message: e.message, type: e.type, line: e.line, col: e.col };
}

/** _PyPegen_tokenize_full_source_to_check_for_errors: the rest of the file is tokenized. */
function afterParserError(p: Peg, error: RaisedError): CPythonError {
  const later = p.tokens.error;
  if (later?.raises) return tokenizerError(p.tokens);
  if (later?.unclosed && tokenLocation(p.tokens, p.lastToken()).line > later.unclosed.line)
    return tokenizerError(p.tokens);
  return { message: error.message, type: error.type, line: error.line, col: error.col };
}
