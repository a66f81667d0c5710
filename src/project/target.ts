import { dirname, extname, resolve } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { MctlError } from '../errors.ts';
import { parseHandler, type HandlerRef } from '../flavors/handler.ts';
import type { FlavorId } from '../flavors/types.ts';
import { displayPath } from '../util/paths.ts';
import { locateHandler, realFs, type TargetFs } from './locate-handler.ts';
import { resolvePythonTarget, type PythonTarget } from './python-target.ts';

/**
 * What a command acts on, worked out once for every command: flag > mctl.yaml > detected.
 * A flag's path is relative to the current directory, a mctl.yaml path to the file's own
 * directory; a handler string (`module:function`) means TorchServe/MMS unless a flavor is
 * given, and its module is looked for in the model directory first, as model-archiver does.
 * Pure apart from the file-existence checks of `fs`, so its precedence table is unit-tested.
 */

export type Origin = 'flag' | 'config';

export interface GivenPath {
  path: string;
  /** As the user wrote it or as mctl.yaml names it relative to the cwd, for messages. */
  shown: string;
  /** Where it came from, for messages: `--entry`, `mctl.yaml entry`. */
  from: string;
  origin: Origin;
}

export interface TargetFlags {
  entry?: string;
  handler?: string;
  flavor?: FlavorId;
  model?: string;
  modelDir?: string;
  pythonVersion?: string;
}

/** How the flavor was settled before looking into the script; absent means: detect it. */
export interface FlavorChoice {
  id: FlavorId;
  /** `handler`: only implied by a handler string, so a script that plainly fits another flavor wins. */
  source: 'flag' | 'config' | 'handler';
}

export type ResolvedTarget = TargetBase &
  (
    | { kind: 'entry'; entry: GivenPath & { language: 'python' | 'script' }; handler?: HandlerString }
    | { kind: 'builtin'; builtin: string; handler: HandlerString }
    | { kind: 'model'; model: GivenPath }
    | { kind: 'none' }
  );

export interface TargetBase {
  cwd: string;
  config: ProjectConfig | null;
  /** The directory of mctl.yaml, else the current directory. */
  projectRoot: string;
  modelDir?: GivenPath;
  flavor?: FlavorChoice;
  python: PythonTarget;
}

export interface HandlerString {
  text: string;
  ref: HandlerRef;
  from: string;
  origin: Origin;
}

export interface TargetRequest {
  cwd: string;
  config: ProjectConfig | null;
  flags: TargetFlags;
  /** Whether a bare `mctl run` may fall back to mctl.yaml run.model (only run and serve do). */
  configModel?: boolean;
  fs?: TargetFs;
}

const SCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

export function resolveTarget(request: TargetRequest): ResolvedTarget {
  const target = resolveWithoutEntryPin(request);
  // Without a flag or mctl.yaml pin, the environment file beside the entry (or in the model
  // directory) may pin the Python, as env check reads it.
  if (target.python.from !== 'default' || target.kind !== 'entry') return target;
  const dirs = [dirname(target.entry.path), ...(target.modelDir ? [target.modelDir.path] : [])];
  const { cwd, config, flags } = request;
  return { ...target, python: resolvePythonTarget(flags.pythonVersion, config, cwd, request.fs ?? realFs, dirs) };
}

function resolveWithoutEntryPin(request: TargetRequest): ResolvedTarget {
  const { cwd, config, flags } = request;
  const fs = request.fs ?? realFs;
  if (flags.entry !== undefined && flags.handler !== undefined) {
    throw new MctlError('TARGET_CONFLICT', '--entry and --handler both name the entry script', {
      exit: 'USAGE',
      hint: 'give one: --entry score.py, or --handler module:function for TorchServe/MMS',
    });
  }
  const modelDir =
    flags.modelDir !== undefined
      ? given(resolve(cwd, flags.modelDir), flags.modelDir, '--model-dir', 'flag')
      : config?.modelDir !== undefined
        ? fromConfig(config, config.modelDir, 'model_dir', cwd)
        : undefined;
  const base: TargetBase = {
    cwd,
    config,
    projectRoot: config?.dir ?? cwd,
    ...(modelDir ? { modelDir } : {}),
    python: resolvePythonTarget(flags.pythonVersion, config, cwd, fs),
  };
  const withFlavor = (flavor: FlavorChoice | undefined) => (flavor ? { ...base, flavor } : base);
  const flagFlavor: FlavorChoice | undefined = flags.flavor ? { id: flags.flavor, source: 'flag' } : undefined;
  const configFlavor: FlavorChoice | undefined = config?.flavor ? { id: config.flavor, source: 'config' } : undefined;

  if (flags.entry !== undefined) {
    const entry = scriptEntry(given(resolve(cwd, flags.entry), flags.entry, '--entry', 'flag'), fs);
    return checked({
      ...withFlavor(flagFlavor ?? (isProjectEntry(config, entry.path) ? configFlavor : undefined)),
      kind: 'entry',
      entry,
    });
  }
  if (flags.handler !== undefined) {
    const target = fromHandler(base, flags.handler, '--handler', 'flag', cwd, flagFlavor, fs);
    // mctl.yaml's flavor describes the project's own entry, not any script a flag names.
    if (!flagFlavor && configFlavor && target.kind === 'entry' && isProjectEntry(config, target.entry.path))
      return checked({ ...target, flavor: configFlavor });
    return target;
  }
  if (flags.model !== undefined) {
    return {
      ...withFlavor(flagFlavor),
      kind: 'model',
      model: given(resolve(cwd, flags.model), flags.model, '--model', 'flag'),
    };
  }
  if (config?.handler !== undefined) {
    const flavor = flagFlavor ?? configFlavor;
    return fromHandler(base, config.handler, 'mctl.yaml handler', 'config', config.dir, flavor, fs, config.handlerRef);
  }
  if (config?.entry !== undefined) {
    const entry = scriptEntry(fromConfig(config, config.entry, 'entry', cwd), fs);
    return checked({ ...withFlavor(flagFlavor ?? configFlavor), kind: 'entry', entry });
  }
  if (request.configModel && config?.run.model !== undefined) {
    return { ...withFlavor(flagFlavor), kind: 'model', model: fromConfig(config, config.run.model, 'run.model', cwd) };
  }
  return { ...withFlavor(flagFlavor), kind: 'none' };
}

