import type { ParseState } from './state.ts';

/**
 * What CPython refuses after its parser accepted the file, when it compiles it: a `__future__`
 * import out of place or unknown (future.c), `nonlocal` at module level (symtable.c), `return`
 * or `yield` outside a function, `break`/`continue` outside a loop, `await`, `async for` and
 * `async with` outside an async function (compiler.c). The recognizer keeps a scope per def,
 * lambda and class, each with the loops open in it, and records the errors; the first pass's
 * first one is reported. A file with a parse error never reaches these checks, as in CPython.
 * Not covered: yields and awaits in comprehensions, `nonlocal` without a binding, names used
 * before `global`, duplicate parameters.
 */

export const MODULE = 0;
export const FUNCTION = 1;
export const CLASS = 2;

export interface Scope {
  kind: typeof MODULE | typeof FUNCTION | typeof CLASS;
  /** An `async def` (a lambda never is). */
  async?: boolean;
  /** Loop bodies open in this scope (a loop's `else:` is outside its loop). */
  loops: number;
}

export interface CompileError {
  message: string;
  offset: number;
  /**
   * CPython's passes in order: future.c (0), symtable.c (1), the compiler (2). An earlier
   * pass's error is reported whatever its position.
   */
  stage: 0 | 1 | 2;
}

/** future.c's walk over the module's first statements, and the line of the last future import. */
export interface FutureWalk {
  /** A statement other than a docstring or a future import was seen. */
  done: boolean;
  /** future.c stops at the first statement after `done` that starts on a new line. */
  stopped: boolean;
  statements: number;
  prevLine: number;
  /** ff_lineno: the line of the last accepted future import (0: none). */
  futureLine: number;
}

// Python 3.11's __future__ features (future.c); `braces` has an answer of its own.
const FEATURES = new Set([
  'nested_scopes',
  'generators',
  'division',
  'absolute_import',
  'with_statement',
  'print_function',
  'unicode_literals',
  'barry_as_FLUFL',
  'generator_stop',
  'annotations',
]);
const LATE_FUTURE = 'from __future__ imports must occur at the beginning of the file';

export function enterScope(p: ParseState, kind: Scope['kind'], async = false): void {
  p.scopes.push({ kind, loops: 0, async });
}

export function exitScope(p: ParseState): void {
  p.scopes.pop();
}

export function loopBody(p: ParseState, body: () => void): void {
  const scope = p.scopes.at(-1)!;
  scope.loops++;
  body();
  scope.loops--;
}

type Checked = 'return' | 'break' | 'continue' | 'yield' | 'nonlocal' | 'await' | 'async for' | 'async with';

/** At a `return`, `break`, `continue`, `yield`, `nonlocal` or `await` token, or the `async` of a statement. */
export function checkStatement(p: ParseState, word: Checked): void {
  const message = refusal(p.scopes.at(-1)!, word);
  if (message) p.compileErrors.push({ message, offset: p.starts[p.pos]!, stage: word === 'nonlocal' ? 1 : 2 });
}

/** CPython's message for `word` in this scope, or null where it is allowed. */
function refusal(scope: Scope, word: Checked): string | null {
  const inFunction = scope.kind === FUNCTION;
  switch (word) {
    case 'return':
    case 'yield':
      return inFunction ? null : `'${word}' outside function`;
    case 'break':
      return scope.loops > 0 ? null : "'break' outside loop";
    case 'continue':
      return scope.loops > 0 ? null : "'continue' not properly in loop";
    case 'nonlocal':
      return scope.kind === MODULE ? 'nonlocal declaration not allowed at module level' : null;
    case 'await':
      if (!inFunction) return "'await' outside function";
      return scope.async ? null : "'await' outside async function";
    default:
      return inFunction && scope.async ? null : `'${word}' outside async function`;
  }
}

/**
 * For each statement of the module's own body (each simple statement of a line separated by
 * `;`), at its first token `at`: future.c's walk. A future import reports itself once its names
 * are read.
 */
export function moduleStatement(
  p: ParseState,
  kind: 'docstring' | 'future' | 'other',
  at = p.pos,
  names: string[] = [],
): void {
  const walk = p.future;
  const first = walk.statements++ === 0;
  if (first && kind === 'docstring') return;
  if (walk.stopped) return;
  const offset = p.starts[at]!;
  const line = p.lines.lineOf(offset);
  if (walk.done && line > walk.prevLine) {
    walk.stopped = true;
    return;
  }
  walk.prevLine = line;
  if (kind !== 'future') {
    walk.done = true;
    return;
  }
  // future.c reports a late one found here at col_offset, one column left of everything else.
  if (walk.done) return void p.compileErrors.push({ message: LATE_FUTURE, offset: Math.max(0, offset - 1), stage: 0 });
  for (const name of names) {
    if (FEATURES.has(name)) continue;
    const message = name === 'braces' ? 'not a chance' : `future feature ${name} is not defined`;
    return void p.compileErrors.push({ message, offset, stage: 0 });
  }
  walk.futureLine = line;
}

/** At any `from __future__ import` (a nested one too): the compiler refuses one after ff_lineno. */
export function checkFutureImport(p: ParseState, at: number): void {
  const offset = p.starts[at]!;
  if (p.lines.lineOf(offset) > p.future.futureLine) p.compileErrors.push({ message: LATE_FUTURE, offset, stage: 2 });
}

/** The error CPython reports first: the earliest pass's, then the first in source order. */
export function firstCompileError(errors: CompileError[]): CompileError | undefined {
  return errors.find((e) => e.stage === 0) ?? errors.find((e) => e.stage === 1) ?? errors[0];
}
