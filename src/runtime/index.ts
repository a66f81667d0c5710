import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { loadConfig, type ProjectConfig } from '../config/load.ts';
import { MctlError, errnoCode } from '../errors.ts';
import { refuseExisting, writeFileAtomic } from '../util/atomic-write.ts';
import type { Finding } from '../validate/finding.ts';
import { readCortexConfig } from './cortex-config.ts';
import { parseDevice, probeGpus, resolveDevice, type ResolvedDevice } from './device.ts';
import { compareOutputs, type Difference } from './expect.ts';
import { nodeChild, pythonChild } from './hosts.ts';
import { readPayloads, type Payload } from './inputs.ts';
import { createLogSink } from './log-sink.ts';
import { prepareArchive, type PreparedArchive } from './mar.ts';
import { planTarget, type RunTarget } from './plan.ts';
import { resolvePython, type Interpreter } from './python-interpreter.ts';
import { runSession, type SessionPlan } from './session.ts';
import { summarise, type CallStats } from './timings.ts';

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config?: string;
  entry?: string;
  handler?: string;
  flavor?: string;
  model?: string;
  modelDir?: string;
  archive?: string;
  input: string[];
  inputs?: string;
  inputFile: string[];
  output?: string;
  force: boolean;
  expect?: string;
  tolerance?: number;
  repeat: number;
  warmup: number;
  device?: string;
  initTimeout?: number;
  timeout?: number;
  python?: string;
  maxInputMb: number;
  maxOutputMb: number;
  maxLogBytes: number;
  /** Where logs and notes go (stderr). */
  log: (text: string) => void;
  readStdin: () => Buffer;
}

export interface RunReport {
  mode: 'onnx' | 'native' | 'python' | 'archive';
  flavor: string | null;
  flavorReason?: string;
  entry?: string;
  handler?: string;
  model?: string;
  modelDir: string;
  archive?: string;
  device: ResolvedDevice;
  python?: Interpreter;
  convention: string;
  standins: string[];
  warnings: string[];
  /** validate's errors on the entry (the run goes on; the platform may still refuse it). */
  findings: Finding[];
  results: { input: string; output: unknown }[];
  /** startMs: process start; initMs: import + init (model load); per-call stats; wallMs: all calls end to end, as mctl saw them. */
  timings: { startMs: number; initMs: number; warmup: number; repeat: number; wallMs: number } & CallStats;
  output?: string;
  expect?: { file: string; tolerance: number; passed: boolean; differences: Difference[] };
}

const DEFAULT_INIT_TIMEOUT_S = 300;
const DEFAULT_TIMEOUT_S = 40;
const DEFAULT_TOLERANCE = 1e-5;

