import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig, type ProjectConfig } from '../config/load.ts';
import { MctlError, errnoCode } from '../errors.ts';
import { parseHandler } from '../flavors/handler.ts';
import { requireFlavor, type FlavorId } from '../flavors/index.ts';
import { DEFAULT_PYTHON, parsePythonVersion, type PythonVersion } from '../source/python/version.ts';
import type { FileJob, FileReport } from './check-file.ts';
import { discoverSources } from './discover.ts';
import type { Finding } from './finding.ts';
import { runJobs } from './run-jobs.ts';
import { displayPath } from '../util/paths.ts';

export interface ValidateOptions {
  cwd: string;
  paths: string[];
  flavor?: string;
  handler?: string;
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
  maxWarnings: number | null;
  /** True when errors were found, or more warnings than --max-warnings allows. */
  failed: boolean;
  /** Set when the directories given held no entry script at all. */
  note?: string;
}

/** `mctl validate`: static checks of entry scripts. Never imports or runs user code. */
export async function validate(options: ValidateOptions): Promise<ValidateResult> {
  const config = loadConfig({ cwd: options.cwd, ...(options.config ? { path: options.config } : {}) });
  const target = resolveTarget(options.pythonVersion, config, options.cwd);
  const flavor = options.flavor === undefined ? undefined : requireFlavor(options.flavor);
  const jobs = await planJobs(options, config, flavor);
  const reports = await runJobs(jobs, { target, rules: config?.rules ?? {} });
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
    pythonVersion: `${target.major}.${target.minor}`,
    maxWarnings,
    failed: summary.errors > 0 || (maxWarnings !== null && summary.warnings > maxWarnings),
  };
  if (summary.entries === 0 && summary.errors === 0) {
    result.note = 'no entry scripts found: no file defines the functions of a known platform contract (pass --flavor to say which)';
  }
  return result;
}

function resolveTarget(flag: string | undefined, config: ProjectConfig | null, cwd: string): PythonVersion {
  if (flag !== undefined) return parsePythonVersion(flag);
  if (config?.pythonVersion) return parsePythonVersion(config.pythonVersion, `${displayPath(cwd, config.file)}: python_version`);
  return DEFAULT_PYTHON;
}

async function planJobs(options: ValidateOptions, config: ProjectConfig | null, flavor: FlavorId | undefined): Promise<FileJob[]> {
  const { cwd } = options;
  const jobs: FileJob[] = [];
  const configFlavor = config?.flavor;
  const forced = (path: string): Pick<FileJob, 'flavor' | 'flavorSource'> => {
    if (flavor) return { flavor, flavorSource: 'flag' };
    if (configFlavor && config && isConfigEntry(path, config)) return { flavor: configFlavor, flavorSource: 'config' };
    return {};
  };

  const handlerText = options.handler ?? (options.paths.length === 0 ? config?.handler : undefined);
  if (handlerText !== undefined) {
    const fromFlag = options.handler !== undefined;
    const parsed = parseHandler(handlerText);
    if ('error' in parsed) {
      throw new MctlError('HANDLER_INVALID', `${fromFlag ? '--handler' : 'mctl.yaml handler'}: ${parsed.error}`, { exit: fromFlag ? 'USAGE' : 'BAD_INPUT', hint: parsed.hint, details: { handler: handlerText } });
    }
    const base = fromFlag || !config ? cwd : config.dir;
    const path = resolve(base, parsed.modulePath);
    await requireReadable(path, fromFlag ? '--handler' : 'mctl.yaml handler');
    jobs.push({
      path,
      display: displayPath(cwd, path),
      explicit: true,
      ...(flavor ? { flavor, flavorSource: 'flag' as const } : { flavor: configFlavor ?? 'mms', flavorSource: configFlavor ? ('config' as const) : ('handler' as const) }),
      ...(parsed.functionName ? { handlerFunction: parsed.functionName } : {}),
    });
  }

  const paths = options.paths.length > 0 || jobs.length > 0 ? options.paths : configPaths(config);
  for (const given of paths) {
    const path = resolve(cwd, given);
    const info = await requireReadable(path, given);
    if (info.isDirectory()) {
      const found = await discoverSources(path);
      if (found.length === 0) {
        throw new MctlError('NO_SOURCES', `${given}: no Python, TypeScript or JavaScript files found`, { exit: 'BAD_INPUT', hint: 'pass the directory that holds the entry script, or the script itself', details: { path: given } });
      }
      for (const file of found) jobs.push({ path: file, display: displayPath(cwd, file), explicit: false, ...forced(file) });
    } else {
      jobs.push({ path, display: displayPath(cwd, path), explicit: true, ...forced(path) });
    }
  }
  if (jobs.length === 0) {
    throw new MctlError('NOTHING_TO_VALIDATE', 'nothing to validate', {
      exit: 'USAGE',
      hint: 'pass entry scripts or directories (mctl validate score.py), --handler module:function, or run inside a project with an mctl.yaml that sets entry or handler',
    });
  }
  // A file named twice (as a path and inside a directory) is checked once.
  const seen = new Set<string>();
  return jobs.filter((job) => !seen.has(job.path) && seen.add(job.path));
}

function configPaths(config: ProjectConfig | null): string[] {
  return config?.entry ? [config.entry] : [];
}

function isConfigEntry(path: string, config: ProjectConfig): boolean {
  return config.entry !== undefined && resolve(config.entry) === path;
}

async function requireReadable(path: string, shown: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = errnoCode(error);
    throw new MctlError(code === 'ENOENT' ? 'PATH_NOT_FOUND' : 'PATH_UNREADABLE', `${shown}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code ?? String(error)})`}`, {
      exit: 'BAD_INPUT',
      hint: code === 'ENOENT' ? 'check the path; it is resolved against the current directory' : 'check the permissions',
      details: { path: shown },
    });
  }
}

