/**
 * Work to undo if mctl is interrupted: temp files, temp directories, child processes.
 * main.ts installs the SIGINT/SIGTERM handlers once; domain code only registers and
 * unregisters callbacks, so nothing else needs to know about signals.
 */
type Cleanup = () => void;

const pending = new Set<Cleanup>();

/** Registers `fn` to run if the process is interrupted; returns the unregister function. */
export function onInterrupt(fn: Cleanup): () => void {
  pending.add(fn);
  return () => pending.delete(fn);
}

/** Runs every registered cleanup once (synchronously: we may be about to exit). */
export function runCleanups(): void {
  for (const fn of [...pending]) {
    pending.delete(fn);
    try {
      fn();
    } catch {
      // Best effort: one failed cleanup must not stop the others.
    }
  }
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

let stopHandler: ((signal: StopSignal) => void) | undefined;
let stopTaken = false;

/**
 * A long-running command (mctl serve) that stops by itself: the first SIGINT/SIGTERM is handed
 * to `fn` (it finishes what is under way and returns); a second one interrupts at once, running
 * the cleanups above. Returns the unregister function.
 */
export function onStopSignal(fn: (signal: StopSignal) => void): () => void {
  stopHandler = fn;
  stopTaken = false;
  return () => {
    if (stopHandler === fn) stopHandler = undefined;
  };
}

/** main.ts's signal handler asks first: true when a command took this signal to stop gracefully. */
export function takeStopSignal(signal: StopSignal): boolean {
  if (!stopHandler || stopTaken) return false;
  stopTaken = true;
  stopHandler(signal);
  return true;
}
