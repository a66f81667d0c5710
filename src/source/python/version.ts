import { MctlError } from '../../errors.ts';

/** A Python language version, for syntax that exists only from some release on. */
export interface PythonVersion {
  major: 3;
  minor: number;
}

// 3.7 still runs on ModelArts and other older serving images.
export const MIN_PYTHON: PythonVersion = { major: 3, minor: 7 };
export const MAX_PYTHON: PythonVersion = { major: 3, minor: 14 };
export const DEFAULT_PYTHON: PythonVersion = { major: 3, minor: 11 };

export function parsePythonVersion(value: string, source = '--python-version'): PythonVersion {
  const match = /^3\.(\d{1,2})(?:\.\d+)?$/.exec(value.trim());
  const minor = match ? Number(match[1]) : NaN;
  if (!match || minor < MIN_PYTHON.minor || minor > MAX_PYTHON.minor) {
    throw new MctlError('PYTHON_VERSION_INVALID', `${source}: '${value}' is not a supported Python version`, {
      exit: 'USAGE',
      hint: `give a version from ${formatVersion(MIN_PYTHON)} to ${formatVersion(MAX_PYTHON)}, e.g. 3.11`,
      details: { value },
    });
  }
  return { major: 3, minor };
}

export function formatVersion(version: PythonVersion): string {
  return `${version.major}.${version.minor}`;
}

export function atLeast(version: PythonVersion, minor: number): boolean {
  return version.minor >= minor;
}
