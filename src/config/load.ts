import { dirname, resolve } from 'node:path';
import { MctlError } from '../errors.ts';
import { isFlavorId, type FlavorId } from '../flavors/index.ts';
import { parseHandler, type HandlerRef } from '../flavors/handler.ts';
import type { EntryProject } from '../flavors/types.ts';
import type { Position } from '../source/types.ts';
import { closest } from '../util/suggest.ts';
import { readRegularFile } from '../util/read-file.ts';
import { loadYaml, type PositionedYaml } from '../util/yaml.ts';
import { ENV_RULE_IDS } from '../findings/env-rules.ts';
import { RULE_IDS, type RuleSetting } from '../findings/rules.ts';
import { findConfig } from './find.ts';
import { checkAgainstSchema, schemaKeys } from './schema-check.ts';

/** mctl.yaml after validation, with paths made absolute against its directory. */
export interface ProjectConfig {
  file: string;
  dir: string;
  name?: string;
  version?: string;
  flavor?: FlavorId;
  entry?: string;
  handler?: string;
  /** The handler string, parsed (it was checked when the file was read). */
  handlerRef?: HandlerRef;
  modelDir?: string;
  envFile?: string;
  pythonVersion?: string;
  extraFiles: string[];
  ignore: string[];
  rules: Record<string, RuleSetting>;
  /** The `archive:` section, paths made absolute. */
  archive: ArchiveConfig;
  /** `run:` defaults for mctl run, paths absolute. */
  run: RunDefaults;
  /** `env:` settings for `mctl env check`, with paths made absolute. */
  env?: EnvConfig;
  /** `serve:` defaults for mctl serve. */
  serve?: ServeDefaults;
  /** Where a key sits in the file, for messages about its value (`/entry`). */
  locate(pointer: string): Position | undefined;
}

/** `archive:` in mctl.yaml: what `mctl archive` uses when a flag is not given. */
export interface ArchiveConfig {
  serializedFile?: string;
  modelFile?: string;
  requirementsFile?: string;
  configFile?: string;
  exportPath?: string;
  format?: 'default' | 'zip-store' | 'tgz' | 'no-archive';
  runtime?: 'python' | 'python3';
  allowSecrets: string[];
}

interface RawArchive {
  serialized_file?: string;
  model_file?: string;
  requirements_file?: string;
  config_file?: string;
  export_path?: string;
  format?: ArchiveConfig['format'];
  runtime?: ArchiveConfig['runtime'];
  allow_secrets?: string[];
}

export interface RunDefaults {
  input?: string[];
  inputs?: string;
  model?: string;
  device?: string;
  timeout?: number;
  initTimeout?: number;
  expect?: string;
  tolerance?: number;
  config?: Record<string, unknown>;
}

interface RawRun {
  input?: string | string[];
  inputs?: string;
  model?: string;
  device?: string;
  timeout?: number;
  init_timeout?: number;
  expect?: string;
  tolerance?: number;
  config?: Record<string, unknown>;
}

/** `serve:` in mctl.yaml: what `mctl serve` uses when a flag is not given (TorchServe's names). */
export interface ServeDefaults {
  port?: number;
  managementPort?: number;
  workers?: number;
  batchSize?: number;
  maxBatchDelay?: number;
  timeout?: number;
  initTimeout?: number;
  maxRequestMb?: number;
  protocol?: string;
  modelName?: string;
  watch?: boolean;
}

interface RawServe {
  port?: number;
  management_port?: number;
  workers?: number;
  batch_size?: number;
  max_batch_delay?: number;
  timeout?: number;
  init_timeout?: number;
  max_request_mb?: number;
  protocol?: string;
  model_name?: string;
  watch?: boolean;
}

export interface EnvConfig {
  requirements?: string;
  form?: 'conda' | 'docker';
  gpu?: boolean;
  baseImage?: string;
  provided: string[];
  /** Import name → distributions. */
  importMap: Record<string, string[]>;
  ignoreImports: string[];
  rules: Record<string, RuleSetting>;
}

