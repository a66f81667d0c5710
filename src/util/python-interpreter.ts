import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { MctlError } from '../errors.ts';

export type InterpreterSource = 'flag' | 'MCTL_PYTHON' | 'conda' | 'virtualenv' | 'PATH';

export interface Interpreter {
  /** Absolute path, or a bare command found on PATH. */
  path: string;
  source: InterpreterSource;
}

/**
 * Which python `mctl run` and `mctl env check --local` use: --python, else MCTL_PYTHON, else
 * the active conda env, else the active virtualenv, else python3 on PATH. Shared so both
 * commands always agree.
 */
export function resolvePython(options: { flag?: string; env: NodeJS.ProcessEnv; cwd?: string }): Interpreter {
  const { env } = options;
  const cwd = options.cwd ?? process.cwd();
  const windows = process.platform === 'win32';
  const inEnv = (root: string) => (windows ? join(root, 'python.exe') : join(root, 'bin', 'python'));
  if (options.flag) return checked({ path: options.flag, source: 'flag' }, env, '--python', cwd);
  if (env.MCTL_PYTHON) return checked({ path: env.MCTL_PYTHON, source: 'MCTL_PYTHON' }, env, 'MCTL_PYTHON', cwd);
  if (env.CONDA_PREFIX && existsSync(inEnv(env.CONDA_PREFIX)))
    return { path: inEnv(env.CONDA_PREFIX), source: 'conda' };
  if (env.VIRTUAL_ENV && existsSync(inEnv(env.VIRTUAL_ENV)))
    return { path: inEnv(env.VIRTUAL_ENV), source: 'virtualenv' };
  const onPath = findOnPath(windows ? 'python.exe' : 'python3', env);
  if (onPath) return { path: onPath, source: 'PATH' };
  throw new MctlError('PYTHON_NOT_FOUND', 'no Python interpreter found', {
    exit: 'ENVIRONMENT',
    hint: 'install Python 3, activate a conda env or virtualenv, or point --python / MCTL_PYTHON at an interpreter',
  });
}

/** A path is made absolute against cwd (children may run elsewhere); a bare name is looked up on PATH. */
function checked(interpreter: Interpreter, env: NodeJS.ProcessEnv, shown: string, cwd: string): Interpreter {
  const isPath = interpreter.path.includes('/') || interpreter.path.includes('\\');
  const path = isPath
    ? isAbsolute(interpreter.path)
      ? interpreter.path
      : resolve(cwd, interpreter.path)
    : findOnPath(interpreter.path, env);
  if (!path || !isExecutable(path)) {
    throw new MctlError('PYTHON_NOT_FOUND', `${shown}: '${interpreter.path}' is not an executable Python interpreter`, {
      exit: 'ENVIRONMENT',
      hint: 'give the path of a python executable, e.g. /usr/bin/python3 or .venv/bin/python',
      details: { path: interpreter.path },
    });
  }
  return { ...interpreter, path };
}

export function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
