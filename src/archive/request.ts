import { basename, resolve } from 'node:path';
import { loadConfig, type ProjectConfig } from '../config/load.ts';
import { MctlError } from '../errors.ts';
import type { FlavorId } from '../flavors/index.ts';
import { resolveTarget, type ResolvedTarget } from '../project/target.ts';
import type { RuleSetting } from '../findings/rules.ts';
import { resolveTimestamp } from './timestamp.ts';
import { ARCHIVE_FORMATS, RUNTIMES, type ArchiveFormat, type GivenPath, type Runtime } from './types.ts';

export type { GivenPath };

/** `mctl archive` options as the command receives them (flags; every one optional). */
export interface ArchiveOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config?: string;
  modelName?: string;
  version?: string;
  handler?: string;
  flavor?: FlavorId;
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
  /** false: --no-validate, write even when the handler has validation errors (secrets are still refused). */
  validate?: boolean;
}

/** Flags merged over mctl.yaml, paths absolute, every value checked. */
export interface ArchiveRequest {
  cwd: string;
  projectRoot: string;
  config: ProjectConfig | null;
  modelName: string;
  version: string;
  /** The entry (or TorchServe built-in handler) to pack, resolved once for every command. */
  target: ArchiveTarget;
  /** The handler as the user wrote it (or mctl.yaml's entry), for messages. */
  handlerText: string;
  /** Where the model name came from: --model-name, mctl.yaml name, or how it was derived. */
  modelNameFrom: string;
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
  /** Validation errors stop the build (unless --no-validate). */
  validate: boolean;
  /** Archive paths or absolute source paths allowed despite looking like credentials. */
  allowSecrets: string[];
  ignore: string[];
  timestamp: number;
  timestampSource: string;
  rules: Record<string, RuleSetting>;
}

export type ArchiveTarget = Extract<ResolvedTarget, { kind: 'entry' | 'builtin' }>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function resolveRequest(options: ArchiveOptions): ArchiveRequest {
  const { cwd } = options;
  const config = loadConfig({ cwd, ...(options.config ? { path: options.config } : {}) });
  const archive = config?.archive;
  const fromFlag = (value: string | undefined, flag: string): GivenPath | undefined =>
    value === undefined ? undefined : { path: resolve(cwd, value), given: value, from: flag };
  const fromConfig = (value: string | undefined, key: string): GivenPath | undefined =>
    value === undefined || !config
      ? undefined
      : { path: value, given: relativeGiven(config.dir, value), from: `mctl.yaml ${key}` };
  const pick = (flag: GivenPath | undefined, conf: GivenPath | undefined) => flag ?? conf;

  const target = archiveTarget(options, config);
  const { modelName, modelNameFrom } = chooseModelName(options.modelName, config, target);
  if (!NAME.test(modelName)) {
    throw new MctlError(
      'MODEL_NAME_INVALID',
      `model name '${modelName}' (${modelNameFrom}) may only contain letters, digits, '_', '-' and '.', ` +
        'starting with a letter or digit',
      {
        exit: options.modelName !== undefined ? 'USAGE' : 'BAD_INPUT',
        hint:
          'servers use the name in REST paths (/predictions/<name>); ' +
          'torch-model-archiver applies the same rule; pass --model-name',
        details: { value: modelName },
      },
    );
  }
  const version = options.version ?? config?.version ?? '1.0';
  if (version.trim() === '')
    throw new MctlError('VERSION_INVALID', 'the model version is empty', { exit: 'USAGE', hint: 'pass -v 1.0' });

  const requirementsFromEnv = config?.envFile?.endsWith('.txt') ? fromConfig(config.envFile, 'env_file') : undefined;
  const extraFlag = options.extraFiles?.filter((p) => p !== '').map((p) => fromFlag(p, '--extra-files')!);
  const extraConfig = (config?.extraFiles ?? []).map((p) => fromConfig(p, 'extra_files')!);
  const exportDir = options.exportPath !== undefined ? resolve(cwd, options.exportPath) : (archive?.exportPath ?? cwd);

  const request: ArchiveRequest = {
    cwd,
    projectRoot: config?.dir ?? cwd,
    config,
    modelName,
    modelNameFrom,
    version,
    target,
    handlerText: target.kind === 'builtin' ? target.builtin : (target.handler?.text ?? target.entry.shown),
    extraFiles: extraFlag ?? extraConfig,
    exportDir,
    format: pickChoice(options.archiveFormat, '--archive-format', ARCHIVE_FORMATS) ?? archive?.format ?? 'default',
    runtime: pickChoice(options.runtime, '--runtime', RUNTIMES) ?? archive?.runtime ?? 'python',
    force: options.force === true,
    validate: options.validate !== false,
    allowSecrets: [
      ...(options.allowSecrets ?? []).flatMap((p) => [p, resolve(cwd, p)]),
      ...(archive?.allowSecrets ?? []).flatMap((p) => [p, resolve(config!.dir, p)]),
    ],
    ignore: config?.ignore ?? [],
    ...timestampOf(options),
    rules: config?.rules ?? {},
  };
  const optional: [keyof ArchiveRequest, GivenPath | undefined][] = [
    [
      'serializedFile',
      pick(
        fromFlag(options.serializedFile, '--serialized-file'),
        fromConfig(archive?.serializedFile, 'archive.serialized_file'),
      ),
    ],
    [
      'modelFile',
      pick(fromFlag(options.modelFile, '--model-file'), fromConfig(archive?.modelFile, 'archive.model_file')),
    ],
    [
      'requirementsFile',
      pick(
        fromFlag(options.requirementsFile, '--requirements-file'),
        fromConfig(archive?.requirementsFile, 'archive.requirements_file') ?? requirementsFromEnv,
      ),
    ],
    [
      'configFile',
      pick(fromFlag(options.configFile, '--config-file'), fromConfig(archive?.configFile, 'archive.config_file')),
    ],
    [
      'modelDir',
      target.modelDir && { path: target.modelDir.path, given: target.modelDir.shown, from: target.modelDir.from },
    ],
  ];
  for (const [key, value] of optional) if (value) Object.assign(request, { [key]: value });
  return request;
}

