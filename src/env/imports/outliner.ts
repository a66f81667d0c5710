import { statSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { outlineSource } from '../../source/index.ts';
import type { PythonVersion } from '../../source/python/version.ts';
import { readSourceFile } from '../../source/read.ts';
import type { Outline, PythonOutline } from '../../source/types.ts';
import { WorkerPool } from '../../source/worker-pool.ts';

/**
 * What the import walk needs of a module: its imports, suppressions and problems (a Python
 * module), or only its language. Kept small: it is copied from a worker thread per module.
 */
export type ImportOutline =
  Pick<PythonOutline, 'language' | 'problems' | 'imports' | 'suppressions'> | { language: 'typescript' | 'javascript' };

/** One module to outline, or why it could not be read. */
export type OutlineResult = { outline: ImportOutline | Outline } | { error: string };

export interface OutlineRequest {
  path: string;
  display: string;
  target: PythonVersion;
  /** The whole outline (functions, classes, …), not only what the import walk needs. */
  full?: boolean;
}

// The first modules are outlined here: most projects have a handful, and starting threads
// would cost more than parsing them. A project with more, or a large module, gets a pool of
// worker threads (a large file parsed here would hold up Ctrl-C until it is done).
const IN_THREAD_MODULES = 16;
const IN_THREAD_BYTES = 512 * 1024;

/**
 * Outlines modules as they are found: each request starts at once (in a worker thread
 * once the project proves large), so the import walk can keep its order while the parsing
 * runs on every core. `close()` ends the threads.
 */
export function createOutliner(): { outline(request: OutlineRequest): Promise<OutlineResult>; close(): Promise<void> } {
  let pool: WorkerPool<OutlineRequest, OutlineResult> | undefined;
  let requested = 0;
  return {
    outline(request) {
      requested++;
      if (requested <= IN_THREAD_MODULES && sizeOf(request.path) <= IN_THREAD_BYTES) return outlineHere(request);
      pool ??= new WorkerPool(
        new URL(`./outline-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
        null,
        Infinity,
      );
      return pool.submit(request);
    },
    async close() {
      await pool?.close();
    },
  };
}

/** Read and outline one module; a read error is a result, the walk reports it as a finding. */
export async function outlineModuleFile(request: OutlineRequest): Promise<OutlineResult> {
  let bytes: Buffer;
  try {
    bytes = readSourceFile(request.path, request.display);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const outline = outlineSource(bytes, { file: request.display, target: request.target });
  if (request.full) return { outline };
  if (outline.language !== 'python') return { outline: { language: outline.language } };
  const { language, problems, imports, suppressions } = outline;
  return { outline: { language, problems, imports, suppressions } };
}

async function outlineHere(request: OutlineRequest): Promise<OutlineResult> {
  // Let a pending Ctrl-C through between modules.
  await nextTurn();
  return outlineModuleFile(request);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
