import type { Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { checkSizes, unsafe, type ArchiveLimits } from './limits.ts';
import { checkDeclaredMembers, type DeclaredMember } from './member-checks.ts';
import type { Member, MemberSink, OpenedArchive } from './reader-types.ts';
import { changed } from './stream-file.ts';

/**
 * A directory in the no-archive layout, read with the same rules as an archive: links that
 * leave it and special files are refused, never followed or opened.
 */
export async function openDirectory(path: string, archive: string, limits: ArchiveLimits): Promise<OpenedArchive> {
  const root = await realpath(path);
  const declared: DeclaredMember[] = [];
  const members: Member[] = [];
  const sources = new Map<string, string>();
  const walk = async (dir: string, realDir: string, prefix: string, stack: string[]): Promise<void> => {
    const entries = await readdir(dir);
    entries.sort();
    for (const name of entries) {
      const full = join(dir, name);
      const memberName = prefix === '' ? name : `${prefix}/${name}`;
      let info: Stats = await lstat(full);
      if (info.isSymbolicLink()) {
        const real = await realpath(full).catch(() => null);
        if (real === null || (real !== root && !real.startsWith(`${root}${sep}`))) {
          declared.push({ name: memberName, kind: 'symlink', size: 0 });
          continue;
        }
        info = await stat(full);
        if (info.isDirectory() && stack.includes(real))
          throw unsafe('ARCHIVE_LINK', archive, `'${memberName}' is a symlink loop`, undefined, { member: memberName });
        if (info.isDirectory()) {
          await walk(full, real, memberName, [...stack, real]);
          continue;
        }
      }
      if (info.isDirectory()) {
        await walk(full, join(realDir, name), memberName, [...stack, join(realDir, name)]);
      } else if (info.isFile()) {
        declared.push({ name: memberName, kind: 'file', size: info.size });
        checkSizes(archive, memberName, info.size, null, limits);
        members.push({
          name: memberName,
          size: info.size,
          compressedSize: null,
          method: null,
          mode: info.mode & 0o777,
        });
        sources.set(memberName, full);
        if (members.length > limits.maxEntries) checkDeclaredMembers(declared, archive, limits);
      } else {
        declared.push({ name: memberName, kind: 'special', size: 0 });
      }
    }
  };
  await walk(path, root, '', [root]);
  checkDeclaredMembers(declared, archive, limits);
  const readMember = async (member: Member, sink: MemberSink) => {
    const handle = await open(sources.get(member.name)!, 'r');
    try {
      let read = 0;
      for await (const chunk of handle.createReadStream({
        autoClose: false,
        highWaterMark: 1024 * 1024,
      }) as AsyncIterable<Buffer>) {
        read += chunk.length;
        if (read > member.size) throw changed(member.name, member.size);
        await sink.write(chunk);
      }
      if (read !== member.size) throw changed(member.name, member.size);
    } finally {
      await handle.close();
    }
  };
  return {
    kind: 'directory',
    path,
    members,
    warnings: [],
    async readSmall(name, max) {
      const member = members.find((m) => m.name === name);
      if (!member) return null;
      if (member.size > max)
        throw unsafe(
          'ARCHIVE_TOO_LARGE',
          archive,
          `'${name}' is ${member.size} bytes, more than the ${max} allowed for it`,
        );
      const chunks: Buffer[] = [];
      await readMember(member, { write: (chunk) => void chunks.push(Buffer.from(chunk)) });
      return Buffer.concat(chunks);
    },
    async stream(visit) {
      for (const member of members) {
        const sink = visit(member);
        if (sink) await readMember(member, sink);
      }
    },
    async close() {},
  };
}
