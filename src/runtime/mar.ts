import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

const LIMITS = { maxFiles: 100_000, maxTotalBytes: 16 * 2 ** 30 };

export async function prepareArchive(path: string, shown: string, handlerOverride?: string): Promise<PreparedArchive> {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    throw new MctlError('ARCHIVE_NOT_FOUND', `${shown}: ${errnoCode(error) === 'ENOENT' ? 'no such file or directory' : `cannot read (${errnoCode(error)})`}`, { exit: 'BAD_INPUT', hint: 'give a .mar file, a .tar.gz, or a directory with MAR-INF/MANIFEST.json' });
  }
  let dir: string;
  let cleanup = () => undefined as void;
  let manifest: Record<string, unknown> | undefined;
  if (info.isDirectory()) {
    dir = modelDirOf(path);
    manifest = readManifest(dir, shown);
  } else {
    dir = mkdtempSync(join(tmpdir(), 'mctl-run-'));
    const remove = () => rmSync(dir, { recursive: true, force: true });
    const unregister = onInterrupt(remove);
    cleanup = () => {
      unregister();
      remove();
    };
    try {
      const extracted = await extractArchive(path, dir, { limits: LIMITS });
      manifest = (extracted.manifest as Record<string, unknown> | null | undefined) ?? undefined;
    } catch (error) {
      cleanup();
      throw error;
    }
  }
  try {
    return describe(dir, manifest ?? {}, path, shown, handlerOverride, cleanup);
  } catch (error) {
    cleanup();
    throw error;
  }
}

function describe(dir: string, manifest: Record<string, unknown>, path: string, shown: string, handlerOverride: string | undefined, cleanup: () => void): PreparedArchive {
  const model = (manifest.model ?? {}) as Record<string, unknown>;
  if (manifest.runtime === 'LSP') {
    throw new MctlError('ARCHIVE_RUNTIME', `${shown}: runtime LSP (TorchServe's C++ backend) cannot be run by mctl`, { exit: 'BAD_INPUT', hint: 'mctl runs python-runtime archives' });
  }
  const handler = handlerOverride ?? (typeof model.handler === 'string' ? model.handler : undefined);
  if (!handler) {
    throw new MctlError('ARCHIVE_NO_HANDLER', `${shown}: MAR-INF/MANIFEST.json names no model.handler`, { exit: 'BAD_INPUT', hint: 'rebuild the archive with a handler, or pass --handler module:function' });
  }
  // ts/model_loader.py: split at the first ':', drop '.py', keep the last '/' segment.
  const [modulePart, functionName] = handler.split(/:(.*)/s, 2) as [string, string | undefined];
  const moduleName = basename(modulePart.replace(/\.py$/, ''));
  const modelName = typeof model.modelName === 'string' ? model.modelName : basename(path).replace(/\.(mar|tar\.gz|tgz)$/, '').replace(/\W/g, '_');
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

/** TorchServe: a directory holding exactly one directory is the model dir's parent (SageMaker layout). */
function modelDirOf(path: string): string {
  const entries = readdirSync(path, { withFileTypes: true });
  if (entries.length === 1 && entries[0]!.isDirectory() && entries[0]!.name !== 'MAR-INF') return join(path, entries[0]!.name);
  return path;
}

function readManifest(dir: string, shown: string): Record<string, unknown> | undefined {
  const file = join(dir, 'MAR-INF', 'MANIFEST.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new MctlError('MANIFEST_INVALID', `${shown}: MAR-INF/MANIFEST.json is not valid JSON: ${(error as Error).message}`, { exit: 'BAD_INPUT', hint: 'TorchServe refuses it too ("Failed to parse signature.json.")' });
  }
}