/** The handler (or entry) to pack: --handler, else mctl.yaml handler or entry. */
function archiveTarget(options: ArchiveOptions, config: ProjectConfig | null): ArchiveTarget {
  const flags = {
    ...(options.handler !== undefined ? { handler: options.handler } : {}),
    ...(options.flavor ? { flavor: options.flavor } : {}),
    ...(options.modelDir !== undefined ? { modelDir: options.modelDir } : {}),
  };
  const target = resolveTarget({ cwd: options.cwd, config, flags });
  if (target.kind === 'entry' || target.kind === 'builtin') return target;
  throw new MctlError('HANDLER_MISSING', 'no handler: pass --handler or set handler: (or entry:) in mctl.yaml', {
    exit: 'USAGE',
    hint: 'e.g. mctl archive --handler model_handler:handle (the model name defaults to the directory name)',
  });
}

/**
 * --model-name, else mctl.yaml's name, else derived as `mctl init` derives a project's name:
 * from the project directory when that is a usable name, else from the handler's module.
 * torch-model-archiver requires the flag; a derived name is said in the output.
 */
function chooseModelName(
  flag: string | undefined,
  config: ProjectConfig | null,
  target: ArchiveTarget,
): { modelName: string; modelNameFrom: string } {
  if (flag !== undefined) return { modelName: flag, modelNameFrom: '--model-name' };
  if (config?.name !== undefined) return { modelName: config.name, modelNameFrom: 'mctl.yaml name' };
  const dir = basename(target.projectRoot);
  if (NAME.test(dir)) return { modelName: dir, modelNameFrom: `derived from the directory ${dir}/` };
  const module =
    target.kind === 'builtin' ? target.builtin.split(':')[0]! : basename(target.entry.path).replace(/\.[^.]+$/, '');
  return { modelName: module, modelNameFrom: `derived from the handler module ${module}` };
}

function pickChoice<T extends string>(value: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new MctlError('OPTION_INVALID', `${flag}: '${value}' is not one of ${choices.join(', ')}`, {
    exit: 'USAGE',
    hint: `use one of ${choices.join(', ')}`,
  });
}

function timestampOf(options: ArchiveOptions): { timestamp: number; timestampSource: string } {
  const resolved = resolveTimestamp(options.createdOn, options.env);
  return { timestamp: resolved.seconds, timestampSource: resolved.source };
}

function relativeGiven(dir: string, path: string): string {
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
}
