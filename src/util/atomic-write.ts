import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  return join(
    dirname(target),
    `.${truncateBytes(basename(target), 200)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

function truncateBytes(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  return Buffer.from(name)
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

export function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: { force: boolean; shown?: string; mode?: number },
): void {
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
