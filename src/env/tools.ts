import { findOnPath } from '../util/python-interpreter.ts';
import { runContained } from '../util/process/run-contained.ts';

/**
 * Running the real tools (python for --local; pip, conda, mamba, micromamba, docker for
 * --resolve) with a time limit, never through a shell, inside mctl's process containment: on
 * the timeout, on Ctrl-C and when the tool exits, everything it started is killed too (pip's
 * build subprocesses, docker's helpers), so no tool outlives mctl or keeps it waiting.
 */
export interface ToolRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  failedToStart?: string;
  command: string;
}

export async function runTool(
  file: string,
  args: string[],
  options: { timeoutMs: number; input?: string; cwd?: string; env: NodeJS.ProcessEnv },
): Promise<ToolRun> {
  const run = await runContained(file, args, {
    timeoutMs: options.timeoutMs,
    input: options.input ?? '',
    cwd: options.cwd ?? process.cwd(),
    env: options.env,
    maxOutputBytes: 64 * 1024 * 1024,
  });
  return {
    exitCode: run.exitCode ?? undefined,
    stdout: run.stdout,
    stderr: run.stderr,
    timedOut: run.timedOut,
    ...(run.failedToStart ? { failedToStart: run.failedToStart } : {}),
    command: [file, ...args].join(' '),
  };
}

/** A program on PATH, or undefined. */
export function findTool(name: string, env: NodeJS.ProcessEnv): string | undefined {
  return findOnPath(process.platform === 'win32' ? `${name}.exe` : name, env);
}
