import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadConfig, type ProjectConfig } from '../config/load.ts';
import { MctlError, errnoCode } from '../errors.ts';
import type { FlavorId } from '../flavors/index.ts';
import { resolveTarget, type ResolvedTarget } from '../project/target.ts';
import { realFs } from '../project/locate-handler.ts';
import { resolvePythonTarget } from '../project/python-target.ts';
import { formatVersion } from '../source/python/version.ts';
import type { FileJob, FileReport } from './check-file.ts';
import { discoverSources } from './discover.ts';
import type { Finding } from '../findings/finding.ts';
import { runJobs } from './run-jobs.ts';
import { displayPath } from '../util/paths.ts';

export interface ValidateOptions {
  cwd: string;
  paths: string[];
  flavor?: FlavorId;
  handler?: string;
  /** The model directory, where a handler's module is looked for first (model-archiver's --model-path). */
  modelDir?: string;
  maxWarnings?: number;
  pythonVersion?: string;
  config?: string;
}

export interface ValidateSummary {
  files: number;
  entries: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface ValidateResult {
  files: FileReport[];
  summary: ValidateSummary;
  pythonVersion: string;
  /** Where the target version came from: --python-version, mctl.yaml, the environment file's pin, default. */
  pythonVersionFrom: string;
  maxWarnings: number | null;
  /** True when errors were found, or more warnings than --max-warnings allows. */
  failed: boolean;
  /** Set when the directories given held no entry script at all. */
  note?: string;
}

/** `mctl validate`: static checks of entry scripts. Never imports or runs user code. */
export async function validate(options: ValidateOptions): Promise<ValidateResult> {
  const config = loadConfig({ cwd: options.cwd, ...(options.config ? { path: options.config } : {}) });
  // The paths given replace mctl.yaml's entry; --handler and --flavor still come through the resolver.
  const fromPaths = options.paths.length > 0 && options.handler === undefined;
  const target = resolveTarget({
    cwd: options.cwd,
    config: fromPaths && config ? withoutTarget(config) : config,
    flags: { ...pick(options, 'handler', 'flavor', 'pythonVersion', 'modelDir') },
  });
  // Files named on the command line: the environment file beside them may pin the Python.
  const python =
    fromPaths && target.python.from === 'default'
      ? resolvePythonTarget(undefined, config, options.cwd, realFs, pathDirs(options.paths, options.cwd))
      : target.python;
  const jobs = await planJobs(options, target);
  const reports = await runJobs(jobs, { target: python.version, rules: config?.rules ?? {} });
  const all: Finding[] = reports.flatMap((r) => r.findings);
  const summary: ValidateSummary = {
    files: reports.length,
    entries: reports.filter((r) => r.role === 'entry').length,
    errors: all.filter((f) => f.severity === 'error').length,
    warnings: all.filter((f) => f.severity === 'warning').length,
    infos: all.filter((f) => f.severity === 'info').length,
  };
  const maxWarnings = options.maxWarnings ?? null;
  const result: ValidateResult = {
    files: reports,
    summary,
    pythonVersion: formatVersion(python.version),
    pythonVersionFrom: python.from,
    maxWarnings,
    failed: summary.errors > 0 || (maxWarnings !== null && summary.warnings > maxWarnings),
  };
  if (target.kind === 'builtin') {
    result.note =
      `${target.builtin} is a TorchServe built-in handler: ` +
      'its code ships with TorchServe, so there is no script to check';
  } else if (summary.entries === 0 && summary.errors === 0) {
    result.note =
      'no entry scripts found: no file defines the functions of a known platform contract (pass --flavor to say which)';
  }
  return result;
}

async function planJobs(options: ValidateOptions, target: ResolvedTarget): Promise<FileJob[]> {
  const { cwd } = options;
  const jobs: FileJob[] = [];
  const flagFlavor = target.flavor?.source === 'flag' ? target.flavor.id : undefined;
  const configEntry = target.config?.entry;
  const forced = (path: string): Pick<FileJob, 'flavor' | 'flavorSource'> => {
    if (flagFlavor) return { flavor: flagFlavor, flavorSource: 'flag' };
    if (target.config?.flavor && configEntry !== undefined && resolve(configEntry) === path)
      return { flavor: target.config.flavor, flavorSource: 'config' };
    return {};
  };
  if (target.kind === 'entry') {
    const functionName = target.handler?.ref.functionName;
    jobs.push({
      path: target.entry.path,
      display: target.entry.shown,
      explicit: true,
      ...(target.flavor ? { flavor: target.flavor.id, flavorSource: target.flavor.source } : {}),
      ...(functionName ? { handlerFunction: functionName } : {}),
    });
  }
  for (const given of options.paths) {
    const path = resolve(cwd, given);
    const info = await requireReadable(path, given);
    if (info.isDirectory()) {
      const found = await discoverSources(path);
      if (found.length === 0) {
        throw new MctlError('NO_SOURCES', `${given}: no Python, TypeScript or JavaScript files found`, {
          exit: 'BAD_INPUT',
          hint: 'pass the directory that holds the entry script, or the script itself',
          details: { path: given },
        });
      }
      for (const file of found)
        jobs.push({ path: file, display: displayPath(cwd, file), explicit: false, ...forced(file) });
    } else {
      jobs.push({ path, display: displayPath(cwd, path), explicit: true, ...forced(path) });
    }
  }
  if (jobs.length === 0 && target.kind !== 'builtin') {
    throw new MctlError('NOTHING_TO_VALIDATE', 'nothing to validate', {
      exit: 'USAGE',
      hint:
        'pass entry scripts or directories (mctl validate score.py), --handler module:function, ' +
        'or run inside a project with an mctl.yaml that sets entry or handler',
    });
  }
  // A file named twice (as a path and inside a directory) is checked once.
  const seen = new Set<string>();
  return jobs.filter((job) => !seen.has(job.path) && seen.add(job.path));
}

function withoutTarget(config: ProjectConfig): ProjectConfig {
  const { handler: _handler, entry: _entry, ...rest } = config;
  return rest;
}

function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

async function requireReadable(path: string, shown: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = errnoCode(error);
    throw new MctlError(
      code === 'ENOENT' ? 'PATH_NOT_FOUND' : 'PATH_UNREADABLE',
      `${shown}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code ?? String(error)})`}`,
      {
        exit: 'BAD_INPUT',
        hint:
          code === 'ENOENT' ? 'check the path; it is resolved against the current directory' : 'check the permissions',
        details: { path: shown },
      },
    );
  }
}

function pathDirs(paths: string[], cwd: string): string[] {
  return paths.map((p) => resolve(cwd, p)).map((p) => (realFs.isFile(p) ? dirname(p) : p));
}
