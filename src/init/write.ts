import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MctlError } from '../errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { TemplateFile } from './templates.ts';

/**
 * Writes every file or none: existing files stop the command (exit 5) unless `force`, and a
 * failure part-way removes what this call created.
 */
export function writeScaffold(dir: string, files: TemplateFile[], force: boolean): void {
  const existing = files.filter((f) => existsSync(join(dir, f.path))).map((f) => f.path);
  if (existing.length > 0 && !force) {
    throw new MctlError('OUTPUT_EXISTS', `${existing.length === 1 ? 'a file' : `${existing.length} files`} would be overwritten: ${existing.join(', ')}`, {
      exit: 'EXISTS',
      hint: 'pass --force to replace them, or init into an empty directory',
      details: { existing },
    });
  }
  const created: string[] = [];
  try {
    for (const file of files) {
      const target = join(dir, file.path);
      createDirs(dirname(target), created);
      const isNew = !existsSync(target);
      writeFileAtomic(target, file.content, { force, mode: file.path.endsWith('.sh') ? 0o755 : 0o644 });
      if (isNew) created.push(target);
    }
  } catch (error) {
    for (const path of created.reverse()) rmSync(path, { recursive: true, force: true });
    throw error;
  }
}

function createDirs(dir: string, created: string[]): void {
  if (existsSync(dir)) return;
  createDirs(dirname(dir), created);
  mkdirSync(dir);
  created.push(dir);
}
