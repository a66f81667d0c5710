import { readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { MctlError, errnoCode } from '../errors.ts';
import { FLAVOR_IDS, type FlavorId } from '../flavors/index.ts';
import type { CallPlan } from '../flavors/types.ts';
import { resolveTarget, type TargetFlags as ResolverFlags } from '../project/target.ts';
import type { FileReport } from '../validate/check-file.ts';
import { checkEntry } from '../validate/check-entry.ts';
import type { Finding } from '../findings/finding.ts';
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
      /** How the flavor will build and call the script (validate's reading, passed to the adapter). */
      callPlan?: CallPlan;
      findings: Finding[];
    };

/** The target flags `mctl run` (and serve) take: the resolver's, without --python-version. */
export type TargetFlags = Omit<ResolverFlags, 'pythonVersion'>;

export function planTarget(flags: TargetFlags, config: ProjectConfig | null, cwd: string): RunTarget {
  const target = resolveTarget({ cwd, config, flags, configModel: true });
  const modelDir = target.modelDir?.path;
  if (target.kind === 'model') return planOnnx(target.model.path, modelDir, target.model.shown);
  if (target.kind === 'none') {
    if (modelDir !== undefined) return planOnnx(undefined, modelDir, target.modelDir!.shown);
    throw new MctlError('NOTHING_TO_RUN', 'nothing to run', {
      exit: 'USAGE',
      hint:
        'pass --entry score.py, --handler module:function, --model model.onnx, ' +
        '--model-dir DIR (with one .onnx file) or --archive model.mar, ' +
        'or run inside a project whose mctl.yaml sets entry or handler',
    });
  }
  if (target.kind === 'builtin') {
    throw new MctlError(
      'BUILTIN_HANDLER',
      `${target.handler.from} ${target.builtin}: a TorchServe built-in handler has no source here to run`,
      {
        exit: 'USAGE',
        hint: 'archive it (mctl archive) and load the .mar in TorchServe, or run your own handler module',
      },
    );
  }
  const report = checkEntry(target, { rules: {} });
  const findings = report.findings.filter((f) => f.severity === 'error' && f.ruleId !== 'flavor-unknown');
  const entry = target.entry.path;
  const common = { entry, modelDir: modelDir ?? dirname(entry), findings };
  if (target.entry.language === 'script') {
    return {
      mode: 'native',
      ...common,
      flavor: 'native',
      flavorReason: target.flavor ? 'given' : 'a TypeScript/JavaScript entry',
    };
  }
  const flavor = report.flavor;
  if (!flavor || flavor === 'native') {
    const why = ['flavor-unknown', 'syntax-error', 'missing-callable'];
    const unknown = report.findings.find((f) => why.includes(f.ruleId));
    throw new MctlError(
      'FLAVOR_UNKNOWN',
      `${basename(entry)}: ${unknown?.message ?? 'matches no known platform contract'}`,
      {
        exit: unknown?.ruleId === 'syntax-error' ? 'BAD_INPUT' : 'USAGE',
        hint:
          unknown?.ruleId === 'syntax-error'
            ? (unknown.hint ?? 'fix the syntax error')
            : `pass --flavor (${FLAVOR_IDS.filter((f) => f !== 'native').join(', ')}) or set flavor: in mctl.yaml`,
        details: unknown ? { line: unknown.line, col: unknown.col } : undefined,
      },
    );
  }
  const handler = target.handler;
  return {
    mode: 'python',
    ...common,
    modelDirGiven: modelDir !== undefined,
    flavor,
    flavorReason: flavorReason(report.flavorSource, report.reasons),
    ...(handler ? { handler: handler.text } : {}),
    ...(handler?.ref.functionName ? { handlerFunction: handler.ref.functionName } : {}),
    ...(report.callPlan ? { callPlan: report.callPlan } : {}),
  };
}

function flavorReason(source: FileReport['flavorSource'], reasons: string[]): string {
  if (source === 'flag') return '--flavor';
  if (source === 'config') return 'mctl.yaml';
  if (source === 'handler') return 'a handler string is TorchServe/MMS';
  return `detected: ${reasons.join('; ')}`;
}

function planOnnx(model: string | undefined, modelDir: string | undefined, shown: string): RunTarget {
  if (model !== undefined) {
    if (!isFile(model))
      throw new MctlError('MODEL_NOT_FOUND', `${shown}: no such file`, {
        exit: 'BAD_INPUT',
        hint: 'give the path of a .onnx file',
      });
    return { mode: 'onnx', model, modelDir: modelDir ?? dirname(model) };
  }
  const dir = modelDir!;
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.onnx'))
      .sort();
  } catch (error) {
    throw new MctlError(
      'MODEL_DIR_UNREADABLE',
      `${shown}: ` +
        `${errnoCode(error) === 'ENOENT' ? 'no such directory' : `cannot read (${errnoCode(error) ?? String(error)})`}`,
      { exit: 'BAD_INPUT', hint: 'check the --model-dir path' },
    );
  }
  if (names.length !== 1) {
    throw new MctlError(
      names.length === 0 ? 'NO_MODEL' : 'MODEL_AMBIGUOUS',
      `${shown} holds ${names.length === 0 ? 'no .onnx file' : `${names.length} .onnx files (${names.join(', ')})`} ` +
        'and no entry script was given',
      {
        exit: 'USAGE',
        hint:
          names.length === 0
            ? 'pass --entry score.py (or score.ts) to run a script, or --model model.onnx'
            : `choose one: --model ${resolve(dir, names[0]!)}`,
      },
    );
  }
  return { mode: 'onnx', model: resolve(dir, names[0]!), modelDir: dir };
}
