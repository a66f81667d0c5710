import { basename, dirname } from 'node:path';
import { entryProject, type ProjectConfig } from '../config/load.ts';
import { FLAVORS } from '../flavors/index.ts';
import type { Hosting, PythonFlavor } from '../flavors/types.ts';
import { childEnv } from './child-env.ts';
import type { ResolvedDevice } from './device.ts';
import { nodeChild, pythonChild, servingHostEnv } from './hosts.ts';
import type { RunOptions } from './types.ts';
import type { Payload } from './inputs.ts';
import type { LogSink } from './log-sink.ts';
import type { PreparedArchive } from './mar.ts';
import type { RunTarget } from './plan.ts';
import type { Interpreter } from '../util/python-interpreter.ts';
import type { SessionPlan } from './session.ts';

const DEFAULT_INIT_TIMEOUT_S = 300;
const DEFAULT_TIMEOUT_S = 40;

/** What the session runs: the child's command line, the load message, the calls, the limits. */
export interface PlanContext {
  options: RunOptions;
  config: ProjectConfig | null;
  payloads: Payload[];
  device: ResolvedDevice;
  python: Interpreter | undefined;
  log: LogSink;
  archive: PreparedArchive | undefined;
}

export function sessionPlan(target: RunTarget, ctx: PlanContext): SessionPlan {
  const { options, payloads, device } = ctx;
  const maxReply = options.maxOutputMb * 2 ** 20;
  const baseEnv = childEnv(options.env, { clear: options.envClear === true, keep: options.envKeep ?? [] });
  const timing = {
    warmup: options.warmup,
    repeat: options.repeat,
    initTimeoutMs: (options.initTimeout ?? ctx.config?.run.initTimeout ?? DEFAULT_INIT_TIMEOUT_S) * 1000,
    callTimeoutMs: (options.timeout ?? ctx.config?.run.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
    maxTextBytes: options.maxLogBytes,
  };
  const single = (payloads.length === 0 ? [0] : payloads.map((_, i) => i)).map((i) => ({ inputs: [i], batch: false }));
  if (target.mode === 'onnx' || target.mode === 'native') {
    return {
      child: nodeChild(baseEnv, target.modelDir, ctx.log, maxReply),
      load:
        target.mode === 'onnx'
          ? { kind: 'onnx', model: target.model, device: device.name }
          : { kind: 'native', entry: target.entry, modelDir: target.modelDir, device: device.name },
      payloads,
      calls: single,
      ...timing,
      entryName: basename(target.mode === 'onnx' ? target.model : target.entry),
    };
  }
  const flavorDef = FLAVORS[target.flavor] as PythonFlavor;
  const hosting = flavorDef.hosting;
  const { env, cuda } = pythonDeviceEnv(device, hosting, options.env);
  const entryDir = dirname(target.entry);
  const isMms = target.flavor === 'mms';
  const layout =
    hosting.layout === 'model-dir'
      ? { cwd: target.modelDir, sysPathFront: unique([entryDir, target.modelDir]), sysPathBack: [] as string[] }
      : hosting.layout === 'entry-dir-back'
        ? { cwd: entryDir, sysPathFront: [] as string[], sysPathBack: [entryDir] }
        : { cwd: entryDir, sysPathFront: [entryDir], sysPathBack: [] as string[] };
  const batchAll = isMms && options.inputs !== undefined && payloads.length > 1;
  // An archive's entry gets the configuration recorded in it (MAR-INF/mctl.json), through the shim.
  const setup = ctx.archive ? undefined : flavorDef.platformSetup?.(target.entry, entryProject(ctx.config));
  const config = setup?.config;
  const hostEnv = ctx.archive ? servingHostEnv(options.env) : (setup?.env ?? {});
  return {
    child: pythonChild(ctx.python!.path, { ...baseEnv, ...env, ...hostEnv }, layout.cwd, ctx.log, maxReply),
    flavor: target.flavor,
    load: {
      flavor: target.flavor,
      entry: target.entry,
      modelDir: target.modelDir,
      modelDirGiven: target.modelDirGiven,
      device: device.name,
      torchDevice: cuda,
      gpuId: hosting.gpu === 'gpu-id' && device.name.startsWith('cuda:') ? Number(device.name.slice(5)) : null,
      ...(target.handlerFunction ? { handlerFunction: target.handlerFunction } : {}),
      ...(target.callPlan ? { callPlan: target.callPlan } : {}),
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
 * How the device reaches Python code (the flavor's hosting.gpu): TorchServe/MMS pass gpu_id and
 * leave the GPUs visible; the other platforms run a container that sees only its GPU
 * (CUDA_VISIBLE_DEVICES). On the CPU no GPU is visible at all, as in a CPU deployment.
 */
function pythonDeviceEnv(
  device: ResolvedDevice,
  hosting: Hosting,
  env: NodeJS.ProcessEnv,
): { env: Record<string, string>; cuda: string | null } {
  if (!device.name.startsWith('cuda:')) return { env: { CUDA_VISIBLE_DEVICES: '' }, cuda: null };
  const index = Number(device.name.slice(5));
  if (hosting.gpu === 'gpu-id') return { env: {}, cuda: device.name };
  const visible = env.CUDA_VISIBLE_DEVICES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const physical = visible && visible.length > index ? visible[index]! : String(index);
  return { env: { CUDA_VISIBLE_DEVICES: physical }, cuda: 'cuda:0' };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
