import { checkTotal, unsafe, type ArchiveLimits } from './limits.ts';
import { collisionKey, parentDirs, unsafeNameReason } from './names.ts';
import { printable } from '../util/printable.ts';

/**
 * Checks every reader applies to the names and types an archive declares, before any data
 * is read: path traversal, links and special files, duplicates (also by case, which clobber
 * each other on macOS and Windows), a file where another member needs a directory, totals.
 */
export interface DeclaredMember {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'hardlink' | 'special';
  size: number;
}

export function checkDeclaredMembers(members: DeclaredMember[], archive: string, limits: ArchiveLimits): void {
  if (members.length > limits.maxEntries) {
    throw unsafe(
      'ARCHIVE_TOO_MANY_ENTRIES',
      archive,
      `${members.length} entries, over the limit of ${limits.maxEntries}`,
      'raise --max-entries if the archive is trusted',
    );
  }
  const files = new Map<string, string>();
  const dirs = new Map<string, string>();
  let total = 0;
  for (const member of members) {
    const reason = unsafeNameReason(member.name);
    if (reason)
      throw unsafe(
        'ARCHIVE_UNSAFE_PATH',
        archive,
        `member '${printable(member.name)}': ${reason}`,
        'entries must stay inside the extraction directory; nothing was extracted',
        { member: member.name },
      );
    if (member.kind === 'symlink' || member.kind === 'hardlink') {
      throw unsafe(
        'ARCHIVE_LINK',
        archive,
        `member '${member.name}' is a ${member.kind === 'symlink' ? 'symbolic' : 'hard'} link; ` +
          'links can point outside the extraction directory',
        'model archives hold regular files only; nothing was extracted',
        { member: member.name },
      );
    }
    if (member.kind === 'special')
      throw unsafe('ARCHIVE_SPECIAL_FILE', archive, `member '${member.name}' is a device, FIFO or socket`, undefined, {
        member: member.name,
      });
    const name = member.name.replace(/\/$/, '');
    const key = collisionKey(name);
    if (member.kind === 'directory') {
      if (member.size !== 0)
        throw unsafe('ARCHIVE_STRUCTURE', archive, `directory entry '${member.name}' has data`, undefined, {
          member: member.name,
        });
      if (files.has(key)) throw conflict(archive, name, files.get(key)!);
      dirs.set(key, name);
      continue;
    }
    const existing = files.get(key) ?? dirs.get(key);
    if (existing !== undefined) throw conflict(archive, name, existing);
    files.set(key, name);
    total += member.size;
    checkTotal(archive, total, limits);
  }
  for (const name of files.values()) {
    for (const dir of parentDirs(name)) {
      const clash = files.get(collisionKey(dir));
      if (clash !== undefined)
        throw unsafe(
          'ARCHIVE_DUPLICATE',
          archive,
          `'${clash}' is a file but '${name}' needs it to be a directory`,
          undefined,
          { member: name },
        );
    }
  }
}

function conflict(archive: string, name: string, existing: string) {
  const sameCase = existing === name;
  return unsafe(
    'ARCHIVE_DUPLICATE',
    archive,
    sameCase
      ? `member '${name}' appears twice; extractors disagree on which copy wins`
      : `members '${existing}' and '${name}' differ only by case (or Unicode normalisation) ` +
          'and overwrite each other on macOS and Windows',
    undefined,
    { member: name },
  );
}
