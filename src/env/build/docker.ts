import { formatVersion, type PythonVersion } from '../../source/python/version.ts';
import { MICROMAMBA_BINARY_IMAGE, MICROMAMBA_IMAGE, pythonImage } from '../data/base-images.ts';
import { redactCredentials } from '../../util/redact.ts';
import type { EnvSpec } from '../spec.ts';
import type { CudaChoice } from './cuda.ts';
import { relativePosix, relocateLine } from './relocate.ts';

export interface DockerBuildOptions {
  target: PythonVersion;
  /** The build context: the project directory. */
  contextDir: string;
  /** Where the Dockerfile will be written (for the build command in its header). */
  dockerfileDisplay: string;
  cuda?: CudaChoice;
  /** env.base_image from mctl.yaml: replaces the chosen base (e.g. to pin a digest). */
  baseImage?: string;
  /** What the Dockerfile was generated for, for its header. */
  describe: string;
}

export interface DockerBuild {
  dockerfile: string;
  /** Spec files the Dockerfile copies that are outside the build context (it cannot work then). */
  outside: string[];
}

/**
 * A Dockerfile that reproduces the environment: a base image pinned by tag (a CUDA runtime
 * with --gpu), the spec installed with micromamba (conda form) or pip (requirements), the
 * project copied in (what .dockerignore leaves), running as a non-root user. Spec files are
 * copied before the project so code changes do not reinstall dependencies, unless the spec
 * points at local paths (wheels, -e ., find-links) that must be there first.
 */
export function buildDockerfile(spec: EnvSpec, options: DockerBuildOptions): DockerBuild {
  const top = spec.files.filter((f) => !f.included);
  const conda = top.filter((f) => f.kind === 'conda').map((f) => relativePosix(options.contextDir, f.path));
  const requirements = top
    .filter((f) => f.kind === 'requirements')
    .map((f) => relativePosix(options.contextDir, f.path));
  const pipInstalls = [
    ...requirements.map((r) => `python -m pip install -r ${r}`),
    ...sequentialInstalls(spec, options.contextDir),
  ];
  const all = [...new Set(spec.files.map((f) => relativePosix(options.contextDir, f.path)))].sort();
  const outside = all.filter((p) => p.startsWith('../'));
  const needsProject =
    spec.pip.some((d) => d.url !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(d.url)) ||
    spec.pipOptions.some((o) => o.name === '--find-links' && !/^[a-z][a-z0-9+.-]*:/i.test(o.value ?? ''));
  const python = formatVersion(options.target);
  const gpu = options.cuda !== undefined;
  const base =
    options.baseImage ??
    (gpu ? options.cuda!.image : conda.length > 0 ? MICROMAMBA_IMAGE : pythonImage(options.target.minor));
  const lines = header(options, python, base);
  const copySpecs = (chown: string) =>
    needsProject
      ? [`COPY ${chown}. .`]
      : all.filter((p) => !p.startsWith('../')).map((p) => `COPY ${chown}${p} ./${p}`);
  if (gpu) {
    lines.push(`FROM ${MICROMAMBA_BINARY_IMAGE} AS micromamba`, `FROM ${base}`);
    lines.push('COPY --from=micromamba /bin/micromamba /usr/local/bin/micromamba');
    lines.push(...environment(['MAMBA_ROOT_PREFIX=/opt/conda', 'PATH=/opt/env/bin:$PATH', ...PYTHON_ENV]));
    lines.push(...createUser());
    lines.push('WORKDIR /app', ...copySpecs(''));
    const install =
      conda.length > 0
        ? [`micromamba create --yes --prefix /opt/env --file ${conda[0]}`]
        : [`micromamba create --yes --prefix /opt/env --channel conda-forge python=${python} pip`];
    install.push('micromamba clean --all --yes', ...pipInstalls);
    lines.push(run(install));
    lines.push(needsProject ? 'RUN chown -R app:app /app' : 'COPY --chown=app:app . .', 'USER app');
  } else if (conda.length > 0) {
    lines.push(`FROM ${base}`);
    lines.push(...environment(['PATH=/opt/conda/bin:$PATH', ...PYTHON_ENV]));
    lines.push('WORKDIR /app', ...copySpecs('--chown=$MAMBA_USER:$MAMBA_USER '));
    const create = `micromamba install --yes --name base --file ${conda[0]}`;
    lines.push(run([create, 'micromamba clean --all --yes', ...pipInstalls]));
    if (!needsProject) lines.push('COPY --chown=$MAMBA_USER:$MAMBA_USER . .');
    lines.push('USER $MAMBA_USER');
  } else {
    lines.push(`FROM ${base}`);
    lines.push(...environment(PYTHON_ENV));
    lines.push(...createUser());
    lines.push('WORKDIR /app', ...copySpecs(''));
    if (pipInstalls.length > 0) lines.push(run(pipInstalls));
    lines.push(needsProject ? 'RUN chown -R app:app /app' : 'COPY --chown=app:app . .', 'USER app');
  }
  return { dockerfile: `${lines.join('\n')}\n`, outside };
}

