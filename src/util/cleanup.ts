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
