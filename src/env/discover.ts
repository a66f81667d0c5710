import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { MctlError } from '../errors.ts';
import { FLAVORS, type FlavorId } from '../flavors/index.ts';
import { resolveTarget } from '../project/target.ts';
import { checkEntry } from '../validate/check-entry.ts';
import { displayPath } from '../util/paths.ts';

export interface EntryChoice {
  path: string;
  display: string;
  source: 'flag' | 'config';
}

export interface FlavorChoice {
  id: FlavorId;
  source: 'flag' | 'config' | 'handler' | 'detected';
  reasons: string[];
}

/**
 * The entry and its flavor from the one resolver (--entry, else mctl.yaml's entry or the module
 * of its handler), the flavor detected as validate detects it when none is given. No entry is
 * allowed: import coverage is then not checked.
 */
export function chooseEntry(
  flags: { entry?: string; flavor?: FlavorId },
  config: ProjectConfig | null,
  cwd: string,
): { entry?: EntryChoice; flavor?: FlavorChoice } {
  const target = resolveTarget({ cwd, config, flags });
  const given = target.flavor ? { id: target.flavor.id, source: target.flavor.source, reasons: [] } : undefined;
  if (target.kind !== 'entry') return given ? { flavor: given } : {};
  const entry: EntryChoice = { path: target.entry.path, display: target.entry.shown, source: target.entry.origin };
  if (target.flavor && target.flavor.source !== 'handler') return { entry, flavor: given! };
  const report = checkEntry(target, { rules: {} });
  if (!report.flavor) return { entry };
  const source = report.flavorSource === 'handler' ? 'handler' : 'detected';
  return { entry, flavor: { id: report.flavor, source, reasons: report.reasons } };
}

export interface SpecChoice {
  environment: string[];
  requirements: string[];
  /** ModelArts config.json files: JSON, never read as YAML or as a requirements file. */
  modelartsConfig: string[];
  /** How they were found, for the report. */
  source: 'flag' | 'config' | 'search';
}

const CONDA_NAMES = ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml'];

/**
 * --env / --requirements, else env_file (and env.requirements) from mctl.yaml, else the
 * file names the flavor's platform uses, next to the entry script and then in the project
 * directory; else any environment.yml or requirements.txt there. A `.json` spec of a Python
 * entry is ModelArts' model configuration (config.json).
 */
export function findSpecs(
  flags: { env?: string; requirements?: string },
  config: ProjectConfig | null,
  envConfig: { requirements?: string } | undefined,
  flavor: FlavorId | undefined,
  dirs: string[],
  cwd: string,
): SpecChoice {
  if (flags.env !== undefined || flags.requirements !== undefined) {
    const env = flags.env !== undefined ? resolve(cwd, flags.env) : undefined;
    const given = [env, flags.requirements !== undefined ? resolve(cwd, flags.requirements) : undefined];
    return {
      ...sortSpecs(
        given.filter((p): p is string => p !== undefined),
        env,
      ),
      source: 'flag',
    };
  }
  const fromConfig = [config?.envFile, envConfig?.requirements].filter((p): p is string => p !== undefined);
  if (fromConfig.length > 0) {
    return { ...sortSpecs(fromConfig, config?.envFile), source: 'config' };
  }
  const contract = flavor ? FLAVORS[flavor].environment : undefined;
  const preferred = contract?.files ?? [];
  const names = [...new Set([...preferred, ...CONDA_NAMES, 'requirements.txt'])];
  for (const dir of dirs) {
    for (const name of names) {
      const path = resolve(dir, name);
      if (existsSync(path)) return { ...sortSpecs([path], path), source: 'search' };
    }
  }
  throw new MctlError(
    'NO_ENV_SPEC',
    `no environment spec found (looked for ${names.join(', ')} ` +
      `in ${[...new Set(dirs.map((d) => displayPath(cwd, d)))].join(' and ')})`,
    {
      exit: 'BAD_INPUT',
      hint: 'pass --env environment.yml or --requirements requirements.txt, or set env_file in mctl.yaml',
    },
  );
}

export function isCondaFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function isJsonFile(path: string): boolean {
  return /\.json$/i.test(path);
}

/** By form: conda YAML, a ModelArts config.json (only where it names the environment file), else pip requirements. */
function sortSpecs(paths: string[], envFile: string | undefined): Omit<SpecChoice, 'source'> {
  const json = (p: string) => p === envFile && isJsonFile(p);
  return {
    environment: paths.filter(isCondaFile),
    requirements: paths.filter((p) => !isCondaFile(p) && !json(p)),
    modelartsConfig: paths.filter(json),
  };
}

export function entryDirs(entry: EntryChoice | undefined, config: ProjectConfig | null, cwd: string): string[] {
  return [
    ...new Set([entry ? dirname(entry.path) : undefined, config?.dir, cwd].filter((d): d is string => d !== undefined)),
  ];
}
