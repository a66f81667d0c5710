/**
 * Base images for `--form docker`, pinned by tag (never `latest`). Tags move only for
 * rebuilds of the same release; for byte-for-byte reproducible builds pin a digest as well:
 * `docker buildx imagetools inspect python:3.11.10-slim-bookworm` prints it, and
 * `env.base_image: python:3.11.10-slim-bookworm@sha256:<digest>` in mctl.yaml uses it.
 * Update this table when new releases ship.
 */

/** Last known patch release per Python minor, as published in the official `python` image. */
export const PYTHON_PATCH: Record<number, string> = {
  7: '3.7.17',
  8: '3.8.20',
  9: '3.9.20',
  10: '3.10.15',
  11: '3.11.10',
  12: '3.12.7',
  13: '3.13.0',
  14: '3.14.0',
};

export function pythonImage(minor: number): string {
  return `python:${PYTHON_PATCH[minor] ?? `3.${minor}`}-slim-bookworm`;
}

/** micromamba installs conda specs; the image runs as the non-root `mambauser`. */
export const MICROMAMBA_IMAGE = 'mambaorg/micromamba:1.5.10-bookworm-slim';
/** The stage that only lends its static micromamba binary to the CUDA images. */
export const MICROMAMBA_BINARY_IMAGE = 'mambaorg/micromamba:1.5.10';

/** NVIDIA CUDA runtime images (with cuDNN) by CUDA major.minor. */
export const CUDA_IMAGES: Record<string, string> = {
  '11.2': 'nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04',
  '11.3': 'nvidia/cuda:11.3.1-cudnn8-runtime-ubuntu20.04',
  '11.6': 'nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04',
  '11.7': 'nvidia/cuda:11.7.1-cudnn8-runtime-ubuntu22.04',
  '11.8': 'nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04',
  '12.1': 'nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04',
  '12.2': 'nvidia/cuda:12.2.2-cudnn8-runtime-ubuntu22.04',
  '12.4': 'nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04',
  '12.6': 'nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04',
  '12.8': 'nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04',
};

export const DEFAULT_CUDA = '12.4';

/**
 * The CUDA build the default PyPI wheels of each torch release use (pytorch.org's
 * "previous versions" page); conda's pytorch-cuda pin or a +cuXYZ local version overrides.
 */
export const TORCH_CUDA: Record<string, string> = {
  '1.12': '11.3',
  '1.13': '11.7',
  '2.0': '11.7',
  '2.1': '12.1',
  '2.2': '12.1',
  '2.3': '12.1',
  '2.4': '12.1',
  '2.5': '12.4',
  '2.6': '12.4',
  '2.7': '12.6',
  '2.8': '12.8',
  '2.9': '12.8',
};

/** TensorFlow's tested build configurations (tensorflow.org/install/source#gpu). */
export const TENSORFLOW_CUDA: Record<string, string> = {
  '2.11': '11.2',
  '2.12': '11.8',
  '2.13': '11.8',
  '2.14': '11.8',
  '2.15': '12.2',
  '2.16': '12.2',
  '2.17': '12.2',
};