function fromHandler(
  base: TargetBase,
  text: string,
  from: string,
  origin: Origin,
  root: string,
  flavor: FlavorChoice | undefined,
  fs: TargetFs,
  // mctl.yaml's handler arrives parsed (config/load.ts checked it); a flag's is parsed here, once.
  ref?: HandlerRef,
): ResolvedTarget {
  // A TS/JS file is no module:function, but torch-model-archiver users name every entry with --handler.
  if (SCRIPT_EXTENSIONS.has(extname(text.trim()))) {
    const entry = scriptEntry(given(resolve(root, text.trim()), text.trim(), from, origin), fs);
    return checked({ ...base, ...(flavor ? { flavor } : {}), kind: 'entry', entry });
  }
  const parsed = ref ?? parseHandler(text);
  if ('error' in parsed) {
    throw new MctlError('HANDLER_INVALID', `${from}: ${parsed.error}`, {
      exit: origin === 'flag' ? 'USAGE' : 'BAD_INPUT',
      hint: parsed.hint,
      details: { handler: text },
    });
  }
  const handler: HandlerString = { text: parsed.raw, ref: parsed, from, origin };
  const located = locateHandler(parsed, { root, modelDir: base.modelDir?.path, from, cwd: base.cwd, fs });
  const choice = flavor ?? { id: 'mms' as const, source: 'handler' as const };
  if ('builtin' in located) return { ...base, flavor: choice, kind: 'builtin', builtin: located.builtin, handler };
  const entry = {
    ...given(located.path, displayPath(base.cwd, located.path), from, origin),
    language: 'python' as const,
  };
  return checked({ ...base, flavor: choice, kind: 'entry', entry, handler });
}

/** Whether a path is the entry mctl.yaml names (as entry:, or as the module of its handler:). */
function isProjectEntry(config: ProjectConfig | null, path: string): boolean {
  if (!config) return false;
  if (config.entry !== undefined) return resolve(config.entry) === path;
  const parsed = config.handlerRef;
  if (!parsed) return false;
  const dirs = [config.dir, ...(config.modelDir ? [config.modelDir] : [])];
  return dirs.some((dir) => resolve(dir, parsed.modulePath) === path);
}

function scriptEntry(entry: GivenPath, fs: TargetFs): GivenPath & { language: 'python' | 'script' } {
  if (!fs.isFile(entry.path)) {
    const exists = fs.exists(entry.path);
    throw new MctlError(
      exists ? 'ENTRY_NOT_FILE' : 'ENTRY_NOT_FOUND',
      `${entry.from} ${entry.shown}: ${exists ? `is ${fs.kind(entry.path)}, not an entry script` : 'no such file'}`,
      {
        exit: 'BAD_INPUT',
        hint:
          entry.origin === 'flag'
            ? 'check the path; it is resolved against the current directory'
            : 'paths in mctl.yaml are relative to the file',
        details: { path: entry.shown },
      },
    );
  }
  const ext = extname(entry.path);
  if (ext === '.py') return { ...entry, language: 'python' };
  if (SCRIPT_EXTENSIONS.has(ext)) return { ...entry, language: 'script' };
  throw new MctlError('ENTRY_UNSUPPORTED', `${entry.from} ${entry.shown}: an entry script is a .py, .ts or .js file`, {
    exit: 'BAD_INPUT',
    hint: 'for an ONNX model without a script use --model model.onnx',
    details: { path: entry.shown },
  });
}

/** A flavor that cannot run the entry's language is a usage error, whatever else is right. */
function checked<T extends ResolvedTarget>(target: T): T {
  if (target.kind !== 'entry' || !target.flavor) return target;
  const native = target.flavor.id === 'native';
  const script = target.entry.language === 'script';
  if (native === script) return target;
  const what = script ? 'TypeScript/JavaScript' : 'Python';
  const source =
    target.flavor.source === 'flag'
      ? '--flavor'
      : target.flavor.source === 'config'
        ? 'mctl.yaml flavor'
        : 'the handler string';
  throw new MctlError('FLAVOR_MISMATCH', `${target.entry.shown} is ${what}, but ${source} says ${target.flavor.id}`, {
    exit: target.flavor.source === 'flag' ? 'USAGE' : 'BAD_INPUT',
    hint: script
      ? 'TS/JS entries are the native flavor; Python flavors need a .py entry'
      : 'pass the Python flavor, or leave --flavor out to detect it',
    details: { path: target.entry.shown, flavor: target.flavor.id },
  });
}

function given(path: string, shown: string, from: string, origin: Origin): GivenPath {
  return { path, shown, from, origin };
}

function fromConfig(config: ProjectConfig, path: string, key: string, cwd: string): GivenPath {
  return given(path, displayPath(cwd, path), `mctl.yaml ${key}`, 'config');
}
