import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { MctlError, errnoCode } from '../errors.ts';
import { parseHandler } from '../flavors/handler.ts';
import { FLAVORS, detectFlavor, requireFlavor, type FlavorId } from '../flavors/index.ts';
import { readSourceFile } from '../source/read.ts';
import type { Outline } from '../source/types.ts';
import { createOutliner } from './imports/outliner.ts';
import { isScriptFile } from '../source/script/index.ts';
import type { PythonVersion } from '../source/python/version.ts';
import { displayPath } from '../util/paths.ts';
import { fileKind } from '../util/read-file.ts';

export interface EntryChoice {
  path: string;
  display: string;
  source: 'flag' | 'config';
}

/** --entry, else mctl.yaml's entry, else the module of its handler; none is allowed (no import coverage then). */
export function findEntry(flag: string | undefined, config: ProjectConfig | null, cwd: string): EntryChoice | undefined {
  let path: string | undefined;
  let source: EntryChoice['source'] = 'flag';
  if (flag !== undefined) path = resolve(cwd, flag);
  else if (config?.entry) [path, source] = [config.entry, 'config'];
  else if (config?.handler) {
    const parsed = parseHandler(config.handler);
    if (!('error' in parsed)) [path, source] = [resolve(config.dir, parsed.modulePath), 'config'];
  }
  if (path === undefined) return undefined;
  const shown = flag ?? displayPath(cwd, path);
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw Object.assign(new Error(`is ${fileKind(stats)}, not an entry script`), { code: 'EKIND' });
  } catch (error) {
    const code = errnoCode(error);
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EKIND' ? (error as Error).message : `cannot read (${code ?? String(error)})`;
    throw new MctlError(code === 'ENOENT' ? 'ENTRY_NOT_FOUND' : 'ENTRY_UNREADABLE', `${shown}: ${reason}`, {
      exit: 'BAD_INPUT',
      hint: source === 'flag' ? 'pass the entry script itself: --entry score.py' : 'fix entry (or handler) in mctl.yaml',
      details: { path: shown },
    });
  }
  if (extname(path) !== '.py' && !isScriptFile(path)) {
    throw new MctlError('ENTRY_NOT_SUPPORTED', `${shown}: env check reads Python (.py) and TypeScript/JavaScript (.ts, .js, .mjs, …) entry scripts; this is a ${extname(path) || 'file without extension'}`, {
      exit: 'BAD_INPUT',
      hint: 'pass the entry script itself with --entry',
      details: { path: shown },
    });
  }
  return { path, display: displayPath(cwd, path), source };
}

export interface FlavorChoice {
  id: FlavorId;
  source: 'flag' | 'config' | 'detected';
  reasons: string[];
}

export async function chooseFlavor(flag: string | undefined, config: ProjectConfig | null, entry: EntryChoice | undefined, target: PythonVersion): Promise<FlavorChoice | undefined> {
  if (flag !== undefined) return { id: requireFlavor(flag), source: 'flag', reasons: [] };
  if (config?.flavor) return { id: config.flavor, source: 'config', reasons: [] };
  if (!entry) return undefined;
  const fileName = basename(entry.path);
  // Read here first so that a file that cannot be read stops the command (exit 3).
  readSourceFile(entry.path, entry.display);
  const outliner = createOutliner();
  const result = await outliner.outline({ path: entry.path, display: entry.display, target, full: true }).finally(() => outliner.close());
  if ('error' in result) throw new Error(result.error);
  const outline = result.outline as Outline;
  const detected = detectFlavor(outline, { file: entry.display, fileName, moduleName: fileName.replace(/\.[^.]*$/, ''), target });
  return detected.flavor ? { id: detected.flavor, source: 'detected', reasons: detected.reasons } : undefined;
}

export interface SpecChoice {
  environment: string[];
  requirements: string[];
  /** How they were found, for the report. */
  source: 'flag' | 'config' | 'search';
}

const CONDA_NAMES = ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml'];

/**
 * --env / --requirements, else env_file (and env.requirements) from mctl.yaml, else the
 * file names the flavor's platform uses, next to the entry script and then in the project
 * directory; else any environment.yml or requirements.txt there.
 */
export function findSpecs(flags: { env?: string; requirements?: string }, config: ProjectConfig | null, envConfig: { requirements?: string } | undefined, flavor: FlavorId | undefined, dirs: string[], cwd: string): SpecChoice {
  if (flags.env !== undefined || flags.requirements !== undefined) {
    return { environment: flags.env !== undefined ? [resolve(cwd, flags.env)] : [], requirements: flags.requirements !== undefined ? [resolve(cwd, flags.requirements)] : [], source: 'flag' };
  }
  const fromConfig = [config?.envFile, envConfig?.requirements].filter((p): p is string => p !== undefined);
  if (fromConfig.length > 0) {
    return {
      environment: fromConfig.filter(isCondaFile),
      requirements: fromConfig.filter((p) => !isCondaFile(p)),
      source: 'config',
    };
  }
  const contract = flavor ? FLAVORS[flavor].environment : undefined;
  const preferred = contract?.files ?? [];
  const names = [...new Set([...preferred, ...CONDA_NAMES, 'requirements.txt'])];
  for (const dir of dirs) {
    for (const name of names) {
      const path = resolve(dir, name);
      if (existsSync(path)) return { environment: isCondaFile(path) ? [path] : [], requirements: isCondaFile(path) ? [] : [path], source: 'search' };
    }
  }
  throw new MctlError('NO_ENV_SPEC', `no environment spec found (looked for ${names.join(', ')} in ${[...new Set(dirs.map((d) => displayPath(cwd, d)))].join(' and ')})`, {
    exit: 'BAD_INPUT',
    hint: 'pass --env environment.yml or --requirements requirements.txt, or set env_file in mctl.yaml',
  });
}

export function isCondaFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

export function entryDirs(entry: EntryChoice | undefined, config: ProjectConfig | null, cwd: string): string[] {
  return [...new Set([entry ? dirname(entry.path) : undefined, config?.dir, cwd].filter((d): d is string => d !== undefined))];
}
