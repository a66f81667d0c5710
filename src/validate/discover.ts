import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isSourceFile } from '../source/index.ts';

// Directories that hold other people's code or build output, never the user's entry scripts.
const SKIP_DIRS = new Set([
  'node_modules',
  '__pycache__',
  'site-packages',
  'venv',
  'env',
  '.venv',
  '.env',
  '.tox',
  '.nox',
  '.git',
  '.hg',
  '.svn',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
  '__MACOSX',
]);

/**
 * Source files (.py, .ts, .js, …) under `root`, sorted, skipping dependency and VCS
 * directories, hidden directories and virtual environments (a pyvenv.cfg or conda-meta
 * inside). Symlinked directories are not followed, so a link loop cannot hang the scan.
 */
export async function discoverSources(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
        if (existsSync(join(path, 'pyvenv.cfg')) || existsSync(join(path, 'conda-meta'))) continue;
        await walk(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isSourceFile(entry.name)) {
        found.push(path);
      }
    }
  }
  await walk(root);
  return found.sort();
}
