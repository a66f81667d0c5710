import type { ParseState } from './state.ts';

/**
 * What CPython refuses after its parser accepted the file, when it compiles it: `return` or
 * `yield` outside a function, `break`/`continue` outside a loop (compiler.c), `nonlocal` at
 * module level (symtable.c). The recognizer keeps a scope per def, lambda and class, each with
 * the loops open in it, and records the first such error; a file with a parse error never
 * reaches these checks, as in CPython. `await`, `async for` and `async with` outside an async
 * function are checked too. Not covered: yields and awaits in comprehensions, `nonlocal` without a binding, names used before `global`, duplicate parameters.
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
  /** symtable.c's errors come before the compiler's, whatever their position. */
  symtable: boolean;
}

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
  const scope = p.scopes.at(-1)!;
  const message =
    word === 'return' || word === 'yield'
      ? scope.kind !== FUNCTION && `'${word}' outside function`
      : word === 'break'
        ? scope.loops === 0 && "'break' outside loop"
        : word === 'continue'
          ? scope.loops === 0 && "'continue' not properly in loop"
          : word === 'nonlocal'
            ? scope.kind === MODULE && 'nonlocal declaration not allowed at module level'
            : word === 'await'
              ? scope.kind !== FUNCTION
                ? "'await' outside function"
                : !scope.async && "'await' outside async function"
              : !(scope.kind === FUNCTION && scope.async) && `'${word}' outside async function`;
  if (message) p.compileErrors.push({ message, offset: p.starts[p.pos]!, symtable: word === 'nonlocal' });
}

/** The error CPython reports first: a symtable error, else the first in source order. */
export function firstCompileError(errors: CompileError[]): CompileError | undefined {
  return errors.find((e) => e.symtable) ?? errors[0];
}
