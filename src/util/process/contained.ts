import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import { onInterrupt } from '../cleanup.ts';
import { killProcessTree, listDescendants, newRunMarker } from './kill-tree.ts';

/**
 * A process mctl starts to run code it does not control (user code, an interpreter the user
 * named): in a process group of its own, with a per-run marker in its environment, so that
 * it and everything it starts — new sessions and orphans included — can be killed, on a
 * timeout, on Ctrl-C/SIGTERM, and when it is done. mctl waits for the process itself, never
 * for its pipes: an escaped grandchild holding stdout open must not keep mctl from exiting.
 */
export interface ContainedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly marker: string;
  /** Settles when the process itself exits, whoever still holds its pipes. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Remembers its current descendants, to be killed later even if they are orphaned by then. */
  snapshot(): void;
  /** SIGKILL to it and everything it started; synchronous (safe in a signal handler). */
  kill(): void;
  /** Kills what it left behind, lets its pipes drain briefly, then lets go of them. */
  release(): Promise<void>;
}

export interface ContainedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdio: StdioOptions;
}

// Output already in the pipes when the process exits is read in well under this.
const DRAIN_MS = 250;

export async function spawnContained(
  file: string,
  args: string[],
  options: ContainedOptions,
): Promise<ContainedProcess> {
  const marker = newRunMarker();
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: { ...options.env, [marker]: '1' },
    stdio: options.stdio,
    // Own process group: one kill reaches grandchildren, and Ctrl-C reaches only mctl, which
    // then cleans up in order.
    detached: true,
  });
  if (child.pid === undefined) {
    const [error] = (await once(child, 'error')) as [Error];
    throw error;
  }
  const pid = child.pid;
  // Started: later 'error' events (a failed kill) change nothing here; unhandled, they would throw.
  child.on('error', () => undefined);
  const known = new Set<number>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const kill = () => {
    killProcessTree(pid, marker);
    for (const descendant of known) killOne(descendant);
  };
  // Ctrl-C / SIGTERM: main.ts runs this synchronously before exiting 130.
  const unregister = onInterrupt(kill);
  return {
    child,
    pid,
    marker,
    exited,
    snapshot: () => {
      for (const descendant of listDescendants(pid)) known.add(descendant);
    },
    kill,
    release: async () => {
      kill();
      unregister();
      const streams = child.stdio.filter((s) => s !== null && s !== undefined);
      const closed = streams.map((s) => (s.closed ? Promise.resolve() : once(s, 'close').catch(() => undefined)));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(closed),
        new Promise((r) => {
          timer = setTimeout(r, DRAIN_MS);
        }),
      ]);
      clearTimeout(timer);
      for (const stream of streams) stream.destroy();
    },
  };
}

function killOne(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
