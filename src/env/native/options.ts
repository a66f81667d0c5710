import type { ProjectConfig } from '../../config/load.ts';
import { MctlError } from '../../errors.ts';

export interface PythonOnlyFlags {
  form?: string;
  gpu?: boolean;
  pythonVersion?: string;
  requirements?: string;
  resolve?: boolean;
  python?: string;
  output?: string;
  envFile?: string;
}

const FLAGS: [keyof PythonOnlyFlags, string, string][] = [
  [
    'form',
    '--form',
    'npm installs a native project from package.json (npm ci --omit=dev); there is no conda or Docker form to build',
  ],
  ['output', '--output', 'it writes the spec --form builds, and a native project has none'],
  [
    'gpu',
    '--gpu',
    'it picks a CUDA base image for --form docker; for a native entry, choose the device with mctl run --device',
  ],
  ['pythonVersion', '--python-version', 'a native entry runs on Node.js, the one that runs mctl'],
  ['requirements', '--requirements', 'a native project declares its packages in package.json'],
  ['resolve', '--resolve', 'it dry-runs pip, conda and docker; for npm, run npm install --dry-run'],
  ['python', '--python', 'a native entry runs on Node.js, not Python'],
];

/**
 * Flags that only mean something for a Python spec are usage errors (exit 2) for a native
 * project, rather than being ignored: a CI job that passes --form docker expects a Dockerfile,
 * and silence would hide that none is built. --env is accepted when it names a .json file
 * (the package.json to check).
 */
export function refusePythonOnlyFlags(flags: PythonOnlyFlags, entry: string | null): void {
  const what = entry
    ? `${entry} is a native (TypeScript/JavaScript) entry`
    : 'this is a native (TypeScript/JavaScript) project';
  for (const [key, flag, why] of FLAGS) {
    const value = flags[key];
    if (value === undefined || value === false) continue;
    throw new MctlError('ENV_OPTION_NOT_NATIVE', `${flag} applies to Python environment specs, but ${what}: ${why}`, {
      exit: 'USAGE',
      hint: `leave out ${flag}; mctl env check reads package.json for native entries`,
      details: { option: flag },
    });
  }
  if (flags.envFile !== undefined && !flags.envFile.endsWith('.json')) {
    throw new MctlError(
      'ENV_OPTION_NOT_NATIVE',
      `--env ${flags.envFile}: ${what}, whose environment is package.json, not a conda file`,
      {
        exit: 'USAGE',
        hint: 'pass --env path/to/package.json, or leave --env out to use the nearest package.json',
        details: { option: '--env' },
      },
    );
  }
}

/** mctl.yaml settings that only a Python check reads, named in a note when set on a native project. */
export function ignoredConfigSettings(config: ProjectConfig | null): string[] {
  if (!config) return [];
  const env = config.env;
  return [
    config.envFile !== undefined && !config.envFile.endsWith('.json') ? 'env_file' : undefined,
    config.pythonVersion !== undefined ? 'python_version' : undefined,
    env?.requirements !== undefined ? 'env.requirements' : undefined,
    env?.form !== undefined ? 'env.form' : undefined,
    env?.gpu !== undefined ? 'env.gpu' : undefined,
    env?.baseImage !== undefined ? 'env.base_image' : undefined,
    env && Object.keys(env.importMap).length > 0 ? 'env.import_map' : undefined,
  ].filter((s): s is string => s !== undefined);
}
