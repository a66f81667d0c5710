import type { OutlineCollector } from '../outline/collector.ts';
import type { TokenStream } from '../tokens/stream.ts';
import { FAILED, ParseState, type Feature } from './state.ts';
import type { CompileError } from './compile-checks.ts';
import { compoundStatement } from './compound.ts';
import { hub } from './hub.ts';
import { lambdaParams } from './params.ts';
import { parseModule } from './statements.ts';
import { strings } from './strings.ts';

hub.lambdaParams = lambdaParams;
hub.strings = strings;
hub.compoundStatement = compoundStatement;

/**
 * The fast path: decides whether an error-free token stream is a valid module, recording
 * the outline and the syntax features newer than some Python versions as it goes.
 */
export function recognize(tokens: TokenStream, out: OutlineCollector | null): Recognized {
  const p = new ParseState(tokens, out);
  try {
    parseModule(p);
    return { ok: true, features: p.features, failedAt: -1, tooDeep: false, compileErrors: p.compileErrors };
  } catch (error) {
    if (error === FAILED)
      return { ok: false, features: p.features, failedAt: p.pos, tooDeep: false, compileErrors: [] };
    // Thousands of nested unary operators or lambdas: CPython gives up too (RecursionError at
    // about 3,000 levels, MemoryError past 6,000), long before JavaScript's stack runs out.
    if (error instanceof RangeError)
      return { ok: false, features: p.features, failedAt: p.pos, tooDeep: true, compileErrors: [] };
    throw error;
  }
}

export interface Recognized {
  ok: boolean;
  features: Feature[];
  /** Token where the parse stopped (when not ok). */
  failedAt: number;
  /** The input nests deeper than the recognizer's stack allows. */
  tooDeep: boolean;
  /** What CPython's compiler refuses in a file that parses (compile-checks.ts). */
  compileErrors: CompileError[];
}