/**
 * ModelArts installs a config.json's packages one after another, in the order written (its FAQ
 * on dependencies: a build dependency goes before the package that needs it), so each is a
 * pip call of its own. Paths (a wheel beside the model files) are made relative to /app.
 */
function sequentialInstalls(spec: EnvSpec, contextDir: string): string[] {
  const files = spec.files.filter((f) => !f.included && f.kind === 'modelarts-config').map((f) => f.path);
  return spec.pip
    .filter((d) => files.includes(d.path))
    .map((d) => `python -m pip install ${shellQuote(relocateLine(d.text, d.path, contextDir))}`);
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

const PYTHON_ENV = [
  'PYTHONDONTWRITEBYTECODE=1',
  'PYTHONUNBUFFERED=1',
  'PIP_NO_CACHE_DIR=1',
  'PIP_DISABLE_PIP_VERSION_CHECK=1',
];

function header(options: DockerBuildOptions, python: string, base: string): string[] {
  return [
    '# syntax=docker/dockerfile:1',
    `# Generated by mctl env check: ${options.describe}, Python ${python}` +
      `${options.cuda ? `, CUDA ${options.cuda.version} (${redactCredentials(options.cuda.reason)})` : ''}.`,
    '# Base images are pinned by tag. To pin a digest as well, look it up with',
    `#   docker buildx imagetools inspect ${base.replace(/@.*$/, '')}`,
    `# and set env.base_image: ${base.replace(/@.*$/, '')}@sha256:<digest> in mctl.yaml.`,
    `# Build from the project directory: docker build -f ${options.dockerfileDisplay} .`,
  ];
}

function environment(pairs: string[]): string[] {
  return [`ENV ${pairs.join(' \\\n    ')}`];
}

function createUser(): string[] {
  return [
    'RUN groupadd --system --gid 10001 app \\\n' +
      ' && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app app',
  ];
}

function run(commands: string[]): string {
  return `RUN ${commands.join(' \\\n && ')}`;
}

/**
 * What the build context leaves out: VCS metadata, caches, virtual environments and
 * anything that usually holds secrets (.env files, keys, cloud credentials), plus
 * mctl.yaml's `ignore:` patterns.
 */
export function buildDockerignore(extra: string[]): string {
  const lines = [
    '# Generated by mctl env check: keep VCS data, caches and secrets out of the image.',
    '.git',
    '.hg',
    '.svn',
    '.gitignore',
    '**/__pycache__',
    '**/*.py[cod]',
    '.pytest_cache',
    '.mypy_cache',
    '.ruff_cache',
    '.ipynb_checkpoints',
    '**/.DS_Store',
    '**/._*',
    '.venv',
    'venv',
    '**/node_modules',
    '**/.env',
    '**/.env.*',
    '**/*.pem',
    '**/*.key',
    '**/*.p12',
    '**/*.pfx',
    '**/id_rsa*',
    '**/id_ed25519*',
    '**/.aws',
    '**/.ssh',
    '**/.docker',
    '**/.kube',
    '**/.netrc',
    '**/.pypirc',
    '**/.npmrc',
    '**/credentials.json',
    '**/secrets.*',
    ...extra.map((p) => p.replace(/^\//, '')),
  ];
  return `${[...new Set(lines)].join('\n')}\n`;
}
