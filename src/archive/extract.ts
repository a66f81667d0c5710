import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MctlError, errnoCode } from '../errors.ts';
import { onInterrupt } from '../util/cleanup.ts';
import { unsafe } from './limits.ts';
import type { Member, OpenedArchive } from './reader-types.ts';

/**
 * The writing half of extractArchive: members already checked by a full read are written
 * into a new or empty directory, never over anything, each hashed again on the way; a member
 * that reads differently the second time, or any failure or interrupt, removes what was written.
 * Files are created and written with synchronous calls (each directory made once): the reader
 * hands over one member at a time, so the thread pool's round trips would only add latency,
 * which for thousands of small members was most of the time.
 */
export interface ExtractedFile {
  path: string;
  size: number;
  sha256: string;
}

export async function writeMembers(
  archive: OpenedArchive,
  dest: string,
  hashes: Map<string, string>,
  shown: string,
): Promise<ExtractedFile[]> {
  // Synchronous up to the cleanup's registration: a signal cannot fall between the two.
  const created = prepareDestination(dest);
  const written: string[] = [];
  // Synchronous, so it also works from the SIGINT/SIGTERM handler right before exit.
  const cleanup = () => {
    if (created) rmSync(dest, { recursive: true, force: true });
    else for (const file of written) rmSync(file, { force: true });
  };
  const unregister = onInterrupt(cleanup);
  const files: ExtractedFile[] = [];
  const made = new Set<string>();
  let current: { member: Member; fd: number; hash: Hash; at: number } | null = null;
  // Opening a member closes the one before.
  const finish = () => {
    if (!current) return;
    const { member, fd, hash } = current;
    current = null;
    closeSync(fd);
    const sha256 = hash.digest('hex');
    if (sha256 !== hashes.get(member.name))
      throw unsafe(
        'ARCHIVE_CHANGED',
        shown,
        `'${member.name}' read differently the second time: the archive changed during extraction`,
      );
    files.push({ path: member.name, size: member.size, sha256 });
  };
  try {
    await archive.stream((member) => {
      finish();
      const target = join(dest, ...member.name.split('/'));
      if (!made.has(dirname(target))) mkdirSync(dirname(target), { recursive: true });
      made.add(dirname(target));
      // 'wx': never follow or overwrite anything already there.
      const fd = openSync(target, 'wx', member.mode & 0o100 ? 0o755 : 0o644);
      written.push(target);
      const file = { member, fd, hash: createHash('sha256'), at: 0 };
      current = file;
      return {
        write(chunk) {
          file.hash.update(chunk);
          for (let done = 0; done < chunk.length;) {
            done += writeSync(file.fd, chunk, done, chunk.length - done, file.at + done);
          }
          file.at += chunk.length;
        },
      };
    });
    finish();
    return files;
  } catch (error) {
    if (current) closeQuietly((current as { fd: number }).fd);
    cleanup();
    throw error;
  } finally {
    unregister();
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed or never usable: nothing more to release.
  }
}

/** Creates `dest` if needed; refuses a non-empty one. Returns whether it was created. */
function prepareDestination(dest: string): boolean {
  try {
    const entries = readdirSync(dest);
    if (entries.length > 0)
      throw new MctlError('OUTPUT_EXISTS', `${dest} is not empty`, {
        exit: 'EXISTS',
        hint: 'extract into a new or empty directory',
        details: { path: dest },
      });
    return false;
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    mkdirSync(dest, { recursive: true });
    return true;
  }
}
