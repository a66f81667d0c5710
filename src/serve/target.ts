import { basename, dirname, resolve } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { FLAVORS, type FlavorId } from '../flavors/index.ts';
import type { ServeContract } from '../flavors/types.ts';
import { chooseDevice, describeTarget, type RunOptions } from '../runtime/index.ts';
import { createLogSink } from '../runtime/log-sink.ts';
import { openTarget } from '../runtime/open-target.ts';
import type { RunTarget, TargetFlags } from '../runtime/plan.ts';
import { resolvePython } from '../util/python-interpreter.ts';
import type { ResolvedDevice } from '../runtime/device.ts';
import type { SessionPlan } from '../runtime/session.ts';
import { sessionPlan } from '../runtime/session-plan.ts';
import type { Finding } from '../findings/finding.ts';
import { readModelConfig, type ModelConfig } from './model-config.ts';
import { watchedFiles } from './watch-files.ts';

/** What `mctl serve` serves, worked out exactly as `mctl run` works out what it runs. */
export interface ServeTarget {
  contract: ServeContract;
  flavor: FlavorId | null;
  /** For people: "score.py as azureml (detected: …) on cpu". */
  title: string;
  /** What is served, as shown: `model.mar`, `score.py`, `model.onnx`. */
  source: string;
  entryDir?: string;
  modelName: string;
  modelVersion: string;
  modelConfig?: ModelConfig;
  /** validate's errors on the entry (serving goes on; the platform may refuse the script). */
  findings: Finding[];
  /** The entry and the local modules it imports (or the archive, or the model). */
  watch: string[];
  device: ResolvedDevice;
  /** The worker's session plan (the child, its load message); calls come from the server. */
  plan(limits: { timeoutMs: number; initTimeoutMs: number; batchSize: number }): SessionPlan;
  cleanup(): void;
}

export interface ServeTargetOptions extends TargetFlags {
  cwd: string;
  env: NodeJS.ProcessEnv;
  archive?: string;
  device?: string;
  python?: string;
  modelName?: string;
  envClear?: boolean;
  envKeep?: string[];
  log: (text: string) => void;
}

/** Resolves the target through planTarget/prepareArchive (resolveTarget underneath), never a second time by hand. */
export async function resolveServeTarget(
  options: ServeTargetOptions,
  config: ProjectConfig | null,
): Promise<ServeTarget> {
  const { target, archive } = await openTarget(options, config);
  try {
    const device = await chooseDevice(options.device ?? config?.run.device ?? 'cpu', target, options.env);
    const python =
      target.mode === 'python'
        ? resolvePython({ ...(options.python ? { flag: options.python } : {}), env: options.env })
        : undefined;
    const manifestModel = (archive?.manifest.model ?? {}) as { modelVersion?: unknown };
    const modelName =
      options.modelName ?? config?.serve?.modelName ?? archive?.modelName ?? config?.name ?? defaultName(target);
    const flavor = target.mode === 'onnx' ? null : archive ? 'mms' : target.flavor;
    const modelConfig = archive ? readModelConfig(archive.target.modelDir, archive.manifest, archive.shown) : undefined;
    return {
      contract: FLAVORS[flavor ?? 'native'].serve,
      flavor,
      title:
        `${describeTarget(target, archive)} on ${device.name}` +
        (device.reason !== 'requested' ? ` (${device.reason})` : ''),
      source: archive ? archive.shown : basename(target.mode === 'onnx' ? target.model : target.entry),
      ...(target.mode !== 'onnx' ? { entryDir: dirname(target.entry) } : {}),
      modelName,
      modelVersion:
        typeof manifestModel.modelVersion === 'string' ? manifestModel.modelVersion : (config?.version ?? '1.0'),
      ...(modelConfig ? { modelConfig } : {}),
      findings: 'findings' in target ? target.findings : [],
      watch:
        options.archive !== undefined
          ? [resolve(options.cwd, options.archive)]
          : await watchedFiles(target, options.cwd, config),
      device,
      plan(limits) {
        const runOptions: RunOptions = {
          cwd: options.cwd,
          env: options.env,
          input: [],
          inputFile: [],
          force: false,
          repeat: 1,
          warmup: 0,
          initTimeout: limits.initTimeoutMs / 1000,
          timeout: limits.timeoutMs / 1000,
          maxInputMb: 64,
          maxOutputMb: 256,
          // Of a script's own words in an error (message, traceback), at most this much is shown.
          maxLogBytes: 1_000_000,
          ...(options.envClear || options.envKeep ? { envClear: true, envKeep: options.envKeep ?? [] } : {}),
          log: options.log,
          readStdin: async () => Buffer.alloc(0),
          ...(options.python ? { python: options.python } : {}),
        };
        const log = createLogSink(options.log, { maxBytes: Number.MAX_SAFE_INTEGER });
        const plan = sessionPlan(target, { options: runOptions, config, payloads: [], device, python, log, archive });
        plan.load = { ...plan.load, serve: true, modelName, batchSize: limits.batchSize };
        return plan;
      },
      cleanup: () => archive?.cleanup(),
    };
  } catch (error) {
    archive?.cleanup();
    throw error;
  }
}

function defaultName(target: RunTarget): string {
  return basename(target.mode === 'onnx' ? target.model : target.entry).replace(/\.[^.]+$/, '');
}
