import type { FStringError } from '../../literals/legacy-fstring.ts';
import type { TokenStream } from '../../tokens/stream.ts';
import type { Parse } from '../peg.ts';

/**
 * Rules one grammar file refers to in another, and the f-string sub-parser: the grammar is
 * recursive, the modules must not import each other in a cycle. grammar/index.ts fills the
 * rules in, run.ts the sub-parser.
 */
export const rules = {} as Record<'lambdaParams' | 'strings' | 'starTargets' | 'block', Parse>;

export function ref(name: keyof typeof rules): Parse {
  return (p) => rules[name](p);
}

export const hooks = {
  /** CPython parses an f-string's expression part (before 3.12) as its own source. */
  fstringExpression: null as
    null | ((outer: TokenStream, token: number, start: number, end: number) => FStringError | null),
};