/** `mctl run`: local inference for every mode; user code runs only in a child process. */
export async function runInference(options: RunOptions): Promise<RunReport> {
  const config = loadConfig({ cwd: options.cwd, ...(options.config ? { path: options.config } : {}) });
  const defaults = config?.run ?? {};
  const outputPath = options.output !== undefined ? resolve(options.cwd, options.output) : undefined;
  if (outputPath) refuseExisting(outputPath, options.force, options.output);
  const payloads = readPayloads({
    input: options.input.length > 0 || options.inputs !== undefined || options.inputFile.length > 0 ? options.input : defaults.input ?? [],
    ...(options.inputs !== undefined ? { inputs: options.inputs } : options.input.length === 0 && options.inputFile.length === 0 && defaults.inputs ? { inputs: defaults.inputs } : {}),
    inputFile: options.inputFile,
    cwd: options.cwd,
    maxBytes: options.maxInputMb * 2 ** 20,
    readStdin: options.readStdin,
  });
  const expected = readExpected(options, defaults.expect, payloads.length);

  let archive: PreparedArchive | undefined;
  try {
    let target: RunTarget;
    if (options.archive !== undefined) {
      archive = await prepareArchive(resolve(options.cwd, options.archive), options.archive, options.handler);
      target = archive.target;
    } else {
      target = planTarget(options, config, options.cwd);
    }
    if (target.mode !== 'onnx' && target.mode !== 'native' && payloads.length === 0) {
      throw new MctlError('NO_INPUT', 'no input given', { exit: 'USAGE', hint: 'pass --input sample.json, --inputs batch.jsonl or --input-file image.png (or set run.input in mctl.yaml)' });
    }
    const device = await chooseDevice(options.device ?? defaults.device ?? 'cpu', target, options.env);
    const python = target.mode === 'python' ? resolvePython({ ...(options.python ? { flag: options.python } : {}), env: options.env }) : undefined;
    const log = createLogSink(options.log, { maxBytes: options.maxLogBytes });
    const plan = sessionPlan(target, { options, config, payloads, device, python, log, archive });
    for (const finding of 'findings' in target ? target.findings : []) {
      options.log(`warning: ${finding.file}:${finding.line}:${finding.col} ${finding.message} (${finding.ruleId}; the platform may refuse this script)\n`);
    }
    options.log(`mctl run: ${describeTarget(target, archive)} on ${device.name}${device.reason !== 'requested' ? ` (${device.reason})` : ''}\n`);
    const session = await runSession(plan);
    const results = session.outputs.flatMap((o) => {
      const batch = plan.calls.find((c) => c.inputs === o.inputs)?.batch;
      const labels = o.inputs.map((i) => payloads[i]?.label ?? 'zeros');
      return batch ? labels.map((input, k) => ({ input, output: (o.value as unknown[])[k] })) : [{ input: labels[0]!, output: o.value }];
    });
    const report: RunReport = {
      mode: archive ? 'archive' : target.mode,
      flavor: target.mode === 'onnx' ? null : target.flavor,
      ...('flavorReason' in target ? { flavorReason: target.flavorReason } : {}),
      ...('entry' in target ? { entry: target.entry } : {}),
      ...('handler' in target && target.handler ? { handler: target.handler } : {}),
      ...(target.mode === 'onnx' ? { model: target.model } : {}),
      modelDir: archive ? options.archive! : target.modelDir,
      ...(archive ? { archive: options.archive! } : {}),
      device,
      ...(python ? { python } : {}),
      convention: session.convention,
      standins: session.standins,
      warnings: session.warnings,
      findings: 'findings' in target ? target.findings : [],
      results,
      timings: { startMs: round(session.startMs), initMs: round(session.initMs), warmup: options.warmup, repeat: options.repeat, wallMs: round(session.wallMs), ...summarise(session.timesMs) },
    };
    if (outputPath) {
      writeFileAtomic(outputPath, renderOutputs(results), { force: options.force, shown: options.output! });
      report.output = options.output!;
    }
    if (expected) {
      const actual = results.length === 1 ? results[0]!.output : results.map((r) => r.output);
      const differences = compareOutputs(actual, expected.value, expected.tolerance);
      report.expect = { file: expected.file, tolerance: expected.tolerance, passed: differences.length === 0, differences };
    }
    return report;
  } finally {
    archive?.cleanup();
  }
}

interface PlanContext {
  options: RunOptions;
  config: ProjectConfig | null;
  payloads: Payload[];
  device: ResolvedDevice;
  python: Interpreter | undefined;
  log: ReturnType<typeof createLogSink>;
  archive: PreparedArchive | undefined;
}

