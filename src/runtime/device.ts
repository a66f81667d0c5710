import { existsSync, readdirSync } from 'node:fs';
import { MctlError } from '../errors.ts';

/**
 * --device: cpu, cuda, cuda:N or auto. A CUDA device that cannot be used is an exit 7 that
 * says why and how to fix it; mctl never falls back to the CPU on its own. `auto` picks
 * cuda:0 only when it would work, and says which it chose and why.
 */
export type DeviceRequest = { kind: 'cpu' } | { kind: 'cuda'; index: number } | { kind: 'auto' };

export interface ResolvedDevice {
  /** 'cpu' or 'cuda:N' */
  name: string;
  requested: string;
  /** Why this device, for `auto` (and for people). */
  reason: string;
}

export function parseDevice(value: string): DeviceRequest {
  const text = value.trim().toLowerCase();
  if (text === 'cpu') return { kind: 'cpu' };
  if (text === 'auto') return { kind: 'auto' };
  if (text === 'cuda') return { kind: 'cuda', index: 0 };
  const match = /^cuda:(\d+)$/.exec(text);
  if (match) return { kind: 'cuda', index: Number(match[1]) };
  // 'gpu' is refused, not taken as cuda: mctl.yaml's schema refuses it too, and the name says
  // nothing of the provider (mctl never picks one silently).
  const gpu = /^gpu(:\d+)?$/.exec(text);
  const hint = gpu
    ? `mctl names GPUs as onnxruntime and torch do: --device cuda${gpu[1] ?? ''}`
    : 'e.g. --device cuda:0';
  const message = `--device ${value}: expected cpu, cuda, cuda:N or auto`;
  throw new MctlError('DEVICE_INVALID', message, { exit: 'USAGE', hint, details: { device: value } });
}

export interface GpuProbe {
  /** NVIDIA GPUs the driver reports, after CUDA_VISIBLE_DEVICES. */
  count: number;
  how: string;
}

/** NVIDIA GPUs visible to this process, from the driver's /proc entries or device nodes. */
export function probeGpus(env: NodeJS.ProcessEnv): GpuProbe {
  let count = 0;
  let how = 'no NVIDIA driver found (/proc/driver/nvidia/gpus is absent)';
  try {
    count = readdirSync('/proc/driver/nvidia/gpus').length;
    how = `the NVIDIA driver reports ${count} GPU(s)`;
  } catch {
    for (let i = 0; i < 64 && existsSync(`/dev/nvidia${i}`); i++) count = i + 1;
    if (count > 0) how = `${count} /dev/nvidia* device(s)`;
  }
  const visible = env.CUDA_VISIBLE_DEVICES;
  if (visible !== undefined && count > 0) {
    const listed = visible
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== '-1');
    count = Math.min(count, listed.length);
    how += `, CUDA_VISIBLE_DEVICES=${JSON.stringify(visible)} leaves ${count}`;
  }
  return { count, how };
}

export interface DeviceSupport {
  /** What runs the model: onnxruntime-node (ONNX, native) or the user's Python framework. */
  runtime: 'onnxruntime' | 'python';
  /** For onnxruntime: whether the CUDA provider libraries are installed, and the fix. */
  cudaProvider?: { installed: boolean; libraryDir: string; hint: string };
  gpus: GpuProbe;
}

export function resolveDevice(request: DeviceRequest, requested: string, support: DeviceSupport): ResolvedDevice {
  if (request.kind === 'cpu') return { name: 'cpu', requested, reason: 'requested' };
  const problem = cudaProblem(request.kind === 'cuda' ? request.index : 0, support);
  if (request.kind === 'auto') {
    return problem
      ? { name: 'cpu', requested, reason: `auto chose the CPU: ${problem.message}` }
      : {
          name: 'cuda:0',
          requested,
          reason:
            `auto chose cuda:0: ${support.gpus.how}` +
            `${support.runtime === 'onnxruntime' ? ' and the CUDA provider is installed' : ''}`,
        };
  }
  if (problem) throw problem;
  return { name: `cuda:${request.index}`, requested, reason: 'requested' };
}

function cudaProblem(index: number, support: DeviceSupport): MctlError | undefined {
  const provider = support.cudaProvider;
  if (support.runtime === 'onnxruntime' && provider && !provider.installed) {
    return new MctlError(
      'CUDA_PROVIDER_MISSING',
      'the CUDA execution provider of onnxruntime-node is not installed ' +
        `(no CUDA libraries in ${provider.libraryDir}); mctl installs the CPU binaries only`,
      {
        exit: 'ENVIRONMENT',
        hint: provider.hint,
        details: { libraryDir: provider.libraryDir },
      },
    );
  }
  if (support.gpus.count === 0) {
    return new MctlError('NO_GPU', `no usable NVIDIA GPU: ${support.gpus.how}`, {
      exit: 'ENVIRONMENT',
      hint: 'run on a machine with an NVIDIA GPU and driver (nvidia-smi should list it), or use --device cpu',
    });
  }
  if (index >= support.gpus.count) {
    return new MctlError('NO_GPU', `cuda:${index} does not exist: ${support.gpus.how}`, {
      exit: 'ENVIRONMENT',
      hint: `use cuda:0${support.gpus.count > 1 ? ` to cuda:${support.gpus.count - 1}` : ''}, or --device cpu`,
    });
  }
  return undefined;
}
