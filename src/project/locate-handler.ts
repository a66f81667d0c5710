import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MctlError } from '../errors.ts';
import { TORCHSERVE_BUILTINS } from '../flavors/builtin-handlers.ts';
import type { HandlerRef } from '../flavors/handler.ts';
import { displayPath, isFile } from '../util/paths.ts';
import { fileKind, readRegularFile } from '../util/read-file.ts';

/** The file-system questions target resolution asks; tests pass a table instead. */
export interface TargetFs {
  isFile(path: string): boolean;
  exists(path: string): boolean;
  /** A small text file's content; '' when it cannot be read. */
  readText(path: string): string;
  /** What a path that is not a regular file is, in words ('a directory', 'a FIFO (named pipe)'). */
  kind(path: string): string;
}

export const realFs: TargetFs = { isFile, exists: existsSync, readText, kind: (path) => fileKind(statSync(path)) };

function readText(path: string): string {
  try {
    return readRegularFile(path, { shown: path, maxBytes: 1024 * 1024, what: 'file' }).toString('utf8');
  } catch {
    // Unreadable or huge: whichever command owns the file reports it; here it counts as empty.
    return '';
  }
}

export interface HandlerPlaces {
  /** The directory a handler path is relative to: the cwd for a flag, mctl.yaml's for the file. */
  root: string;
  modelDir: string | undefined;
  from: string;
  cwd: string;
  fs: TargetFs;
}

/**
 * Where the server would find the handler's module. Multi Model Server's model-archiver takes
 * `--handler module:function` relative to `--model-path`, and both servers import it from the
 * model directory, so a module name is looked for there first, then in `root`; a path is
 * taken relative to `root`. A name that is no file but a TorchServe built-in is the built-in.
 */
export function locateHandler(ref: HandlerRef, places: HandlerPlaces): { path: string } | { builtin: string } {
  const dirs = ref.form === 'module' && places.modelDir ? [places.modelDir, places.root] : [places.root];
  const candidates = [...new Set(dirs.map((dir) => resolve(dir, ref.modulePath)))];
  const found = candidates.find((path) => places.fs.isFile(path));
  if (found) return { path: found };
  if (ref.form === 'module' && !ref.modulePath.includes('/') && TORCHSERVE_BUILTINS.has(ref.moduleName))
    return { builtin: ref.raw };
  const looked = candidates.map((path) => displayPath(places.cwd, path));
  throw new MctlError(
    'HANDLER_NOT_FOUND',
    `${places.from} ${ref.raw}: no ${ref.modulePath} (looked for ${looked.join(' and ')})`,
    {
      exit: 'BAD_INPUT',
      hint:
        ref.form === 'module'
          ? 'a module name is looked for in the model directory (--model-dir), ' +
            'then in the current directory (mctl.yaml: its own directory); ' +
            'or give a path: --handler path/to/handler.py:handle'
          : 'check the path; a flag is relative to the current directory, mctl.yaml paths to the file',
      details: { handler: ref.raw, looked },
    },
  );
}
