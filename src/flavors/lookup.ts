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
  return classIndex(outline).get(name);
}

// Built once per outline: base-class lookups run for every class, and a generated module can
// define tens of thousands of them.
const CLASS_INDEXES = new WeakMap<PythonOutline, Map<string, ClassDef>>();

function classIndex(outline: PythonOutline): Map<string, ClassDef> {
  let index = CLASS_INDEXES.get(outline);
  if (!index) {
    // The last definition wins at import time, as in Python.
    index = new Map(outline.classes.map((c) => [c.name, c]));
    CLASS_INDEXES.set(outline, index);
  }
  return index;
}

/** A module-level name bound some other way (assignment, import): exists, signature unknown. */
export function otherBinding(outline: PythonOutline, name: string) {
  return outline.names.findLast((n) => n.name === name && n.kind !== 'function' && n.kind !== 'class');
}

export function method(cls: ClassDef, name: string): FunctionDef | undefined {
  return cls.methods.findLast((m) => m.name === name);
}

/**
 * The class and the classes it derives from that are defined in this file, depth-first in base
 * order, each once. Iterative: generated modules chain thousands of classes, deeper than the stack.
 */
export function* localAncestry(outline: PythonOutline, cls: ClassDef): Generator<ClassDef> {
  const seen = new Set<ClassDef>();
  const stack = [cls];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    yield next;
    for (let i = next.bases.length - 1; i >= 0; i--) {
      const local = moduleClass(outline, next.bases[i]!);
      if (local && !seen.has(local)) stack.push(local);
    }
  }
}

/** The method on the class or on a base class defined in the same file. */
export function findMethod(outline: PythonOutline, cls: ClassDef, name: string): FunctionDef | undefined {
  for (const c of localAncestry(outline, cls)) {
    const own = method(c, name);
    if (own) return own;
  }
  return undefined;
}

/**
 * A value computed from a class and its local bases' values, once per class: checks that ask it
 * of every class in a file stay linear in the number of classes. `combine` gets each base's value
 * (undefined for a base not defined here, or one on an inheritance cycle — an error at import).
 */
export function foldBases<T>(
  memo: WeakMap<ClassDef, T>,
  outline: PythonOutline,
  cls: ClassDef,
  combine: (c: ClassDef, baseValue: (base: string) => T | undefined) => T,
): T {
  const open = new Set<ClassDef>();
  const stack = [cls];
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    if (memo.has(top)) {
      stack.pop();
      continue;
    }
    if (!open.has(top)) {
      open.add(top);
      for (const base of top.bases) {
        const local = moduleClass(outline, base);
        if (local && !memo.has(local) && !open.has(local)) stack.push(local);
      }
      continue;
    }
    memo.set(
      top,
      combine(top, (base) => {
        const local = moduleClass(outline, base);
        return local ? memo.get(local) : undefined;
      }),
    );
    stack.pop();
  }
  return memo.get(cls)!;
}

const EXTERNAL_BASE = new WeakMap<ClassDef, boolean>();

/** True when some base is not defined in this file, so methods may be inherited from it. */
export function hasExternalBase(outline: PythonOutline, cls: ClassDef): boolean {
  return foldBases(EXTERNAL_BASE, outline, cls, (c, baseValue) =>
    c.bases.some((base) => base !== 'object' && (moduleClass(outline, base) ? baseValue(base) === true : true)),
  );
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
