import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MctlError } from '../errors.ts';
import { refuseExisting, tempPathFor } from './atomic-write.ts';
import { onInterrupt } from './cleanup.ts';
import { refuseLongName } from './name-length.ts';
import { isOsError, osError } from './os-error.ts';

export interface FileToWrite {
  path: string;
  /** As shown to the user. */
  shown: string;
  content: string | Uint8Array;
  mode?: number;
}

/**
 * Writes several files as one, or none of them: every file is first written to a temp file
 * beside its target (creating missing directories), and only then renamed into place; a
 * file replaced under `force` is moved aside first, so a failure at any point (a full disk,
 * an immutable file, Ctrl-C) puts every earlier file back and removes what was created.
 */
export function writeAllOrNothing(files: FileToWrite[], options: { force: boolean; createDirs: boolean }): void {
  const { force } = options;
  for (const file of files) {
    refuseLongName(file.path, file.shown);
    refuseExisting(file.path, force, file.shown);
    refuseDirectory(file);
  }
  const staged = new Staging(options.createDirs);
  const unregister = onInterrupt(() => staged.undo());
  let current: FileToWrite | undefined;
  try {
    for (const file of files) {
      current = file;
      staged.write(file);
    }
    current = undefined;
    // Re-check: another process may have created a target while we wrote.
    for (const file of files) refuseExisting(file.path, force, file.shown);
    for (const file of files) {
      current = file;
      staged.place(file);
    }
    staged.finish();
  } catch (error) {
    staged.undo();
    throw isOsError(error) ? osError(error, { action: 'write', ...(current ? { shown: current.shown } : {}) }) : error;
  } finally {
    unregister();
  }
}

class Staging {
  private readonly createMissing: boolean;
  private readonly dirs: string[] = [];
  private readonly temps = new Map<string, string>();
  private readonly placed: { target: string; backup: string | null }[] = [];

  constructor(createMissing: boolean) {
    this.createMissing = createMissing;
  }

  write(file: FileToWrite): void {
    if (this.createMissing) this.createDirs(dirname(file.path));
    const temp = tempPathFor(file.path);
    // Known before the write: a full disk fails after the temp file was created.
    this.temps.set(file.path, temp);
    writeFileSync(temp, file.content, { mode: file.mode ?? 0o644, flag: 'wx' });
  }

  place(file: FileToWrite): void {
    const backup = existsSync(file.path) ? `${tempPathFor(file.path)}.old` : null;
    if (backup) renameSync(file.path, backup);
    this.placed.push({ target: file.path, backup });
    renameSync(this.temps.get(file.path)!, file.path);
    this.temps.delete(file.path);
  }

  finish(): void {
    for (const { backup } of this.placed) if (backup) rmSync(backup, { force: true });
    this.placed.length = 0;
  }

  /** Best effort, newest first: earlier files back, temp files and new directories gone. */
  undo(): void {
    for (const { target, backup } of this.placed.reverse()) {
      attempt(() => (backup ? renameSync(backup, target) : rmSync(target, { force: true })));
    }
    this.placed.length = 0;
    for (const temp of this.temps.values()) attempt(() => rmSync(temp, { force: true }));
    this.temps.clear();
    for (const dir of this.dirs.reverse()) attempt(() => rmSync(dir, { recursive: true, force: true }));
    this.dirs.length = 0;
  }

  private createDirs(dir: string): void {
    if (existsSync(dir)) return;
    this.createDirs(dirname(dir));
    mkdirSync(dir);
    this.dirs.push(dir);
  }
}

/** A directory where a file must go is never replaced, not even with --force. */
function refuseDirectory(file: FileToWrite): void {
  let directory = false;
  try {
    directory = lstatSync(file.path).isDirectory();
  } catch {
    return;
  }
  if (directory) {
    throw new MctlError('OUTPUT_IS_DIRECTORY', `${file.shown}: cannot write: it is a directory`, {
      exit: 'BAD_INPUT',
      hint: 'move the directory away, or write somewhere else',
      details: { path: file.shown },
    });
  }
}

function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // Undo is best effort: one failure must not stop the rest.
  }
}
