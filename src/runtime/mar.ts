import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { extractArchive } from '../archive/read.ts';
import { MctlError, errnoCode } from '../errors.ts';
import { onInterrupt } from '../util/cleanup.ts';
import type { RunTarget } from './plan.ts';

/**
 * Mode 4: a .mar (zip), a tgz, or a directory in the archive layout, run the way TorchServe's
 * worker runs it: extracted by the safe reader into a private temp dir (removed afterwards,
 * on Ctrl-C too), cwd and import path at that dir, the manifest in context.manifest.
 */
export interface PreparedArchive {
  target: Extract<RunTarget, { mode: 'python' }>;
  manifest: Record<string, unknown>;
  modelName: string;
  handler: string;
  shown: string;
  cleanup(): void;
}

export async function prepareArchive(path: string, shown: string, handlerOverride?: string): Promise<PreparedArchive> {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    throw new MctlError(
      'ARCHIVE_NOT_FOUND',
      `${shown}: ${errnoCode(error) === 'ENOENT' ? 'no such file or directory' : `cannot read (${errnoCode(error)})`}`,
      { exit: 'BAD_INPUT', hint: 'give a .mar file, a .tar.gz, or a directory with MAR-INF/MANIFEST.json' },
    );
  }
  // Directories are copied too: the script may write next to itself, and the original stays untouched.
  const dir = mkdtempSync(join(tmpdir(), 'mctl-run-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const unregister = onInterrupt(remove);
  const cleanup = () => {
    unregister();
    remove();
  };
  let manifest: Record<string, unknown> | undefined;
  let modelDir = dir;
  try {
    const extracted = await extractArchive(path, dir, { shown });
    manifest = (extracted.manifest as Record<string, unknown> | null | undefined) ?? undefined;
    if (info.isDirectory() && !manifest) modelDir = modelDirOf(dir);
  } catch (error) {
    cleanup();
    throw error;
  }
  try {
    return describe(modelDir, manifest ?? {}, path, shown, handlerOverride, cleanup);
  } catch (error) {
    cleanup();
    throw error;
  }
}

function describe(
  dir: string,
  manifest: Record<string, unknown>,
  path: string,
  shown: string,
  handlerOverride: string | undefined,
  cleanup: () => void,
): PreparedArchive {
  const model = (manifest.model ?? {}) as Record<string, unknown>;
  if (manifest.runtime === 'LSP') {
    throw new MctlError('ARCHIVE_RUNTIME', `${shown}: runtime LSP (TorchServe's C++ backend) cannot be run by mctl`, {
      exit: 'BAD_INPUT',
      hint: 'mctl runs python-runtime archives',
    });
  }
  const handler = handlerOverride ?? (typeof model.handler === 'string' ? model.handler : undefined);
  if (!handler) {
    throw new MctlError('ARCHIVE_NO_HANDLER', `${shown}: MAR-INF/MANIFEST.json names no model.handler`, {
      exit: 'BAD_INPUT',
      hint: 'rebuild the archive with a handler, or pass --handler module:function',
    });
  }
  // ts/model_loader.py: split at the first ':', drop '.py', keep the last '/' segment.
  const [modulePart, functionName] = handler.split(/:(.*)/s, 2) as [string, string | undefined];
  const moduleName = basename(modulePart.replace(/\.py$/, ''));
  const modelName =
    typeof model.modelName === 'string'
      ? model.modelName
      : basename(path)
          .replace(/\.(mar|tar\.gz|tgz)$/, '')
          .replace(/\W/g, '_');
  return {
    target: {
      mode: 'python',
      entry: join(dir, `${moduleName}.py`),
      modelDir: dir,
      modelDirGiven: true,
      flavor: 'mms',
      flavorReason: 'a model archive is served by TorchServe/MMS',
      handler,
      ...(functionName ? { handlerFunction: functionName } : {}),
      findings: [],
    },
    manifest,
    modelName,
    handler,
    shown,
    cleanup,
  };
}

/** TorchServe: a directory holding exactly one directory uses that one as the model dir (SageMaker layout). */
function modelDirOf(path: string): string {
  const entries = readdirSync(path, { withFileTypes: true });
  if (entries.length === 1 && entries[0]!.isDirectory() && entries[0]!.name !== 'MAR-INF')
    return join(path, entries[0]!.name);
  return path;
}
