import { resolve } from 'node:path';
import { loadConfig, type ProjectConfig } from '../config/load.ts';
import { MctlError } from '../errors.ts';
import { requireFlavor, type FlavorId } from '../flavors/index.ts';
import { DEFAULT_PYTHON, parsePythonVersion, type PythonVersion } from '../source/python/version.ts';
import type { RuleSetting } from '../validate/rules.ts';
import { resolveTimestamp } from './timestamp.ts';
import { ARCHIVE_FORMATS, RUNTIMES, type ArchiveFormat, type Runtime } from './types.ts';

/** `mctl archive` options as the command receives them (flags; every one optional). */
export interface ArchiveOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config?: string;
  modelName?: string;
  version?: string;
  handler?: string;
  flavor?: string;
  serializedFile?: string;
  modelFile?: string;
  extraFiles?: string[];
  requirementsFile?: string;
  configFile?: string;
  exportPath?: string;
  archiveFormat?: string;
  runtime?: string;
  modelDir?: string;
  force?: boolean;
  createdOn?: string;
  allowSecrets?: string[];
}

/** A path with where it came from, for messages (`--serialized-file`, `mctl.yaml archive.serialized_file`). */
export interface GivenPath {
  path: string;
  given: string;
  from: string;
}

/** Flags merged over mctl.yaml, paths absolute, every value checked. */
export interface ArchiveRequest {
  cwd: string;
  projectRoot: string;
  config: ProjectConfig | null;
  modelName: string;
  version: string;
  handler: { raw: string; base: string; from: string };
  flavor?: { id: FlavorId; source: 'flag' | 'config' };
  serializedFile?: GivenPath;
  modelFile?: GivenPath;
  extraFiles: GivenPath[];
  requirementsFile?: GivenPath;
  configFile?: GivenPath;
  modelDir?: GivenPath;
  exportDir: string;
  format: ArchiveFormat;
  runtime: Runtime;
  force: boolean;
  /** Archive paths or absolute source paths allowed despite looking like credentials. */
  allowSecrets: string[];
  ignore: string[];
  timestamp: number;
  timestampSource: string;
  target: PythonVersion;
  rules: Record<string, RuleSetting>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function resolveRequest(options: ArchiveOptions): ArchiveRequest {
  const { cwd } = options;
  const config = loadConfig({ cwd, ...(options.config ? { path: options.config } : {}) });
  const archive = config?.archive;
  const fromFlag = (value: string | undefined, flag: string): GivenPath | undefined => (value === undefined ? undefined : { path: resolve(cwd, value), given: value, from: flag });
  const fromConfig = (value: string | undefined, key: string): GivenPath | undefined => (value === undefined || !config ? undefined : { path: value, given: relativeGiven(config.dir, value), from: `mctl.yaml ${key}` });
  const pick = (flag: GivenPath | undefined, conf: GivenPath | undefined) => flag ?? conf;

  const modelName = options.modelName ?? config?.name;
  if (modelName === undefined) {
    throw new MctlError('MODEL_NAME_MISSING', 'no model name: pass --model-name or set name: in mctl.yaml', { exit: 'USAGE', hint: 'e.g. mctl archive --model-name my_model --handler model_handler:handle' });
  }
  if (!NAME.test(modelName)) {
    throw new MctlError('MODEL_NAME_INVALID', `model name '${modelName}' may only contain letters, digits, '_', '-' and '.', starting with a letter or digit`, {
      exit: options.modelName !== undefined ? 'USAGE' : 'BAD_INPUT',
      hint: 'servers use the name in REST paths (/predictions/<name>); torch-model-archiver applies the same rule',
      details: { value: modelName },
    });
  }
  const version = options.version ?? config?.version ?? '1.0';
  if (version.trim() === '') throw new MctlError('VERSION_INVALID', 'the model version is empty', { exit: 'USAGE', hint: 'pass -v 1.0' });

  const handler = resolveHandlerText(options, config, cwd);
  const requirementsFromEnv = config?.envFile?.endsWith('.txt') ? fromConfig(config.envFile, 'env_file') : undefined;
  const extraFlag = options.extraFiles?.filter((p) => p !== '').map((p) => fromFlag(p, '--extra-files')!);
  const extraConfig = (config?.extraFiles ?? []).map((p) => fromConfig(p, 'extra_files')!);
  const exportDir = options.exportPath !== undefined ? resolve(cwd, options.exportPath) : (archive?.exportPath ?? cwd);

  const request: ArchiveRequest = {
    cwd,
    projectRoot: config?.dir ?? cwd,
    config,
    modelName,
    version,
    handler,
    extraFiles: extraFlag ?? extraConfig,
    exportDir,
    format: pickChoice(options.archiveFormat, '--archive-format', ARCHIVE_FORMATS) ?? archive?.format ?? 'default',
    runtime: pickChoice(options.runtime, '--runtime', RUNTIMES) ?? archive?.runtime ?? 'python',
    force: options.force === true,
    allowSecrets: [
      ...(options.allowSecrets ?? []).flatMap((p) => [p, resolve(cwd, p)]),
      ...(archive?.allowSecrets ?? []).flatMap((p) => [p, resolve(config!.dir, p)]),
    ],
    ignore: config?.ignore ?? [],
    ...timestampOf(options),
    target: config?.pythonVersion ? parsePythonVersion(config.pythonVersion, 'mctl.yaml python_version') : DEFAULT_PYTHON,
    rules: config?.rules ?? {},
  };
  const flavor = flavorOf(options.flavor, config);
  if (flavor) request.flavor = flavor;
  const optional: [keyof ArchiveRequest, GivenPath | undefined][] = [
    ['serializedFile', pick(fromFlag(options.serializedFile, '--serialized-file'), fromConfig(archive?.serializedFile, 'archive.serialized_file'))],
    ['modelFile', pick(fromFlag(options.modelFile, '--model-file'), fromConfig(archive?.modelFile, 'archive.model_file'))],
    ['requirementsFile', pick(fromFlag(options.requirementsFile, '--requirements-file'), fromConfig(archive?.requirementsFile, 'archive.requirements_file') ?? requirementsFromEnv)],
    ['configFile', pick(fromFlag(options.configFile, '--config-file'), fromConfig(archive?.configFile, 'archive.config_file'))],
    ['modelDir', pick(fromFlag(options.modelDir, '--model-dir'), fromConfig(config?.modelDir, 'model_dir'))],
  ];
  for (const [key, value] of optional) if (value) Object.assign(request, { [key]: value });
  return request;
}

function resolveHandlerText(options: ArchiveOptions, config: ProjectConfig | null, cwd: string): ArchiveRequest['handler'] {
  if (options.handler !== undefined) return { raw: options.handler, base: cwd, from: '--handler' };
  if (config?.handler !== undefined) return { raw: config.handler, base: config.dir, from: 'mctl.yaml handler' };
  if (config?.entry !== undefined) return { raw: config.entry, base: config.dir, from: 'mctl.yaml entry' };
  throw new MctlError('HANDLER_MISSING', 'no handler: pass --handler or set handler: (or entry:) in mctl.yaml', {
    exit: 'USAGE',
    hint: 'e.g. mctl archive --model-name my_model --handler model_handler:handle',
  });
}

function flavorOf(flag: string | undefined, config: ProjectConfig | null): ArchiveRequest['flavor'] {
  if (flag !== undefined) {
    return { id: requireFlavor(flag), source: 'flag' };
  }
  return config?.flavor ? { id: config.flavor, source: 'config' } : undefined;
}

function pickChoice<T extends string>(value: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new MctlError('OPTION_INVALID', `${flag}: '${value}' is not one of ${choices.join(', ')}`, { exit: 'USAGE', hint: `use one of ${choices.join(', ')}` });
}

function timestampOf(options: ArchiveOptions): { timestamp: number; timestampSource: string } {
  const resolved = resolveTimestamp(options.createdOn, options.env);
  return { timestamp: resolved.seconds, timestampSource: resolved.source };
}

function relativeGiven(dir: string, path: string): string {
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
}
