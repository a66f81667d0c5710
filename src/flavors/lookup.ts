import type { ClassDef, FunctionDef, ImportRef, PythonOutline } from '../source/types.ts';
import type { Report } from '../findings/finding.ts';
import { bindCall, formatSignature, type CallShape } from './signature.ts';
import { FILE_START } from './types.ts';

/** Small queries over a Python outline that several flavors share. */

export function moduleFunction(outline: PythonOutline, name: string): FunctionDef | undefined {
  // The last definition wins at import time, as in Python.
  return outline.functions.findLast((f) => f.name === name);
}

export function moduleClass(outline: PythonOutline, name: string): ClassDef | undefined {
  return outline.classes.findLast((c) => c.name === name);
}

/** A module-level name bound some other way (assignment, import): exists, signature unknown. */
export function otherBinding(outline: PythonOutline, name: string) {
  return outline.names.findLast((n) => n.name === name && n.kind !== 'function' && n.kind !== 'class');
}

export function method(cls: ClassDef, name: string): FunctionDef | undefined {
  return cls.methods.findLast((m) => m.name === name);
}

/** The method on the class or on a base class defined in the same file. */
export function findMethod(
  outline: PythonOutline,
  cls: ClassDef,
  name: string,
  seen = new Set<string>(),
): FunctionDef | undefined {
  const own = method(cls, name);
  if (own) return own;
  seen.add(cls.name);
  for (const base of cls.bases) {
    const local = moduleClass(outline, base);
    if (local && !seen.has(local.name)) {
      const found = findMethod(outline, local, name, seen);
      if (found) return found;
    }
  }
  return undefined;
}

/** True when some base is not defined in this file, so methods may be inherited from it. */
export function hasExternalBase(outline: PythonOutline, cls: ClassDef, seen = new Set<string>()): boolean {
  seen.add(cls.name);
  return cls.bases.some((base) => {
    if (base === 'object') return false;
    const local = moduleClass(outline, base);
    if (!local) return true;
    return !seen.has(local.name) && hasExternalBase(outline, local, seen);
  });
}

export function hasDecorator(fn: FunctionDef, name: string): boolean {
  return fn.decorators.some((d) => d.name === name || d.name.endsWith(`.${name}`));
}

export function importsFrom(outline: PythonOutline, prefix: string): ImportRef[] {
  return outline.imports.filter((i) => i.level === 0 && (i.module === prefix || i.module.startsWith(`${prefix}.`)));
}

/** Where `name` was imported from at module level (`from a.b import name` → `a.b`). */
export function importSourceOf(outline: PythonOutline, name: string): string | undefined {
  for (const imp of outline.imports) {
    if (imp.scope !== 'module' || !imp.names) continue;
    if (imp.names.some((n) => (n.alias ?? n.name) === name)) return '.'.repeat(imp.level) + imp.module;
  }
  return undefined;
}

/**
 * The standard check of one callable: it must exist, and the platform's call must bind.
 * Reports under `missing-callable` or `signature`.
 */
export function checkCallable(
  outline: PythonOutline,
  spec: { name: string; call: CallShape; required: boolean; hint: string; platform: string },
): { fn: FunctionDef | undefined; reports: Report[] } {
  const fn = moduleFunction(outline, spec.name);
  if (!fn) {
    const other = otherBinding(outline, spec.name);
    if (other || !spec.required) return { fn: undefined, reports: [] };
    return {
      fn,
      reports: [
        {
          ruleId: 'missing-callable',
          message: `${spec.platform} calls ${spec.name}(), but it is not defined at module level`,
          loc: FILE_START,
          hint: spec.hint,
        },
      ],
    };
  }
  const problem = bindCall(fn, spec.call);
  return {
    fn,
    reports: problem
      ? [{ ruleId: 'signature', message: `${problem} (${formatSignature(fn)})`, loc: fn.loc, hint: spec.hint }]
      : [],
  };
}
