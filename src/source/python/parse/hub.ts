import type { ParseState } from './state.ts';

/**
 * Parse functions that call each other across files (an expression holds a lambda's
 * parameters and f-strings, a block holds compound statements): the grammar is recursive,
 * the modules must not import each other in a cycle. recognize.ts fills this in.
 */
export interface Hub {
  lambdaParams(p: ParseState): void;
  strings(p: ParseState): void;
  compoundStatement(p: ParseState): boolean;
}

export const hub = {} as Hub;
