import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { errnoCode } from '../../errors.ts';

/** A directory the walk could not look into (another user's mode-700 package), and the OS error. */
export interface Blocked {
  dir: string;
  error: unknown;
}

/** Where a module is, or, when it is found under no root, the first directory that hid it. */
export interface FoundModule {
  path?: string;
  blocked?: Blocked;
}

// Errors that mean "no such module here". Any other (EACCES, EPERM, ELOOP, EIO) means "cannot
// tell": the module may well be there, so it is not taken for a distribution nobody declared.
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG']);

/** `a.b.c` under one of the roots: a/b/c.py, a/b/c/__init__.py, or a namespace directory. */
export function findModule(parts: string[], roots: string[]): FoundModule {
  let blocked: Blocked | undefined;
  for (const root of roots) {
    const stat = (path: string): Stats | undefined => {
      try {
        return statSync(path);
      } catch (error) {
        if (!ABSENT.has(errnoCode(error) ?? '')) blocked ??= blockedAt(root, path);
        return undefined;
      }
    };
    const dir = join(root, ...parts.slice(0, -1));
    const last = parts[parts.length - 1]!;
    const file = join(dir, `${last}.py`);
    // A FIFO or device under the module's name is the module's file gone wrong: reading it is
    // refused (env-import-unreadable, naming what it is), not taken for an undeclared distribution.
    const found = stat(file);
    if (found && !found.isDirectory()) return { path: file };
    const pkg = join(dir, last);
    const init = join(pkg, '__init__.py');
    if (stat(init)?.isFile()) return { path: init };
    // A directory without __init__.py is a namespace package; one without Python files is data.
    if (parts.length > 0 && stat(pkg)?.isDirectory()) {
      try {
        if (readdirSync(pkg).some((name) => name.endsWith('.py'))) return { path: pkg };
      } catch (error) {
        if (!ABSENT.has(errnoCode(error) ?? '')) blocked ??= { dir: pkg, error };
      }
    }
  }
  return blocked ? { blocked } : {};
}

/**
 * The directory to blame for a failed stat below root: for EACCES/EPERM the deepest one that
 * can be reached (it cannot be searched), for a link loop the link itself. A root that cannot
 * be searched hides nothing in particular, as for Python's path finder: undefined.
 */
function blockedAt(root: string, path: string): Blocked | undefined {
  let dir = root;
  for (const part of relative(root, path).split(sep)) {
    const next = join(dir, part);
    try {
      statSync(next);
    } catch (error) {
      const code = errnoCode(error) ?? '';
      if (ABSENT.has(code)) return undefined;
      const culprit = code === 'EACCES' || code === 'EPERM' ? dir : next;
      return culprit === root ? undefined : { dir: culprit, error };
    }
    dir = next;
  }
  return undefined;
}
