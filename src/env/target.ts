import { DEFAULT_PYTHON, MAX_PYTHON, MIN_PYTHON, type PythonVersion } from '../source/python/version.ts';
import { allowsMinor, type Target } from './checks/spec-rules.ts';
import type { EnvSpec } from './spec.ts';

/** --python-version, else mctl.yaml python_version, else the conda env's own single-minor pin, else the default. */
export function chooseTarget(
  flag: PythonVersion | undefined,
  config: PythonVersion | undefined,
  spec: EnvSpec,
): Target {
  if (flag) return { version: flag, source: 'flag' };
  if (config) return { version: config, source: 'config' };
  const pin = spec.python?.specifier;
  if (pin) {
    const minors = Array.from(
      { length: MAX_PYTHON.minor - MIN_PYTHON.minor + 1 },
      (_, i) => i + MIN_PYTHON.minor,
    ).filter((m) => allowsMinor(pin, m));
    if (minors.length === 1) return { version: { major: 3, minor: minors[0]! }, source: 'spec' };
  }
  return { version: DEFAULT_PYTHON, source: 'default' };
}
