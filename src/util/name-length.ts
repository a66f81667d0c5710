import { basename } from 'node:path';
import { MctlError } from '../errors.ts';

/** What ext4, XFS, btrfs, tmpfs and APFS allow for one name: longer fails with ENAMETOOLONG. */
export const NAME_MAX = 255;

/**
 * Refuses, before anything is written (and in a dry run), an output whose file name the
 * file system would refuse: the same exit 3 and reason the write itself would give.
 */
export function refuseLongName(path: string, shown: string, hint = 'use a shorter name'): void {
  const bytes = Buffer.byteLength(basename(path));
  if (bytes <= NAME_MAX) return;
  throw new MctlError(
    'NAME_TOO_LONG',
    `${shown}: cannot create: the file name is too long (ENAMETOOLONG): ` +
      `${bytes} bytes, where file systems allow ${NAME_MAX}`,
    {
      exit: 'BAD_INPUT',
      hint,
      details: { path: shown, bytes, limit: NAME_MAX, errno: 'ENAMETOOLONG' },
    },
  );
}
