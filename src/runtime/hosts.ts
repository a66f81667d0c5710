import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildSpec } from './child-host.ts';
import type { LogSink } from './log-sink.ts';

/** mctl's package directory (from src/ or dist/). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the shipped Python package lives: <package root>/python. */
export const PYTHON_PACKAGE_ROOT = join(PACKAGE_ROOT, 'python');

/**
 * For an archive run: a native entry's shim (python/mctl_runtime/native_host.py) finds mctl
 * through MCTL_HOME and Node through MCTL_NODE, else on PATH. `mctl run --archive` serves the
 * archive with this mctl and this Node unless the caller set them, so what it runs is what
 * it is, not whichever mctl a PATH lookup would find.
 */
export function servingHostEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    ...(env.MCTL_HOME ? {} : { MCTL_HOME: PACKAGE_ROOT }),
    ...(env.MCTL_NODE ? {} : { MCTL_NODE: process.execPath }),
  };
}

/**
 * The Python harness: `python -c` so that no script directory lands on sys.path (the harness
 * then sets sys.path exactly as the platform would); unbuffered, so the script's prints show
 * up in order and before a timeout kills it; -B, so no __pycache__ lands in the user's project
 * (or in mctl's install directory).
 */
export function pythonChild(
  python: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  log: LogSink,
  maxReplyBytes: number,
): ChildSpec {
  const bootstrap = 'import sys; sys.path.insert(0, sys.argv[1]); from mctl_runtime.harness import main; main()';
  return {
    file: python,
    args: ['-u', '-B', '-c', bootstrap, PYTHON_PACKAGE_ROOT],
    cwd,
    env: { ...env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
    runtime: 'python',
    log,
    maxReplyBytes,
  };
}

/**
 * The Node harness, in a child of its own so that a timeout can kill a busy loop and a
 * process.exit() in the entry cannot end mctl. TypeScript entries run by Node's type
 * stripping: on by default from Node 23.6, behind a flag on 22.12+.
 */
export function nodeChild(env: NodeJS.ProcessEnv, cwd: string, log: LogSink, maxReplyBytes: number): ChildSpec {
  const here = fileURLToPath(import.meta.url);
  const harness = join(dirname(here), `node-harness${here.endsWith('.ts') ? '.ts' : '.js'}`);
  const typescript = (process.features as { typescript?: string | false }).typescript;
  const flags = typescript ? [] : ['--experimental-strip-types'];
  return {
    file: process.execPath,
    args: [...flags, '--disable-warning=ExperimentalWarning', harness],
    cwd,
    env: stripNodeOptions(env),
    runtime: 'node',
    log,
    maxReplyBytes,
  };
}

function stripNodeOptions(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Set by `node --test` for its own children; the harness is not a test file.
  const copy = { ...env };
  delete copy.NODE_TEST_CONTEXT;
  // onnxruntime's Linux telemetry writes .ses and mat-debug-<pid>.log into the temp dir on every
  // session it creates; mctl leaves nothing behind, so it is off unless the user sets it.
  copy.ORT_DISABLE_TELEMETRY ??= '1';
  return copy;
}