interface RawEnvConfig {
  requirements?: string;
  form?: 'conda' | 'docker';
  gpu?: boolean;
  base_image?: string;
  provided?: string[];
  import_map?: Record<string, string | string[]>;
  ignore_imports?: string[];
  rules?: Record<string, RuleSetting>;
}

interface RawConfig {
  name?: string;
  version?: string;
  flavor?: string;
  entry?: string;
  handler?: string;
  model_dir?: string;
  env_file?: string;
  python_version?: string;
  extra_files?: string[];
  ignore?: string[];
  rules?: Record<string, RuleSetting>;
  archive?: RawArchive;
  run?: RawRun;
  env?: RawEnvConfig;
  serve?: RawServe;
}

const SCHEMA = '../../schemas/mctl.schema.json';
const SUPPORTED_MINOR = { min: 7, max: 14 };

/**
 * Find (walking up from cwd, or the given path), read, parse, check against
 * schemas/mctl.schema.json, then check what a schema cannot (rule ids, handler grammar).
 * Returns null when there is no mctl.yaml and none was asked for.
 */
export function loadConfig(options: { cwd: string; path?: string }): ProjectConfig | null {
  const file = options.path ? resolve(options.cwd, options.path) : findConfig(options.cwd);
  if (!file) return null;
  const display = options.path ?? 'mctl.yaml';
  const text = readConfigText(file, display, options.path !== undefined);
  const doc = loadYaml(text, display);
  const value = doc.value ?? {};
  const problems: { pointer: string; message: string; hint?: string }[] = [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({
      pointer: '',
      message: 'must be a mapping of keys to values',
      hint: 'start with e.g. `flavor: mms`',
    });
  } else {
    problems.push(...checkAgainstSchema(SCHEMA, value).map((p) => withHint(p, doc)));
    problems.push(...semanticProblems(value as RawConfig));
  }
  if (problems.length > 0) {
    const where = (p: { pointer: string; message: string }) =>
      /^unknown (key|rule)/.test(p.message) ? doc.locateKey(p.pointer) : doc.locate(p.pointer);
    problems.sort(
      (a, b) => (where(a)?.line ?? 0) - (where(b)?.line ?? 0) || (where(a)?.col ?? 0) - (where(b)?.col ?? 0),
    );
    const lines = problems.map((p) => {
      const at = where(p);
      const place = at ? `${display}:${at.line}:${at.col}` : display;
      const field = p.pointer === '' ? '' : ` ${p.pointer.slice(1).replace(/\//g, '.')}:`;
      return `${place}${field} ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
    });
    throw new MctlError('CONFIG_INVALID', `${display} is invalid:\n  ${lines.join('\n  ')}`, {
      exit: 'BAD_INPUT',
      hint: 'fix the listed keys; schemas/mctl.schema.json describes every key',
      details: { file, problems: problems.map((p) => ({ ...p, ...where(p) })) },
    });
  }
  return normalise(value as RawConfig, file, doc.locate);
}

/**
 * mctl.yaml is a few hundred bytes; YAML parsing costs ~20 bytes of memory per byte of text,
 * so a stray 200 MB file would take gigabytes. Refused (exit 3) past the cap, and a FIFO or
 * device is refused at once instead of blocking.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function readConfigText(file: string, display: string, named: boolean): string {
  const bytes = readRegularFile(file, {
    shown: display,
    maxBytes: MAX_CONFIG_BYTES,
    what: 'project file',
    tooLargeHint: named
      ? 'check the --config path: mctl.yaml holds a few settings'
      : 'mctl.yaml holds a few settings; is this the file you meant?',
  });
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** The obvious fix, where there is one: the key meant, or the quotes YAML needs. */
function withHint(
  problem: { pointer: string; message: string },
  doc: PositionedYaml,
): { pointer: string; message: string; hint?: string } {
  const unknown = /^unknown key '(.*)'$/.exec(problem.message)?.[1];
  if (unknown !== undefined) {
    const guess = closest(unknown, schemaKeys(SCHEMA, problem.pointer.slice(0, problem.pointer.lastIndexOf('/'))));
    return guess ? { ...problem, hint: `did you mean '${guess}'?` } : problem;
  }
  const raw = doc.plainText(problem.pointer);
  if (problem.message === 'must be string' && raw !== undefined) {
    const key = problem.pointer.slice(problem.pointer.lastIndexOf('/') + 1);
    return {
      ...problem,
      message: `must be a string, but YAML reads the unquoted ${raw} as a ${yamlKind(raw)}`,
      hint: `quote it: ${/^\d+$/.test(key) ? '' : `${key}: `}"${raw}"`,
    };
  }
  return problem;
}

function yamlKind(raw: string): string {
  if (/^(true|false)$/i.test(raw)) return 'boolean';
  if (/^(null|~)$/i.test(raw) || raw === '') return 'null';
  return 'number';
}

function semanticProblems(raw: RawConfig): { pointer: string; message: string; hint?: string }[] {
  const problems: { pointer: string; message: string; hint?: string }[] = [];
  for (const id of Object.keys(raw.rules ?? {})) {
    if (!RULE_IDS.has(id)) {
      const guess = closest(id, RULE_IDS);
      problems.push({
        pointer: `/rules/${id}`,
        message: `unknown rule '${id}'`,
        hint: guess ? `did you mean '${guess}'?` : 'mctl validate --help lists the rules',
      });
    }
  }
  for (const id of Object.keys(raw.env?.rules ?? {})) {
    if (!ENV_RULE_IDS.has(id)) {
      const guess = closest(id, ENV_RULE_IDS);
      problems.push({
        pointer: `/env/rules/${id}`,
        message: `unknown rule '${id}'`,
        hint: guess ? `did you mean '${guess}'?` : 'the README lists the env-… rules',
      });
    }
  }
  if (typeof raw.handler === 'string') {
    const parsed = parseHandler(raw.handler);
    if ('error' in parsed) problems.push({ pointer: '/handler', message: parsed.error, hint: parsed.hint });
  }
  if (typeof raw.python_version === 'string') {
    const minor = Number(raw.python_version.split('.')[1]);
    if (minor < SUPPORTED_MINOR.min || minor > SUPPORTED_MINOR.max) {
      problems.push({
        pointer: '/python_version',
        message: `Python ${raw.python_version} is not supported`,
        hint: `use 3.${SUPPORTED_MINOR.min} to 3.${SUPPORTED_MINOR.max}`,
      });
    }
  }
  return problems;
}

function normalise(raw: RawConfig, file: string, locate: (pointer: string) => Position | undefined): ProjectConfig {
  const dir = dirname(file);
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(dir, p));
  const config: ProjectConfig = {
    file,
    dir,
    extraFiles: (raw.extra_files ?? []).map((p) => resolve(dir, p)),
    ignore: raw.ignore ?? [],
    rules: raw.rules ?? {},
    archive: normaliseArchive(raw.archive ?? {}, dir),
    run: normaliseRun(raw.run ?? {}, dir),
    serve: normaliseServe(raw.serve ?? {}),
    locate,
  };
  if (raw.name !== undefined) config.name = raw.name;
  if (raw.version !== undefined) config.version = raw.version;
  if (raw.flavor !== undefined && isFlavorId(raw.flavor)) config.flavor = raw.flavor;
  if (raw.entry !== undefined) config.entry = abs(raw.entry)!;
  if (raw.handler !== undefined) {
    config.handler = raw.handler;
    const ref = parseHandler(raw.handler);
    if (!('error' in ref)) config.handlerRef = ref;
  }
  if (raw.model_dir !== undefined) config.modelDir = abs(raw.model_dir)!;
  if (raw.env_file !== undefined) config.envFile = abs(raw.env_file)!;
  if (raw.python_version !== undefined) config.pythonVersion = raw.python_version;
  if (raw.env !== undefined) config.env = normaliseEnv(raw.env, dir);
  return config;
}

function normaliseArchive(raw: RawArchive, dir: string): ArchiveConfig {
  const archive: ArchiveConfig = { allowSecrets: raw.allow_secrets ?? [] };
  if (raw.serialized_file !== undefined) archive.serializedFile = resolve(dir, raw.serialized_file);
  if (raw.model_file !== undefined) archive.modelFile = resolve(dir, raw.model_file);
  if (raw.requirements_file !== undefined) archive.requirementsFile = resolve(dir, raw.requirements_file);
  if (raw.config_file !== undefined) archive.configFile = resolve(dir, raw.config_file);
  if (raw.export_path !== undefined) archive.exportPath = resolve(dir, raw.export_path);
  if (raw.format !== undefined) archive.format = raw.format;
  if (raw.runtime !== undefined) archive.runtime = raw.runtime;
  return archive;
}

function normaliseRun(raw: RawRun, dir: string): RunDefaults {
  const run: RunDefaults = {};
  if (raw.input !== undefined)
    run.input = (Array.isArray(raw.input) ? raw.input : [raw.input]).map((p) => resolve(dir, p));
  if (raw.inputs !== undefined) run.inputs = resolve(dir, raw.inputs);
  if (raw.model !== undefined) run.model = resolve(dir, raw.model);
  if (raw.device !== undefined) run.device = raw.device;
  if (raw.timeout !== undefined) run.timeout = raw.timeout;
  if (raw.init_timeout !== undefined) run.initTimeout = raw.init_timeout;
  if (raw.expect !== undefined) run.expect = resolve(dir, raw.expect);
  if (raw.tolerance !== undefined) run.tolerance = raw.tolerance;
  if (raw.config !== undefined) run.config = raw.config;
  return run;
}

function normaliseServe(raw: RawServe): ServeDefaults {
  const names: [keyof RawServe, keyof ServeDefaults][] = [
    ['port', 'port'],
    ['management_port', 'managementPort'],
    ['workers', 'workers'],
    ['batch_size', 'batchSize'],
    ['max_batch_delay', 'maxBatchDelay'],
    ['timeout', 'timeout'],
    ['init_timeout', 'initTimeout'],
    ['max_request_mb', 'maxRequestMb'],
    ['protocol', 'protocol'],
    ['model_name', 'modelName'],
    ['watch', 'watch'],
  ];
  return Object.fromEntries(
    names.filter(([key]) => raw[key] !== undefined).map(([key, name]) => [name, raw[key]]),
  ) as ServeDefaults;
}

function normaliseEnv(raw: RawEnvConfig, dir: string): EnvConfig {
  const env: EnvConfig = {
    provided: raw.provided ?? [],
    importMap: Object.fromEntries(
      Object.entries(raw.import_map ?? {}).map(([name, dists]) => [name, typeof dists === 'string' ? [dists] : dists]),
    ),
    ignoreImports: raw.ignore_imports ?? [],
    rules: raw.rules ?? {},
  };
  if (raw.requirements !== undefined) env.requirements = resolve(dir, raw.requirements);
  if (raw.form !== undefined) env.form = raw.form;
  if (raw.gpu !== undefined) env.gpu = raw.gpu;
  if (raw.base_image !== undefined) env.baseImage = raw.base_image;
  return env;
}

/** The project around an entry, as a flavor's platformSetup reads it. */
export function entryProject(config: ProjectConfig | null): EntryProject | null {
  return config ? { dir: config.dir, ...(config.run.config ? { runConfig: config.run.config } : {}) } : null;
}
