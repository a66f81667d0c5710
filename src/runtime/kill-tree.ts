import { readdirSync, readFileSync } from 'node:fs';

/**
 * SIGKILL a child started in its own process group, and every process descended from it.
 * The group kill reaches what the child started; the /proc walk (Linux) also reaches
 * descendants that moved to a group or session of their own. Descendants are listed before
 * anything is killed, because orphans are re-parented at once. Synchronous, so it can run
 * from a signal handler.
 */
export function killProcessTree(pid: number): void {
  const descendants = listDescendants(pid);
  signal(-pid);
  signal(pid);
  for (const child of descendants) signal(child);
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
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
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
