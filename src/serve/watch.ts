import { watch, statSync, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface FileWatcher {
  /** Watch this set of files from now on (the entry's local modules change with its imports). */
  update(files: string[]): void;
  close(): void;
}

/**
 * Calls `onChange` with the files that changed, once the edits settle (editors write a file in
 * several steps: a temp file, a rename, a chmod). Directories are watched, not files, so a save
 * that replaces the file keeps being seen; a file counts as changed when its size or mtime does.
 */
export function watchFiles(files: string[], onChange: (changed: string[]) => void, settleMs = 150): FileWatcher {
  const watchers = new Map<string, FSWatcher>();
  let wanted = new Map<string, string>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const fire = () => {
    timer = undefined;
    const changed = [...pending].filter((file) => {
      const now = signature(file);
      if (now === wanted.get(file)) return false;
      wanted.set(file, now);
      return true;
    });
    pending.clear();
    if (changed.length > 0) onChange(changed);
  };
  const seen = (dir: string, name: string | null) => {
    if (name === null) return;
    const file = join(dir, name);
    if (!wanted.has(file)) return;
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, settleMs);
  };
  const update = (list: string[]) => {
    wanted = new Map(list.map((file) => [file, wanted.get(file) ?? signature(file)]));
    const dirs = new Set(list.map((file) => dirname(file)));
    for (const [dir, watcher] of watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        watchers.set(
          dir,
          watch(dir, (_event, name) => seen(dir, name === null ? null : basename(String(name)))),
        );
      } catch {
        // A directory that went away: nothing to watch there until it is back in a later update.
      }
    }
  };
  update(files);
  return {
    update,
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function signature(file: string): string {
  try {
    const info = statSync(file);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return 'missing';
  }
}
