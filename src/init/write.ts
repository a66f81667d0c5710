import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MctlError } from '../errors.ts';
import { displayPath } from '../util/paths.ts';
import { writeAllOrNothing } from '../util/write-all.ts';
import type { TemplateFile } from './templates.ts';

/**
 * Writes every file or none: existing files stop the command (exit 5) unless `force`, and a
 * failure part-way (an unwritable or immutable file, a full disk) leaves the directory as it
 * was: with `force`, the replaced files are restored.
 */
export function writeScaffold(dir: string, files: TemplateFile[], force: boolean, cwd = process.cwd()): void {
  const targets = files.map((f) => ({ ...f, target: join(dir, f.path) }));
  const existing = targets.filter((f) => existsSync(f.target)).map((f) => f.path);
  if (existing.length > 0 && !force) {
    throw new MctlError(
      'OUTPUT_EXISTS',
      `${existing.length === 1 ? 'a file' : `${existing.length} files`} would be overwritten: ${existing.join(', ')}`,
      {
        exit: 'EXISTS',
        hint: 'pass --force to replace them, or init into an empty directory',
        details: { existing },
      },
    );
  }
  writeAllOrNothing(
    targets.map((f) => ({
      path: f.target,
      shown: displayPath(cwd, f.target),
      content: f.content,
      mode: f.path.endsWith('.sh') ? 0o755 : 0o644,
    })),
    { force, createDirs: true },
  );
}
