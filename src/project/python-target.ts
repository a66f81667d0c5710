import { join } from 'node:path';
import type { ProjectConfig } from '../config/load.ts';
import { DEFAULT_PYTHON, parsePythonVersion, type PythonVersion } from '../source/python/version.ts';
import { displayPath } from '../util/paths.ts';
import type { TargetFs } from './locate-handler.ts';

export interface PythonTarget {
  version: PythonVersion;
  /** Where the version came from, for reports: `--python-version`, `environment.yml (python=3.8)`, `default`. */
  from: string;
}

/** Conda environment files a project keeps beside mctl.yaml, and ADS's runtime.yaml. */
const PINNING_FILES = ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml', 'runtime.yaml'];

/**
 * The Python the platform runs: --python-version, else mctl.yaml python_version, else the
 * version the project's environment file pins (the env_file in mctl.yaml, or a conda file or
 * ADS runtime.yaml beside mctl.yaml), else 3.11. Only an exact pin counts (`python=3.8`,
 * `python==3.8.10`, `INFERENCE_PYTHON_VERSION: 3.8`); a range says nothing about one version.
 */
export function resolvePythonTarget(
  flag: string | undefined,
  config: ProjectConfig | null,
  cwd: string,
  fs: TargetFs,
): PythonTarget {
  if (flag !== undefined) return { version: parsePythonVersion(flag), from: '--python-version' };
  if (config?.pythonVersion) {
    return {
      version: parsePythonVersion(config.pythonVersion, `${displayPath(cwd, config.file)}: python_version`),
      from: 'mctl.yaml python_version',
    };
  }
  if (config) {
    const files = config.envFile ? [config.envFile] : PINNING_FILES.map((name) => join(config.dir, name));
    for (const file of files) {
      if (!fs.isFile(file)) continue;
      const pin = pinnedPython(fs.readText(file));
      if (!pin) continue;
      try {
        return { version: parsePythonVersion(pin.version), from: `${displayPath(cwd, file)} (${pin.text})` };
      } catch {
        // An unsupported pin (python=2.7) is env check's finding to report; validate keeps the default.
      }
    }
  }
  return { version: DEFAULT_PYTHON, from: 'default' };
}

/** The exact Python version a conda environment file or ADS runtime.yaml pins, if any. */
export function pinnedPython(text: string): { version: string; text: string } | undefined {
  for (const line of text.split(/\r?\n/)) {
    const conda = /^\s*-\s*["']?(python\s*(?:==?|\s)\s*(3\.\d+)(?:\.[\d*]+)?)["']?\s*(?:#.*)?$/.exec(line);
    if (conda) return { version: conda[2]!, text: conda[1]!.replace(/\s+/g, '') };
    const ads = /^\s*INFERENCE_PYTHON_VERSION\s*:\s*["']?(3\.\d+)(?:\.\d+)?["']?\s*(?:#.*)?$/.exec(line);
    if (ads) return { version: ads[1]!, text: `INFERENCE_PYTHON_VERSION: ${ads[1]}` };
  }
  return undefined;
}
