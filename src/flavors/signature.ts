import type { FunctionDef, Param } from '../source/types.ts';

/** How a platform calls a function: so many positional arguments, then these keywords. */
export interface CallShape {
  positional: number;
  keywords?: string[];
}

/**
 * Would CPython accept this call for this signature? Mirrors the interpreter's argument
 * binding, so the message says what the platform's call would raise. Returns null if it binds.
 */
export function bindCall(fn: FunctionDef, call: CallShape, { method = false } = {}): string | null {
  const params = method ? fn.params.slice(1) : fn.params;
  const positional = params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional-or-keyword');
  const varPositional = params.some((p) => p.kind === 'var-positional');
  const varKeyword = params.some((p) => p.kind === 'var-keyword');
  const filled = new Set<Param>();
  if (call.positional > positional.length && !varPositional) {
    return `${fn.name}() takes ${describeCount(positional.length)} but the platform passes ${call.positional}`;
  }
  for (const p of positional.slice(0, call.positional)) filled.add(p);
  for (const keyword of call.keywords ?? []) {
    const target = params.find(
      (p) => p.name === keyword && (p.kind === 'positional-or-keyword' || p.kind === 'keyword-only'),
    );
    if (target) {
      if (filled.has(target)) return `${fn.name}() would get multiple values for argument '${keyword}'`;
      filled.add(target);
    } else if (!varKeyword) {
      return `${fn.name}() has no parameter '${keyword}', but the platform passes ${keyword}=…`;
    }
  }
  const missing = params.filter(
    (p) => !filled.has(p) && !p.hasDefault && p.kind !== 'var-positional' && p.kind !== 'var-keyword',
  );
  if (missing.length > 0) {
    const names = missing.map((p) => `'${p.name}'`).join(', ');
    return `${fn.name}() requires ${names} but the platform does not pass ${missing.length === 1 ? 'it' : 'them'}`;
  }
  return null;
}

/** `name(a, b=…, *c)` for messages. */
export function formatSignature(fn: FunctionDef): string {
  const parts = fn.params.map((p) => {
    const prefix = p.kind === 'var-positional' ? '*' : p.kind === 'var-keyword' ? '**' : '';
    return `${prefix}${p.name}${p.hasDefault ? '=…' : ''}`;
  });
  return `${fn.isAsync ? 'async ' : ''}${fn.name}(${parts.join(', ')})`;
}

function describeCount(n: number): string {
  return n === 0 ? 'no positional arguments' : n === 1 ? '1 positional argument' : `${n} positional arguments`;
}
