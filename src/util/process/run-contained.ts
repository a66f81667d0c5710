import type { Readable, Writable } from 'node:stream';
import { timerMs } from '../timer.ts';
import { spawnContained, type ContainedProcess } from './contained.ts';

/**
 * Runs a program to completion (an interpreter the user named, a wrapper script) with a time
 * limit, inside the containment of contained.ts: on the timeout it and everything it started
 * are killed, and once it exits whatever it left running is killed too, so a wrapper that
 * leaves a grandchild holding stdout neither outlives mctl nor keeps it waiting.
 */
export interface ContainedRun {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Why it could not be started at all (ENOENT, EACCES). */
  failedToStart?: string;
}

export interface ContainedRunOptions {
  timeoutMs: number;
  input?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Output kept per stream; the rest is dropped. */
  maxOutputBytes?: number;
}

export async function runContained(file: string, args: string[], options: ContainedRunOptions): Promise<ContainedRun> {
  let child: ContainedProcess;
  try {
    child = await spawnContained(file, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const failedToStart = (error as Error).message;
    return { exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, failedToStart };
  }
  const max = options.maxOutputBytes ?? 16 * 2 ** 20;
  const stdout = collect(child.child.stdio[1] as Readable, max);
  const stderr = collect(child.child.stdio[2] as Readable, max);
  const stdin = child.child.stdio[0] as Writable;
  stdin.on('error', () => undefined);
  stdin.end(options.input ?? '');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill();
  }, timerMs(options.timeoutMs));
  const status = await child.exited;
  clearTimeout(timer);
  await child.release();
  return { exitCode: status.code, signal: status.signal, stdout: stdout.text(), stderr: stderr.text(), timedOut };
}

function collect(stream: Readable, max: number): { text(): string } {
  const chunks: Buffer[] = [];
  let length = 0;
  stream.on('data', (chunk: Buffer) => {
    if (length >= max) return;
    chunks.push(chunk.subarray(0, max - length));
    length += Math.min(chunk.length, max - length);
  });
  stream.on('error', () => undefined);
  return { text: () => Buffer.concat(chunks).toString('utf8') };
}
