import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, openSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MctlError } from '../errors.ts';
import { onInterrupt } from './cleanup.ts';
import { rethrowOsError } from './os-error.ts';

/**
 * Outputs are written to a temp file beside the target and renamed into place, so a failure
 * or Ctrl-C leaves no partial file and an existing target stays intact. Nothing is
 * overwritten without `force` (exit class 5).
 */
export function refuseExisting(target: string, force: boolean, shown = target): void {
  if (!force && existsSync(target)) {
    throw new MctlError('OUTPUT_EXISTS', `${shown} already exists`, {
      exit: 'EXISTS',
      hint: 'pass --force to replace it, or choose another output path',
      details: { path: shown },
    });
  }
}

/**
 * A unique temp path in the target's directory (same filesystem, so rename is atomic). The
 * name keeps at most 200 bytes of the target's, so any target name the file system accepts
 * (255 bytes) also has a temp name it accepts.
 */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${truncateBytes(basename(target), 200)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function truncateBytes(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  return Buffer.from(name).subarray(0, max).toString('utf8').replace(/\uFFFD$/, '');
}

export function writeFileAtomic(target: string, data: string | Uint8Array, options: { force: boolean; shown?: string; mode?: number }): void {
  refuseExisting(target, options.force, options.shown);
  const temp = tempPathFor(target);
  const unregister = onInterrupt(() => rmSync(temp, { force: true }));
  try {
    writeFileSync(temp, data, { mode: options.mode ?? 0o644 });
    renameSync(temp, target);
  } catch (error) {
    removeQuietly(temp);
    rethrowOsError(error, { shown: options.shown ?? target, action: 'write' });
  } finally {
    unregister();
  }
}

// Cleanup after a failure must not replace the failure (ENOTDIR when the directory is a file).
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was created there.
  }
}

export interface AtomicStream {
  stream: WriteStream;
  temp: string;
  /** Flushes, closes and renames the temp file over the target. */
  commit(): Promise<void>;
  /** Closes and removes the temp file; the target is untouched. */
  abort(): Promise<void>;
}

/** A write stream to a temp file that becomes `target` only on commit. */
export function createAtomicStream(target: string, options: { force: boolean; shown?: string; mode?: number }): AtomicStream {
  refuseExisting(target, options.force, options.shown);
  const temp = tempPathFor(target);
  // Opened synchronously so the temp file exists (and can be removed) from this moment on.
  const fd = openSync(temp, 'wx', options.mode ?? 0o644);
  const stream = createWriteStream(temp, { fd });
  const unregister = onInterrupt(() => {
    stream.destroy();
    rmSync(temp, { force: true });
  });
  const closed = () => new Promise<void>((resolve, reject) => {
    if (stream.closed) return resolve();
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  return {
    stream,
    temp,
    async commit() {
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(resolve);
      });
      await closed();
      // Re-check: another process may have created the target while we wrote.
      refuseExisting(target, options.force, options.shown);
      renameSync(temp, target);
      unregister();
    },
    async abort() {
      stream.destroy();
      await closed().catch(() => undefined);
      rmSync(temp, { force: true });
      unregister();
    },
  };
}
