import { basename, relative, resolve } from 'node:path';
import { loadConfig } from '../config/load.ts';
import { MctlError } from '../errors.ts';
import { refuseExisting, writeFileAtomic } from '../util/atomic-write.ts';
import { printable } from '../util/printable.ts';
import { refuseOutputOverInput } from '../util/output-over-input.ts';
import { runInputs } from './run-inputs.ts';
import { parseDevice, probeGpus, resolveDevice, type ResolvedDevice } from './device.ts';
import { compareOutputs } from './expect.ts';
import { readPayloads } from './inputs.ts';
import { secretLookingNames } from './child-env.ts';
import { createLogSink } from './log-sink.ts';
import type { PreparedArchive } from './mar.ts';
import { openTarget } from './open-target.ts';
import type { RunTarget } from './plan.ts';
import { readExpected, renderOutputs } from './outputs.ts';
import { resolvePython } from '../util/python-interpreter.ts';
import { sessionPlan } from './session-plan.ts';
import { runSession } from './session.ts';
import { summarise } from './timings.ts';
import type { RunOptions, RunReport } from './types.ts';

export type { RunOptions, RunReport };

export { renderOutputs };

/** `mctl run`: local inference for every mode; user code runs only in a child process. */
export async function runInference(options: RunOptions): Promise<RunReport> {
  const config = loadConfig({ cwd: options.cwd, ...(options.config ? { path: options.config } : {}) });
  const defaults = config?.run ?? {};
  const outputPath = options.output !== undefined ? resolve(options.cwd, options.output) : undefined;
  if (outputPath) refuseExisting(outputPath, options.force, options.output);
  const payloads = await readPayloads({
    input:
      options.input.length > 0 || options.inputs !== undefined || options.inputFile.length > 0
        ? options.input
        : (defaults.input ?? []),
    ...(options.inputs !== undefined
      ? { inputs: options.inputs }
      : options.input.length === 0 && options.inputFile.length === 0 && defaults.inputs
        ? { inputs: defaults.inputs }
        : {}),
    inputFile: options.inputFile,
    cwd: options.cwd,
    maxBytes: options.maxInputMb * 2 ** 20,
    readStdin: options.readStdin,
  });
  const tolerance = options.tolerance ?? defaults.tolerance;
  const expected = readExpected(
    {
      cwd: options.cwd,
      ...(options.expect !== undefined ? { expect: options.expect } : {}),
      ...(tolerance !== undefined ? { tolerance } : {}),
    },
    defaults.expect === undefined ? undefined : relative(options.cwd, defaults.expect) || defaults.expect,
    payloads.length,
  );

  let archive: PreparedArchive | undefined;
  try {
    const opened = await openTarget(options, config);
    archive = opened.archive;
    const target = opened.target;
    if (outputPath) {
      refuseOutputOverInput(outputPath, options.output!, runInputs(options, config, target), {
        command: 'the run',
        hint: 'write the outputs to a new file: --output results.json',
      });
    }
    if (target.mode !== 'onnx' && payloads.length === 0) {
      throw new MctlError('NO_INPUT', 'no input given', {
        exit: 'USAGE',
        hint:
          'pass --input sample.json, --inputs batch.jsonl or --input-file image.png ' +
          '(or set run.input in mctl.yaml)',
      });
    }
    const device = await chooseDevice(options.device ?? defaults.device ?? 'cpu', target, options.env);
    const python =
      target.mode === 'python'
        ? resolvePython({ ...(options.python ? { flag: options.python } : {}), env: options.env })
        : undefined;
    const log = createLogSink(options.log, { maxBytes: options.maxLogBytes });
    const plan = sessionPlan(target, { options, config, payloads, device, python, log, archive });
    for (const finding of 'findings' in target ? target.findings : []) {
      const where = `${finding.file}:${finding.line}:${finding.col}`;
      const rule = `${finding.ruleId}; the platform may refuse this script`;
      options.log(printable(`warning: ${where} ${finding.message} (${rule})\n`, true));
    }
    const reason = device.reason !== 'requested' ? ` (${device.reason})` : '';
    options.log(printable(`mctl run: ${describeTarget(target, archive)} on ${device.name}${reason}\n`, true));
    if (target.mode !== 'onnx') noteSecrets(plan.child.env, options);
    const session = await runSession(plan);
    const results = session.outputs.flatMap((o) => {
      const batch = plan.calls.find((c) => c.inputs === o.inputs)?.batch;
      const labels = o.inputs.map((i) => payloads[i]?.label ?? 'zeros');
      return batch
        ? labels.map((input, k) => ({ input, output: (o.value as unknown[])[k] }))
        : [{ input: labels[0]!, output: o.value }];
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
      timings: {
        startMs: round(session.startMs),
        initMs: round(session.initMs),
        warmup: options.warmup,
        repeat: options.repeat,
        wallMs: round(session.wallMs),
        ...summarise(session.timesMs),
      },
    };
    if (outputPath) {
      writeFileAtomic(outputPath, renderOutputs(results), { force: options.force, shown: options.output! });
      report.output = options.output!;
    }
    if (expected) {
      const actual = results.length === 1 ? results[0]!.output : results.map((r) => r.output);
      const differences = compareOutputs(actual, expected.value, expected.tolerance);
      report.expect = {
        file: expected.file,
        tolerance: expected.tolerance,
        passed: differences.length === 0,
        differences,
      };
    }
    return report;
  } finally {
    archive?.cleanup();
  }
}

export async function chooseDevice(value: string, target: RunTarget, env: NodeJS.ProcessEnv): Promise<ResolvedDevice> {
  const request = parseDevice(value);
  const gpus = probeGpus(env);
  if (target.mode === 'python') return resolveDevice(request, value, { runtime: 'python', gpus });
  if (request.kind === 'cpu') return resolveDevice(request, value, { runtime: 'onnxruntime', gpus });
  const { cudaProviderStatus, CUDA_INSTALL_HINT } = await import('./onnx.ts');
  const status = cudaProviderStatus();
  return resolveDevice(request, value, {
    runtime: 'onnxruntime',
    gpus,
    cudaProvider: { installed: status.installed, libraryDir: status.libraryDir, hint: CUDA_INSTALL_HINT },
  });
}

export function describeTarget(target: RunTarget, archive: PreparedArchive | undefined): string {
  if (archive) return `${archive.shown} (handler ${archive.handler}, TorchServe worker layout)`;
  if (target.mode === 'onnx') return `${basename(target.model)} (ONNX model, no script)`;
  if (target.mode === 'native') return `${basename(target.entry)} (native)`;
  return `${basename(target.entry)} as ${target.flavor} (${target.flavorReason})`;
}

/** User code sees the environment it is given: say which secret-looking names are in it. */
function noteSecrets(env: NodeJS.ProcessEnv, options: RunOptions): void {
  const names = secretLookingNames(env);
  if (names.length === 0) return;
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  const fix =
    options.envClear || options.envKeep?.length
      ? 'they were kept with --env-keep'
      : 'pass --env-clear (and --env-keep NAME for what it needs) to leave them out';
  const count = `${names.length} secret-looking environment variable${names.length === 1 ? '' : 's'}`;
  options.log(`note: the script gets ${count} (${shown}); ${fix}\n`);
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
