import { CUDA_IMAGES, DEFAULT_CUDA, TENSORFLOW_CUDA, TORCH_CUDA } from '../data/base-images.ts';
import type { Declared, EnvSpec } from '../spec.ts';

export interface CudaChoice {
  /** CUDA major.minor of the runtime image. */
  version: string;
  image: string;
  /** Why this one, for the Dockerfile comment and the report. */
  reason: string;
  /** True when nothing in the spec said which CUDA: the default was used. */
  defaulted: boolean;
}

/**
 * The CUDA runtime for `--gpu`, from the most explicit pin in the spec: conda's
 * pytorch-cuda / cuda-version / cudatoolkit, a `+cuXYZ` torch build or the PyTorch wheel
 * index `…/whl/cuXYZ`, then the CUDA that the pinned torch or TensorFlow release is built
 * against. Without any, the default.
 */
export function chooseCuda(spec: EnvSpec): CudaChoice {
  const all = [...spec.conda, ...spec.pip];
  const found =
    explicitPin(spec, all) ??
    frameworkPin(all, 'torch', TORCH_CUDA) ??
    frameworkPin(all, 'tensorflow', TENSORFLOW_CUDA);
  if (!found)
    return {
      version: DEFAULT_CUDA,
      image: CUDA_IMAGES[DEFAULT_CUDA]!,
      reason: `no torch, TensorFlow or CUDA pin: default CUDA ${DEFAULT_CUDA}`,
      defaulted: true,
    };
  const version = nearestImage(found.version);
  const note = version === found.version ? '' : ` (nearest runtime image: ${version})`;
  return { version, image: CUDA_IMAGES[version]!, reason: `${found.reason}${note}`, defaulted: false };
}

function explicitPin(spec: EnvSpec, all: Declared[]): { version: string; reason: string } | undefined {
  for (const name of ['pytorch-cuda', 'cuda-version', 'cudatoolkit', 'cuda-runtime']) {
    const d = all.find((x) => x.key === name);
    const v = d && majorMinor(d.specifier);
    if (v) return { version: v, reason: `${d.text} (${d.file}:${d.loc.line})` };
  }
  for (const d of all) {
    const local = /\+cu(\d{2,3})\b/.exec(d.specifier || d.text)?.[1];
    if (local) return { version: fromDigits(local), reason: `${d.text} (${d.file}:${d.loc.line})` };
  }
  for (const option of spec.pipOptions) {
    const index = /download\.pytorch\.org\/whl\/cu(\d{2,3})\b/.exec(option.value ?? '')?.[1];
    if (index) return { version: fromDigits(index), reason: `${option.text} (${option.file}:${option.loc.line})` };
  }
  return undefined;
}

function frameworkPin(
  all: Declared[],
  key: string,
  table: Record<string, string>,
): { version: string; reason: string } | undefined {
  const d = all.find((x) => x.key === key && x.specifier !== '');
  const release = d && majorMinor(d.specifier);
  if (!d || !release) return undefined;
  const cuda = table[release];
  return cuda
    ? { version: cuda, reason: `${d.text} is built against CUDA ${cuda} (${d.file}:${d.loc.line})` }
    : undefined;
}

/** `==2.1.0`, `>=2.1,<2.2`, `==2.1.*` → `2.1` (the first version named). */
function majorMinor(specifier: string): string | undefined {
  const match = /(\d+)\.(\d+)/.exec(specifier);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

function fromDigits(digits: string): string {
  return `${digits.slice(0, -1)}.${digits.slice(-1)}`;
}

/**
 * The newest runtime image of the same major that is not newer than the wanted minor (drivers are
 * forward-compatible within a major).
 */
function nearestImage(version: string): string {
  if (CUDA_IMAGES[version]) return version;
  const [major, minor] = version.split('.').map(Number) as [number, number];
  const candidates = Object.keys(CUDA_IMAGES)
    .map((v) => v.split('.').map(Number) as [number, number])
    .filter(([ma, mi]) => ma === major && mi <= minor)
    .sort((a, b) => b[1] - a[1]);
  const best = candidates[0];
  return best ? `${best[0]}.${best[1]}` : DEFAULT_CUDA;
}
