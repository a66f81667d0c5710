import { timerMs } from '../util/timer.ts';
import { findOnPath } from '../runtime/python-interpreter.ts';
import { onInterrupt } from '../util/cleanup.ts';

/**
 * Running the real tools (python for --local; pip, conda, mamba, micromamba, docker for
 * --resolve) through execa with a timeout, never a shell. execa is loaded on first use so a
 * plain `env check` does not pay for it.
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

export async function runTool(file: string, args: string[], options: { timeoutMs: number; input?: string; cwd?: string; env: NodeJS.ProcessEnv }): Promise<ToolRun> {
  const { execa } = await import('execa');
  const subprocess = execa(file, args, {
    reject: false,
    timeout: timerMs(options.timeoutMs),
    input: options.input ?? '',
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: options.env,
    extendEnv: false,
    stripFinalNewline: false,
    maxBuffer: 64 * 1024 * 1024,
  });
  // Ctrl-C must not leave pip or conda running on their own.
  const unregister = onInterrupt(() => subprocess.kill('SIGKILL'));
  try {
    const result = await subprocess;
    const failed = result.failed && result.exitCode === undefined && !result.timedOut ? (result.cause instanceof Error ? result.cause.message : result.shortMessage) : undefined;
    return {
      exitCode: result.exitCode,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      timedOut: result.timedOut,
      ...(failed ? { failedToStart: failed } : {}),
      command: [file, ...args].join(' '),
    };
  } finally {
    unregister();
  }
}

/** A program on PATH, or undefined. */
export function findTool(name: string, env: NodeJS.ProcessEnv): string | undefined {
  return findOnPath(process.platform === 'win32' ? `${name}.exe` : name, env);
}
