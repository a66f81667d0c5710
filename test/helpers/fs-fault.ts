/**
 * Makes one node:fs function fail with an errno for matching paths (the first argument), for
 * faults a test cannot cause as root: an immutable file, a full disk. Returns the undo.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { mock } from 'node:test';

type FsFunction = 'renameSync' | 'writeFileSync' | 'openSync' | 'mkdirSync';

export function failFs(name: FsFunction, when: (path: string) => boolean, code: string, syscall = 'open'): () => void {
  const original = fs[name] as (...args: unknown[]) => unknown;
  const method = mock.method(fs, name, (...args: unknown[]) => {
    if (when(String(args[0])))
      throw Object.assign(new Error(`${code}: ${syscall} '${String(args[0])}'`), {
        code,
        syscall,
        path: String(args[0]),
      });
    return original(...args);
  });
  // ESM named imports of node:fs are separate bindings: refresh them from the patched object.
  syncBuiltinESMExports();
  return () => {
    method.mock.restore();
    syncBuiltinESMExports();
  };
}
