import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { MctlError, errnoCode } from '../errors.ts';
import { parseHandler } from '../flavors/handler.ts';
import { FLAVOR_IDS, requireFlavor, type FlavorId } from '../flavors/index.ts';
import { DEFAULT_PYTHON } from '../source/python/version.ts';
import { checkFile } from '../validate/check-file.ts';
import type { Finding } from '../validate/finding.ts';
import { isFile } from '../util/paths.ts';

/** What `mctl run` will run, worked out from flags, mctl.yaml and the script itself. */
export type RunTarget =
  | { mode: 'onnx'; model: string; modelDir: string }
  | { mode: 'native'; entry: string; modelDir: string; flavor: 'native'; flavorReason: string; findings: Finding[] }
  | {
      mode: 'python';
      entry: string;
      modelDir: string;
      /** Whether the model dir was given (--model-dir or model_dir); Cortex passes None otherwise. */
      modelDirGiven: boolean;
      flavor: Exclude<FlavorId, 'native'>;
      flavorReason: string;
      handler?: string;
      handlerFunction?: string;
      findings: Finding[];
    };

export interface TargetFlags {
  entry?: string;
  handler?: string;
  flavor?: string;
  model?: string;
  modelDir?: string;
}

const SCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

export function planTarget(flags: TargetFlags, config: ProjectConfig | null, cwd: string): RunTarget {
  const explicit = flags.entry !== undefined || flags.handler !== undefined || flags.model !== undefined;
  const base = config?.dir ?? cwd;
  const modelDirFlag = flags.modelDir !== undefined ? resolve(cwd, flags.modelDir) : config?.modelDir;
  const flavorFlag = flags.flavor === undefined ? undefined : requireFlavor(flags.flavor);

  if (flags.model !== undefined || (!explicit && !config?.entry && !config?.handler)) {
    const model = flags.model !== undefined ? resolve(cwd, flags.model) : config?.run.model;
    if (model !== undefined || modelDirFlag !== undefined) return planOnnx(model, modelDirFlag, flags.model ?? flags.modelDir ?? 'mctl.yaml');
    throw new MctlError('NOTHING_TO_RUN', 'nothing to run', {
      exit: 'USAGE',
      hint: 'pass --entry score.py, --handler module:function, --model model.onnx, --model-dir DIR (with one .onnx file) or --archive model.mar, or run inside a project whose mctl.yaml sets entry or handler',
    });
  }

  const handlerText = flags.handler ?? (flags.entry === undefined ? config?.handler : undefined);
  const entryText = flags.entry ?? (flags.handler === undefined && handlerText === undefined ? config?.entry : undefined);
  if (handlerText !== undefined && flags.entry === undefined) {
    const fromFlag = flags.handler !== undefined;
    const parsed = parseHandler(handlerText);
    if ('error' in parsed) throw new MctlError('HANDLER_INVALID', `${fromFlag ? '--handler' : 'mctl.yaml handler'}: ${parsed.error}`, { exit: fromFlag ? 'USAGE' : 'BAD_INPUT', hint: parsed.hint });
    const root = fromFlag ? cwd : base;
    const candidates = [resolve(root, parsed.modulePath), ...(modelDirFlag ? [resolve(modelDirFlag, parsed.modulePath)] : [])];
    const entry = candidates.find(isFile);
    if (!entry) {
      throw new MctlError('ENTRY_NOT_FOUND', `${fromFlag ? '--handler' : 'mctl.yaml handler'} ${handlerText}: ${parsed.modulePath} not found`, { exit: 'BAD_INPUT', hint: 'run from the directory holding the handler module, or give its path: --handler path/to/handler.py:handle' });
    }
    const flavor = flavorFlag ?? config?.flavor ?? 'mms';
    if (flavor === 'native') throw new MctlError('FLAVOR_MISMATCH', '--handler names a Python module, but the flavor is native', { exit: 'USAGE', hint: 'use --entry score.ts for native entries' });
    const findings = staticFindings(entry, cwd, flavor, parsed.functionName);
    return {
      mode: 'python',
      entry,
      modelDir: modelDirFlag ?? dirname(entry),
      modelDirGiven: modelDirFlag !== undefined,
      flavor,
      flavorReason: flavorFlag ? '--flavor' : config?.flavor ? 'mctl.yaml' : 'a handler string is TorchServe/MMS',
      handler: handlerText,
      ...(parsed.functionName ? { handlerFunction: parsed.functionName } : {}),
      findings: findings.findings,
    };
  }

  const entry = flags.entry !== undefined ? resolve(cwd, flags.entry) : entryText!;
  if (!isFile(entry)) {
    throw new MctlError('ENTRY_NOT_FOUND', `${flags.entry ?? entry}: no such file`, { exit: 'BAD_INPUT', hint: 'check the path; it is resolved against the current directory', details: { entry: flags.entry ?? entry } });
  }
  const fromConfig = flags.entry === undefined;
  const presetFlavor = flavorFlag ?? (fromConfig || config?.entry === entry ? config?.flavor : undefined);
  const modelDir = modelDirFlag ?? dirname(entry);
  if (SCRIPT_EXTENSIONS.has(extname(entry))) {
    if (presetFlavor !== undefined && presetFlavor !== 'native') {
      throw new MctlError('FLAVOR_MISMATCH', `${basename(entry)} is TypeScript/JavaScript, but the flavor is ${presetFlavor}`, { exit: 'USAGE', hint: 'TS/JS entries are the native flavor; Python flavors need a .py entry' });
    }
    const checked = staticFindings(entry, cwd, 'native');
    return { mode: 'native', entry, modelDir, flavor: 'native', flavorReason: presetFlavor ? 'given' : 'a TypeScript/JavaScript entry', findings: checked.findings };
  }
  if (extname(entry) !== '.py') {
    throw new MctlError('ENTRY_UNSUPPORTED', `${basename(entry)}: an entry must be a .py, .ts or .js file`, { exit: 'BAD_INPUT', hint: 'for an ONNX model without a script use --model model.onnx' });
  }
  if (presetFlavor === 'native') throw new MctlError('FLAVOR_MISMATCH', `${basename(entry)} is Python, but the flavor is native`, { exit: 'USAGE', hint: 'pass the Python flavor, or omit --flavor to detect it' });
  const checked = staticFindings(entry, cwd, presetFlavor);
  const flavor = presetFlavor ?? checked.flavor;
  if (!flavor || flavor === 'native') {
    const unknown = checked.findings.find((f) => f.ruleId === 'flavor-unknown' || f.ruleId === 'syntax-error');
    throw new MctlError('FLAVOR_UNKNOWN', `${basename(entry)}: ${unknown?.message ?? 'matches no known platform contract'}`, {
      exit: unknown?.ruleId === 'syntax-error' ? 'BAD_INPUT' : 'USAGE',
      hint: unknown?.ruleId === 'syntax-error' ? unknown.hint ?? 'fix the syntax error' : `pass --flavor (${FLAVOR_IDS.filter((f) => f !== 'native').join(', ')}) or set flavor: in mctl.yaml`,
      details: unknown ? { line: unknown.line, col: unknown.col } : undefined,
    });
  }
  return {
    mode: 'python',
    entry,
    modelDir,
    modelDirGiven: modelDirFlag !== undefined,
    flavor,
    flavorReason: flavorFlag ? '--flavor' : presetFlavor ? 'mctl.yaml' : `detected: ${checked.reasons.join('; ')}`,
    findings: checked.findings,
  };
}

