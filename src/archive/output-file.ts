import { closeSync, existsSync, linkSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errnoCode } from '../errors.ts';
import { refuseExisting, tempPathFor } from '../util/atomic-write.ts';
import { onInterrupt } from '../util/cleanup.ts';
import { refuseUnreplaceable } from './output-guard.ts';

/**
 * The archive is written to a temp file (or directory) beside the target and only then put
 * in place, so a failure, Ctrl-C or SIGTERM leaves no partial file and an existing archive
 * intact. Without --force the final step is link(2), which fails if the target appeared in
 * the meantime: of two builds racing for one name, exactly one wins and the other exits 5.
 */
export interface OutputFile {
  handle: FileHandle;
  temp: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openOutputFile(target: string, force: boolean, shown: string): Promise<OutputFile> {
  refuseExisting(target, force, shown);
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  // Registered before the file exists: a signal while open() is in flight must remove it too.
  let handle: FileHandle | undefined;
  let closed = false;
  const unregister = onInterrupt(() => {
    if (handle && !closed) closeSync(handle.fd);
    rmSync(temp, { force: true });
  });
  try {
    handle = await open(temp, 'wx+', 0o644);
  } catch (error) {
    unregister();
    throw error;
  }
  const opened = handle;
  const close = async () => {
    if (closed) return;
    closed = true;
    await opened.close();
  };
  return {
    handle: opened,
    temp,
    async commit() {
      await close();
      try {
        placeFile(temp, target, force, shown);
      } finally {
        rmSync(temp, { force: true });
        unregister();
      }
    },
    async abort() {
      await close().catch(() => undefined);
      rmSync(temp, { force: true });
      unregister();
    },
  };
}

function placeFile(temp: string, target: string, force: boolean, shown: string): void {
  if (force) {
    refuseUnreplaceable(target, 'default', shown);
    renameSync(temp, target);
    return;
  }
  try {
    linkSync(temp, target);
    unlinkSync(temp);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') refuseExisting(target, false, shown);
    // File systems without hard links: check, then rename (a narrow race remains there).
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS'].includes(errnoCode(error) ?? '')) throw error;
    refuseExisting(target, false, shown);
    renameSync(temp, target);
  }
}

export interface OutputDir {
  temp: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The no-archive layout: a directory built beside the target, then renamed into place. */
export async function openOutputDir(target: string, force: boolean, shown: string): Promise<OutputDir> {
  refuseExisting(target, force, shown);
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  const unregister = onInterrupt(() => rmSync(temp, { recursive: true, force: true }));
  await mkdir(temp).catch((error: unknown) => {
    unregister();
    throw error;
  });
  return {
    temp,
    async commit() {
      try {
        if (existsSync(target)) {
          refuseExisting(target, force, shown);
          // Checked again here, not only in the plan: the directory may have changed since.
          refuseUnreplaceable(target, 'no-archive', shown);
          // Replace: move the old tree aside first so the target name is never half-written.
          const old = tempPathFor(target);
          await rename(target, old);
          await rename(temp, target);
          await rm(old, { recursive: true, force: true });
        } else {
          await rename(temp, target).catch((error: unknown) => {
            if (errnoCode(error) === 'ENOTEMPTY' || errnoCode(error) === 'EEXIST') refuseExisting(target, false, shown);
            throw error;
          });
        }
      } finally {
        await rm(temp, { recursive: true, force: true });
        unregister();
      }
    },
    async abort() {
      await rm(temp, { recursive: true, force: true });
      unregister();
    },
  };
}
