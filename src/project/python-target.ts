import { basename, join } from 'node:path';
import { runtimePython } from '../flavors/modelarts.ts';
import type { ProjectConfig } from '../config/load.ts';
import { DEFAULT_PYTHON, parsePythonVersion, type PythonVersion } from '../source/python/version.ts';
import { displayPath } from '../util/paths.ts';
import type { TargetFs } from './locate-handler.ts';

export interface PythonTarget {
  version: PythonVersion;
  /** Where the version came from, for reports: `--python-version`, `environment.yml (python=3.8)`, `default`. */
  from: string;
}

/** Conda environment files a project keeps beside mctl.yaml or the entry, ADS's runtime.yaml, ModelArts' config.json. */
const PINNING_FILES = ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml', 'runtime.yaml', 'config.json'];

/**
 * The Python the platform runs: --python-version, else mctl.yaml python_version, else the
 * version the project's environment file pins (the env_file in mctl.yaml, or a conda file, ADS
 * runtime.yaml or ModelArts config.json beside mctl.yaml, else beside the entry or in the model
 * directory: where env check finds them), else 3.11. Only an exact pin counts (`python=3.8`,
 * `python==3.8.10`, `INFERENCE_PYTHON_VERSION: 3.8`, `"runtime": "tf2.1-python3.7"`); a range
 * says nothing about one version.
 */
export function resolvePythonTarget(
  flag: string | undefined,
  config: ProjectConfig | null,
  cwd: string,
  fs: TargetFs,
  entryDirs: string[] = [],
): PythonTarget {
  if (flag !== undefined) return { version: parsePythonVersion(flag), from: '--python-version' };
  if (config?.pythonVersion) {
    return {
      version: parsePythonVersion(config.pythonVersion, `${displayPath(cwd, config.file)}: python_version`),
      from: 'mctl.yaml python_version',
    };
  }
  const dirs = [...new Set([...(config ? [config.dir] : []), ...entryDirs])];
  const files = config?.envFile
    ? [config.envFile]
    : dirs.flatMap((dir) => PINNING_FILES.map((name) => join(dir, name)));
  for (const file of files) {
    if (!fs.isFile(file)) continue;
    const pin = pinnedPython(fs.readText(file), file);
    if (!pin) continue;
    try {
      return { version: parsePythonVersion(pin.version), from: `${displayPath(cwd, file)} (${pin.text})` };
    } catch {
      // An unsupported pin (python=2.7) is env check's finding to report; validate keeps the default.
    }
  }
  return { version: DEFAULT_PYTHON, from: 'default' };
}

/** The exact Python version a conda environment file, ADS runtime.yaml or ModelArts config.json pins, if any. */
export function pinnedPython(text: string, file = ''): { version: string; text: string } | undefined {
  if (basename(file) === 'config.json') {
    const runtime = jsonRuntime(text);
    const version = runtimePython(runtime);
    return version ? { version, text: `runtime ${String(runtime)}` } : undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    const conda = /^\s*-\s*["']?(python\s*(?:==?|\s)\s*(3\.\d+)(?:\.[\d*]+)?)["']?\s*(?:#.*)?$/.exec(line);
    if (conda) return { version: conda[2]!, text: conda[1]!.replace(/\s+/g, '') };
    const ads = /^\s*INFERENCE_PYTHON_VERSION\s*:\s*["']?(3\.\d+)(?:\.\d+)?["']?\s*(?:#.*)?$/.exec(line);
    if (ads) return { version: ads[1]!, text: `INFERENCE_PYTHON_VERSION: ${ads[1]}` };
  }
  return undefined;
}

function jsonRuntime(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as { runtime?: unknown }).runtime : undefined;
  } catch {
    return undefined;
  }
}
