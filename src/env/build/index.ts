import { dirname } from 'node:path';
import type { EnvConfig } from '../../config/load.ts';
import type { Position } from '../../source/types.ts';
import type { PythonVersion } from '../../source/python/version.ts';
import type { Finding } from '../../findings/finding.ts';
import { envFinding } from '../../findings/env-rules.ts';
import type { EnvSpec } from '../spec.ts';
import { buildCondaEnvironment } from './conda.ts';
import { chooseCuda, type CudaChoice } from './cuda.ts';
import { buildDockerfile, buildDockerignore } from './docker.ts';
import { checkDockerfile, checkImageReference } from './dockerfile-check.ts';

export interface BuiltFile {
  /** Display path (or the default name when nothing is written). */
  file: string;
  /** Absolute path when --output was given. */
  path?: string;
  role: 'environment' | 'dockerfile' | 'dockerignore';
  content: string;
}

export interface BuiltSpec {
  form: 'conda' | 'docker';
  files: BuiltFile[];
  written: boolean;
  baseImage?: string;
  cuda?: CudaChoice;
}

export interface BuildOptions {
  form: 'conda' | 'docker';
  gpu: boolean;
  target: PythonVersion;
  contextDir: string;
  cwd: string;
  outputs: { path: string; display: string; role: BuiltFile['role'] }[];
  envConfig: EnvConfig | undefined;
  configName: string | undefined;
  /** Where env.base_image is written, for its finding. */
  baseImageAt?: { file: string; loc: Position | undefined };
  describe: string;
  ignore: string[];
}

/** --form conda or docker: the spec rebuilt, with the generated Dockerfile checked by a parser. */
export function buildSpec(spec: EnvSpec, options: BuildOptions): { built: BuiltSpec; findings: Finding[] } {
  const findings: Finding[] = [];
  const out = (role: BuiltFile['role'], fallback: string) => {
    const planned = options.outputs.find((o) => o.role === role);
    return planned ? { file: planned.display, path: planned.path } : { file: fallback };
  };
  if (options.form === 'conda') {
    const target = out('environment', 'environment.yml');
    const content = buildCondaEnvironment(spec, {
      target: options.target,
      fallbackName: options.configName ?? (sanitize(options.contextDir) || 'mctl-env'),
      outputDir: target.path ? dirname(target.path) : options.cwd,
    });
    return { built: { form: 'conda', files: [{ ...target, role: 'environment', content }], written: false }, findings };
  }
  const baseImage = options.envConfig?.baseImage;
  if (baseImage) {
    const problem = checkImageReference(baseImage);
    if (problem)
      findings.push(
        envFinding('env-base-image', {
          file: options.baseImageAt?.file ?? 'mctl.yaml',
          loc: options.baseImageAt?.loc,
          message: `env.base_image: ${problem}`,
          hint: 'pin a tag (python:3.11.10-slim-bookworm), ideally with its digest (@sha256:…)',
        }),
      );
  }
  const cuda = options.gpu ? chooseCuda(spec) : undefined;
  const dockerfileOut = out('dockerfile', 'Dockerfile');
  const { dockerfile, outside } = buildDockerfile(spec, {
    target: options.target,
    contextDir: options.contextDir,
    dockerfileDisplay: dockerfileOut.path ? dockerfileOut.file : 'Dockerfile',
    ...(cuda ? { cuda } : {}),
    ...(baseImage ? { baseImage } : {}),
    describe: options.describe,
  });
  const specFile = spec.files.find((f) => !f.included)?.display ?? '.';
  if (cuda?.defaulted)
    findings.push(
      envFinding('env-gpu-cuda', {
        file: specFile,
        message: `--gpu: ${cuda.reason}; the image uses ${cuda.image}`,
        hint: 'pin torch (or pytorch-cuda / cuda-version) so the CUDA runtime matches the framework build',
      }),
    );
  for (const path of outside) {
    findings.push(
      envFinding('env-dockerfile', {
        file: specFile,
        message: `${path} is outside the build context (${options.contextDir}), so the Dockerfile cannot COPY it`,
        hint: 'move the spec into the project, or run from a directory that contains it',
      }),
    );
  }
  for (const problem of checkDockerfile(dockerfile)) {
    findings.push(
      envFinding('env-dockerfile', {
        file: dockerfileOut.file,
        loc: problem.loc,
        message: `generated Dockerfile: ${problem.message}`,
        hint: baseImage
          ? 'check env.base_image in mctl.yaml'
          : 'this is a bug in mctl; please report it with the spec that caused it',
      }),
    );
  }
  const files: BuiltFile[] = [
    { ...dockerfileOut, role: 'dockerfile', content: dockerfile },
    { ...out('dockerignore', '.dockerignore'), role: 'dockerignore', content: buildDockerignore(options.ignore) },
  ];
  return {
    built: { form: 'docker', files, written: false, ...(baseImage ? { baseImage } : {}), ...(cuda ? { cuda } : {}) },
    findings,
  };
}

function sanitize(dir: string): string {
  return (dir.split(/[\\/]/).pop() ?? '').replace(/[^A-Za-z0-9_.-]/g, '-');
}
