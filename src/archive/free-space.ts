import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MctlError } from '../errors.ts';
import type { Member } from './reader-types.ts';

/**
 * Refuses (exit 3) an extraction the file system cannot hold, before a byte is written: an
 * archive of mostly-zero weights may expand 1000-fold, which is legitimate, but it must not
 * fill the disk part-way. Each member is counted in whole blocks, as the file system stores it.
 */
export async function checkFreeSpace(dest: string, members: Member[], archive: string): Promise<void> {
  const { dir, info } = await nearestStatfs(dest);
  const block = Number(info.bsize) || 4096;
  const needed = members.reduce((sum, m) => sum + Math.ceil(m.size / block) * block, 0);
  const free = Number(info.bavail) * block;
  if (needed <= free) return;
  throw new MctlError(
    'NO_SPACE',
    `${archive}: extracting needs ${mib(needed)}, but the file system of ${dir} has ${mib(free)} free`,
    {
      exit: 'BAD_INPUT',
      hint: 'free some space there, or point TMPDIR at a larger file system',
      details: { archive, needed, free, dir },
    },
  );
}

async function nearestStatfs(path: string): Promise<{ dir: string; info: Awaited<ReturnType<typeof statfs>> }> {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      return { dir, info: await statfs(dir) };
    } catch (error) {
      if (dirname(dir) === dir) throw error;
    }
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
