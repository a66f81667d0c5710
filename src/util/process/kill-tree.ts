import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * SIGKILL a child started in its own process group, and every process descended from it.
 * The group kill reaches what the child started; the /proc walk (Linux) also reaches
 * descendants that moved to a group or session of their own; the run marker reaches those
 * that were orphaned on the way (a grandchild in a new session whose parent has exited is
 * re-parented to init, off the tree). Descendants are listed before anything is killed,
 * because orphans are re-parented at once. Synchronous, so it can run from a signal handler.
 */
export function killProcessTree(pid: number, marker?: string): void {
  const descendants = listDescendants(pid);
  signal(-pid);
  signal(pid);
  for (const child of descendants) signal(child);
  if (marker) killMarked(marker);
}

/**
 * A per-run environment variable (MCTL_RUN_<random>=1) given to every process mctl starts,
 * and inherited by whatever those start. Its name holds the id, so runs nested inside user
 * code keep the outer run's marker as well as their own.
 */
export function newRunMarker(): string {
  return `MCTL_RUN_${randomBytes(8).toString('hex')}`;
}

/** SIGKILL every process carrying the marker; a few rounds, for forks made meanwhile. */
export function killMarked(marker: string): void {
  for (let round = 0; round < 3; round++) {
    const found = listMarked(marker);
    if (found.length === 0) return;
    for (const pid of found) signal(pid);
  }
}

/** Processes (of this user: others' environments cannot be read) whose environment has the marker. */
export function listMarked(marker: string): number[] {
  const needle = Buffer.from(`${marker}=`);
  const found: number[] = [];
  for (const entry of procEntries()) {
    if (Number(entry) === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue;
    }
    const at = environ.indexOf(needle);
    if (at === 0 || (at > 0 && environ[at - 1] === 0)) found.push(Number(entry));
  }
  return found;
}

function signal(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // Already gone, or not ours: nothing to do.
  }
}

/** Every process whose parent chain leads to pid (empty where /proc is not available). */
export function listDescendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of procEntries()) {
    const parent = parentOf(entry);
    if (parent === undefined) continue;
    const list = parents.get(parent) ?? [];
    list.push(Number(entry));
    parents.set(parent, list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function procEntries(): string[] {
  try {
    return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
}

function parentOf(entry: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces; fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/**
 * A harness whose mctl is gone (even by SIGKILL): everything the run started (the marker reaches
 * new sessions), then the harness's own process group, itself included.
 */
export function takeDownRun(marker: string | undefined): never {
  if (marker) killMarked(marker);
  process.kill(-process.pid, 'SIGKILL');
  // SIGKILL to our own group does not return; this keeps the type honest.
  process.exit(137);
}
