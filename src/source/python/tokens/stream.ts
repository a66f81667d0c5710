import type { LineTable } from './lines.ts';

/**
 * A tokenized Python source: struct-of-arrays, so that millions of tokens cost no objects.
 * Tokens 0 … count-1 are good; when `error` is set, the token at index `count` is the one
 * CPython's tokenizer could not produce, and nothing follows it.
 */
export interface TokenStream {
  /** The text after newline normalisation (offsets refer to it). */
  readonly text: string;
  readonly lines: LineTable;
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Open brackets after each token (CPython's `token->level`, used by error messages). */
  readonly levels: Uint8Array;
  readonly error: TokenizerError | null;
  /** The Python minor version the stream was tokenized for (f-strings tokenize differently from 3.12). */
  readonly minor: number;
}

export type PythonErrorType = 'SyntaxError' | 'IndentationError' | 'TabError';

/** A tokenizer error, positioned as CPython 3.11 positions it. */
export interface TokenizerError {
  message: string;
  type: PythonErrorType;
  line: number;
  /** 1-based column (UTF-16 units) of CPython's caret. */
  col: number;
  /**
   * Raised by the tokenizer itself (not a code the parser turns into an error): such an
   * error replaces a parser error found earlier in the file (CPython 3.11's full-source scan).
   */
  raises: boolean;
  /** End of input inside brackets: where the innermost bracket still open was opened. */
  unclosed?: { char: string; line: number; col: number };
}