function sessionPlan(target: RunTarget, ctx: PlanContext): SessionPlan {
  const { options, payloads, device } = ctx;
  const maxReply = options.maxOutputMb * 2 ** 20;
  const timing = {
    warmup: options.warmup,
    repeat: options.repeat,
    initTimeoutMs: (options.initTimeout ?? ctx.config?.run.initTimeout ?? DEFAULT_INIT_TIMEOUT_S) * 1000,
    callTimeoutMs: (options.timeout ?? ctx.config?.run.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
  };
  const single = (payloads.length === 0 ? [0] : payloads.map((_, i) => i)).map((i) => ({ inputs: [i], batch: false }));
  if (target.mode === 'onnx' || target.mode === 'native') {
    return {
      child: nodeChild(options.env, target.modelDir, ctx.log, maxReply),
      load: target.mode === 'onnx' ? { kind: 'onnx', model: target.model, device: device.name } : { kind: 'native', entry: target.entry, modelDir: target.modelDir, device: device.name },
      payloads,
      calls: single,
      ...timing,
      entryName: basename(target.mode === 'onnx' ? target.model : target.entry),
    };
  }
  const { env, cuda } = pythonDeviceEnv(device, target.flavor, options.env);
  const entryDir = dirname(target.entry);
  const isMms = target.flavor === 'mms';
  // TorchServe/MMS: cwd and import path at the model dir (handler dir first); the others
  // start in the script's directory, as their containers do.
  const layout = isMms
    ? { cwd: target.modelDir, sysPathFront: unique([entryDir, target.modelDir]), sysPathBack: [] as string[] }
    : target.flavor === 'azureml' || target.flavor === 'deepdev'
      ? { cwd: entryDir, sysPathFront: [] as string[], sysPathBack: [entryDir] }
      : { cwd: entryDir, sysPathFront: [entryDir], sysPathBack: [] as string[] };
  const batchAll = isMms && options.inputs !== undefined && payloads.length > 1;
  const config = ctx.config?.run.config ?? (target.flavor === 'cortex' ? readCortexConfig(target.entry) : undefined);
  return {
    child: pythonChild(ctx.python!.path, { ...options.env, ...env }, layout.cwd, ctx.log, maxReply),
    flavor: target.flavor,
    load: {
      flavor: target.flavor,
      entry: target.entry,
      modelDir: target.modelDir,
      modelDirGiven: target.modelDirGiven,
      device: device.name,
      torchDevice: cuda,
      gpuId: isMms && device.name.startsWith('cuda:') ? Number(device.name.slice(5)) : null,
      ...(target.handlerFunction ? { handlerFunction: target.handlerFunction } : {}),
      ...(ctx.archive ? { manifest: ctx.archive.manifest } : {}),
      ...(config ? { config } : {}),
      modelName: ctx.archive?.modelName ?? ctx.config?.name ?? basename(target.entry).replace(/\.py$/, ''),
      batchSize: batchAll ? payloads.length : 1,
      ...layout,
    },
    payloads,
    calls: batchAll ? [{ inputs: payloads.map((_, i) => i), batch: true }] : single,
    ...timing,
    entryName: basename(target.entry),
  };
}

/**
 * How the device reaches Python code: TorchServe/MMS pass gpu_id and leave the GPUs visible;
 * the other platforms run a container that sees only its GPU (CUDA_VISIBLE_DEVICES). On the
 * CPU no GPU is visible at all, as in a CPU deployment.
 */
function pythonDeviceEnv(device: ResolvedDevice, flavor: string, env: NodeJS.ProcessEnv): { env: Record<string, string>; cuda: string | null } {
  if (!device.name.startsWith('cuda:')) return { env: { CUDA_VISIBLE_DEVICES: '' }, cuda: null };
  const index = Number(device.name.slice(5));
  if (flavor === 'mms') return { env: {}, cuda: device.name };
  const visible = env.CUDA_VISIBLE_DEVICES?.split(',').map((s) => s.trim()).filter(Boolean);
  const physical = visible && visible.length > index ? visible[index]! : String(index);
  return { env: { CUDA_VISIBLE_DEVICES: physical }, cuda: 'cuda:0' };
}

async function chooseDevice(value: string, target: RunTarget, env: NodeJS.ProcessEnv): Promise<ResolvedDevice> {
  const request = parseDevice(value);
  const gpus = probeGpus(env);
  if (target.mode === 'python') return resolveDevice(request, value, { runtime: 'python', gpus });
  if (request.kind === 'cpu') return resolveDevice(request, value, { runtime: 'onnxruntime', gpus });
  const { cudaProviderStatus, CUDA_INSTALL_HINT } = await import('./onnx.ts');
  const status = cudaProviderStatus();
  return resolveDevice(request, value, { runtime: 'onnxruntime', gpus, cudaProvider: { installed: status.installed, libraryDir: status.libraryDir, hint: CUDA_INSTALL_HINT } });
}

function readExpected(options: RunOptions, fromConfig: string | undefined, count: number): { file: string; value: unknown; tolerance: number } | undefined {
  const shown = options.expect ?? fromConfig;
  if (shown === undefined) return undefined;
  const path = resolve(options.cwd, shown);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MctlError('EXPECT_NOT_FOUND', `--expect ${shown}: ${errnoCode(error) === 'ENOENT' ? 'no such file' : 'cannot read it'}`, { exit: 'BAD_INPUT', hint: 'write the golden output first, e.g. with --output golden.json' });
  }
  let value: unknown;
  try {
    value = parseJsonOrLines(text);
  } catch (error) {
    throw new MctlError('EXPECT_NOT_JSON', `--expect ${shown}: not valid JSON: ${(error as Error).message}`, { exit: 'BAD_INPUT', hint: 'the golden file is JSON (one input) or JSON Lines / a JSON array (several inputs)' });
  }
  if (count > 1 && !Array.isArray(value)) {
    throw new MctlError('EXPECT_SHAPE', `--expect ${shown}: ${count} inputs need a JSON array (or JSON Lines) of ${count} outputs`, { exit: 'BAD_INPUT', hint: 'write it with --output, which uses the same layout' });
  }
  return { file: shown, value, tolerance: options.tolerance ?? DEFAULT_TOLERANCE };
}

function parseJsonOrLines(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length < 2) throw error;
    return lines.map((l) => JSON.parse(l) as unknown);
  }
}

/** One input: its output as JSON; several: JSON Lines, one output per input (what --expect reads back). */
export function renderOutputs(results: { output: unknown }[]): string {
  if (results.length === 1) return `${JSON.stringify(results[0]!.output, null, 2)}\n`;
  return results.map((r) => `${JSON.stringify(r.output)}\n`).join('');
}

function describeTarget(target: RunTarget, archive: PreparedArchive | undefined): string {
  if (archive) return `${archive.shown} (handler ${archive.handler}, TorchServe worker layout)`;
  if (target.mode === 'onnx') return `${basename(target.model)} (ONNX model, no script)`;
  if (target.mode === 'native') return `${basename(target.entry)} (native)`;
  return `${basename(target.entry)} as ${target.flavor} (${target.flavorReason})`;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
