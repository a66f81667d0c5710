import { statSync } from 'node:fs';
import { relative, sep } from 'node:path';

/** A path as messages show it: relative to cwd, with forward slashes (`.` for cwd itself). */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** True for an existing regular file (following links); false for anything else or an error. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
