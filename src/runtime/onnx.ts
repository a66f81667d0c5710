import { existsSync } from 'node:fs';
import { VERSION } from '../version.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { MctlError } from '../errors.ts';
import type { TensorSpec, TensorValue } from './onnx-feeds.ts';

/**
 * The only file that loads onnxruntime-node, on first use: other commands never pay for it.
 * mctl's copy is installed with the CPU binaries only; the CUDA execution provider is a
 * separate download (ONNXRUNTIME_NODE_INSTALL=cuda12), checked here before any session asks
 * for it, so `--device cuda` fails clearly instead of falling back to the CPU.
 */
const require = createRequire(import.meta.url);
let ort: typeof Ort | undefined;

export function loadOrt(): typeof Ort {
  if (!ort) {
    // Its Linux telemetry writes .ses and mat-debug-<pid>.log into the temp dir for every
    // session (mctl init --model included); mctl leaves nothing behind, so off unless set.
    process.env.ORT_DISABLE_TELEMETRY ??= '1';
    ort = require('onnxruntime-node') as typeof Ort;
  }
  return ort;
}

export const CUDA_INSTALL_HINT =
  `install the CUDA build: ONNXRUNTIME_NODE_INSTALL=cuda12 npm i -g ./mctl-${VERSION}.tgz ` +
  '(needs Linux x64, a CUDA 12 runtime and an NVIDIA driver), or run with --device cpu';

export interface CudaProviderStatus {
  installed: boolean;
  /** Where onnxruntime-node keeps its native libraries. */
  libraryDir: string;
  missing: string[];
}

/** Whether onnxruntime-node's CUDA provider libraries are installed (without loading them). */
export function cudaProviderStatus(): CudaProviderStatus {
  let libraryDir: string;
  try {
    libraryDir = join(
      dirname(require.resolve('onnxruntime-node/package.json')),
      'bin/napi-v6',
      process.platform,
      process.arch,
    );
  } catch {
    return { installed: false, libraryDir: '(onnxruntime-node not found)', missing: ['onnxruntime-node'] };
  }
  const needed =
    process.platform === 'win32'
      ? ['onnxruntime_providers_cuda.dll', 'onnxruntime_providers_shared.dll']
      : ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];
  const missing = needed.filter((file) => !existsSync(join(libraryDir, file)));
  return { installed: missing.length === 0, libraryDir, missing };
}

export interface SessionHandle {
  session: Ort.InferenceSession;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** Opens a model on the CPU or one CUDA device; never on another device than asked. */
export async function openSession(path: string, device: string, shown = path): Promise<SessionHandle> {
  const runtime = loadOrt();
  const cuda = /^cuda:(\d+)$/.exec(device);
  const options: Ort.InferenceSession.SessionOptions = {
    // onnxruntime's own log lines would repeat, in the run's log, the errors that reach us as exceptions.
    logSeverityLevel: 4,
    executionProviders: cuda ? [{ name: 'cuda', deviceId: Number(cuda[1]) }] : ['cpu'],
  };
  let session: Ort.InferenceSession;
  try {
    session = await runtime.InferenceSession.create(path, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (cuda) {
      throw new MctlError('CUDA_UNUSABLE', `onnxruntime could not use ${device} for ${shown}: ${firstLine(message)}`, {
        exit: 'ENVIRONMENT',
        hint:
          'check the NVIDIA driver and CUDA 12 / cuDNN 9 libraries (nvidia-smi, ldconfig -p | grep cudnn), ' +
          'or run with --device cpu',
        cause: error,
      });
    }
    throw new MctlError('MODEL_INVALID', `cannot load ${shown}: ${firstLine(message)}`, {
      exit: 'BAD_INPUT',
      hint: 'check that it is an ONNX model this onnxruntime version supports (opset, IR version)',
      cause: error,
      details: { model: shown },
    });
  }
  return { session, inputs: metadata(session.inputMetadata), outputs: metadata(session.outputMetadata) };
}

export function metadata(list: readonly Ort.InferenceSession.ValueMetadata[]): TensorSpec[] {
  return list.map((m) =>
    m.isTensor
      ? { name: m.name, isTensor: true, type: m.type, shape: [...m.shape] as (number | string)[] }
      : { name: m.name, isTensor: false },
  );
}

export function toOrtFeeds(feeds: Record<string, TensorValue>): Record<string, Ort.Tensor> {
  const runtime = loadOrt();
  const out: Record<string, Ort.Tensor> = {};
  for (const [name, value] of Object.entries(feeds)) {
    out[name] = new runtime.Tensor(value.type as 'float32', value.data as Float32Array, value.dims);
  }
  return out;
}

export function firstLine(text: string): string {
  // onnxruntime messages carry ANSI colour codes and long native paths after the first line.
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')[0]!
    .trim();
}