function planOnnx(model: string | undefined, modelDir: string | undefined, shown: string): RunTarget {
  if (model !== undefined) {
    if (!isFile(model)) throw new MctlError('MODEL_NOT_FOUND', `${shown}: no such file`, { exit: 'BAD_INPUT', hint: 'give the path of a .onnx file' });
    return { mode: 'onnx', model, modelDir: modelDir ?? dirname(model) };
  }
  const dir = modelDir!;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.onnx')).sort();
  } catch (error) {
    throw new MctlError('MODEL_DIR_UNREADABLE', `${shown}: ${errnoCode(error) === 'ENOENT' ? 'no such directory' : `cannot read (${errnoCode(error) ?? String(error)})`}`, { exit: 'BAD_INPUT', hint: 'check the --model-dir path' });
  }
  if (names.length !== 1) {
    throw new MctlError(names.length === 0 ? 'NO_MODEL' : 'MODEL_AMBIGUOUS', `${shown} holds ${names.length === 0 ? 'no .onnx file' : `${names.length} .onnx files (${names.join(', ')})`} and no entry script was given`, {
      exit: 'USAGE',
      hint: names.length === 0 ? 'pass --entry score.py (or score.ts) to run a script, or --model model.onnx' : `choose one: --model ${resolve(dir, names[0]!)}`,
    });
  }
  return { mode: 'onnx', model: resolve(dir, names[0]!), modelDir: dir };
}

/** validate's own checks on the entry: they pick the flavor, and their errors become warnings. */
function staticFindings(entry: string, cwd: string, flavor: FlavorId | undefined, handlerFunction?: string) {
  const display = relativeOrAbsolute(cwd, entry);
  const report = checkFile(
    { path: entry, display, explicit: true, ...(flavor ? { flavor, flavorSource: 'flag' as const } : {}), ...(handlerFunction ? { handlerFunction } : {}) },
    readFileSync(entry),
    { target: DEFAULT_PYTHON, rules: {} },
  );
  return { flavor: report.flavor, reasons: report.reasons, findings: report.findings.filter((f) => f.severity === 'error' && f.ruleId !== 'flavor-unknown') };
}

function relativeOrAbsolute(cwd: string, path: string): string {
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}

