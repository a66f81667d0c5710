import { createHash, type Hash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MctlError, errnoCode } from '../errors.ts';
import { onInterrupt } from '../util/cleanup.ts';
import { unsafe } from './limits.ts';
import type { Member, OpenedArchive } from './reader-types.ts';

/**
 * The writing half of extractArchive: members already checked by a full read are written
 * into a new or empty directory, never over anything, each hashed again on the way; a member
 * that reads differently the second time, or any failure or interrupt, removes what was written.
 */
export interface ExtractedFile {
  path: string;
  size: number;
  sha256: string;
}

export async function writeMembers(archive: OpenedArchive, dest: string, hashes: Map<string, string>, shown: string): Promise<ExtractedFile[]> {
  const created = await prepareDestination(dest);
  const written: string[] = [];
  // Synchronous, so it also works from the SIGINT/SIGTERM handler right before exit.
  const cleanup = () => {
    if (created) rmSync(dest, { recursive: true, force: true });
    else for (const file of written) rmSync(file, { force: true });
  };
  const unregister = onInterrupt(cleanup);
  const files: ExtractedFile[] = [];
  let current: { member: Member; handle: FileHandle; hash: Hash; at: number } | null = null;
  const finish = async () => {
    if (!current) return;
    const { member, handle, hash } = current;
    current = null;
    await handle.close();
    const sha256 = hash.digest('hex');
    if (sha256 !== hashes.get(member.name)) throw unsafe('ARCHIVE_CHANGED', shown, `'${member.name}' read differently the second time: the archive changed during extraction`);
    files.push({ path: member.name, size: member.size, sha256 });
  };
  // Opening a member closes the one before; chained, so empty members keep their turn.
  let chain: Promise<void> = Promise.resolve();
  try {
    await archive.stream((member) => {
      const target = join(dest, ...member.name.split('/'));
      const ready = chain.then(async () => {
        await finish();
        await mkdir(dirname(target), { recursive: true });
        // 'wx': never follow or overwrite anything already there.
        const handle = await open(target, 'wx', member.mode & 0o100 ? 0o755 : 0o644);
        written.push(target);
        current = { member, handle, hash: createHash('sha256'), at: 0 };
      });
      chain = ready;
      return {
        async write(chunk) {
          await ready;
          const file = current!;
          file.hash.update(chunk);
          const position = file.at;
          file.at += chunk.length;
          await file.handle.write(chunk, 0, chunk.length, position);
        },
      };
    });
    await chain;
    await finish();
    return files;
  } catch (error) {
    await chain.catch(() => undefined);
    await (current as { handle: FileHandle } | null)?.handle.close().catch(() => undefined);
    cleanup();
    throw error;
  } finally {
    unregister();
  }
}

/** Creates `dest` if needed; refuses a non-empty one. Returns whether it was created. */
async function prepareDestination(dest: string): Promise<boolean> {
  try {
    const entries = await readdir(dest);
    if (entries.length > 0) throw new MctlError('OUTPUT_EXISTS', `${dest} is not empty`, { exit: 'EXISTS', hint: 'extract into a new or empty directory', details: { path: dest } });
    return false;
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    await mkdir(dest, { recursive: true });
    return true;
  }
}
