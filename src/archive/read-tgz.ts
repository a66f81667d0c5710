import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { errnoCode } from '../errors.ts';
import { checkSizes, unsafe, type ArchiveLimits } from './limits.ts';
import { checkDeclaredMembers, type DeclaredMember } from './member-checks.ts';
import type { Member, MemberSink, OpenedArchive } from './reader-types.ts';
import { TarError, TarParser, type TarHeader } from './tar-parse.ts';

/**
 * A .tar.gz opened for safe reading. gzip can only be read front to back, so opening makes
 * one full pass that checks every header (and the overall expansion ratio) and writes
 * nothing; stream() makes a second pass and refuses if the archive changed in between.
 * Names are shown as TorchServe extracts them: without their first path component.
 */
const SMALL_CAPTURE = 1024 * 1024;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

export async function openTgz(
  path: string,
  archive: string,
  limits: ArchiveLimits,
  smallNames: string[],
): Promise<OpenedArchive> {
  const declared: DeclaredMember[] = [];
  const members: Member[] = [];
  const captured = new Map<string, Buffer[]>();
  const tops = new Set<string>();
  await scan(path, archive, limits, (header) => {
    refuseLeadingEscape(header.name, archive);
    const top = header.name.includes('/') ? header.name.slice(0, header.name.indexOf('/')) : '';
    tops.add(top);
    const name = stripFirst(header.name);
    if (name === '' && header.kind === 'directory') return null;
    declared.push({ name, kind: header.kind, size: header.size });
    if (header.kind !== 'file') return null;
    checkSizes(archive, name, header.size, null, limits);
    const member: Member = { name, size: header.size, compressedSize: null, method: null, mode: header.mode || 0o644 };
    members.push(member);
    // The data passes by anyway: hash it now so verifying needs no second pass.
    const hash = createHash('sha256');
    const chunks: Buffer[] | null = smallNames.includes(name) && header.size <= SMALL_CAPTURE ? [] : null;
    if (chunks) captured.set(name, chunks);
    let seen = 0;
    return {
      write(chunk) {
        hash.update(chunk);
        chunks?.push(Buffer.from(chunk));
        seen += chunk.length;
        if (seen === header.size) member.sha256 = hash.digest('hex');
      },
    };
  });
  for (const member of members) if (member.size === 0) member.sha256 = EMPTY_SHA256;
  checkDeclaredMembers(declared, archive, limits);
  const warnings: string[] = [];
  if (tops.size > 1 || tops.has('')) {
    warnings.push(
      'members are not all under one top-level directory ' +
        `(${[...tops].map((t) => (t === '' ? '(none)' : `${t}/`)).join(', ')}); ` +
        'TorchServe strips the first path component of every member, so the layout shown is what it would extract',
    );
  }
  return {
    kind: 'tgz',
    path,
    members,
    warnings,
    async readSmall(name, max) {
      const member = members.find((m) => m.name === name);
      if (!member) return null;
      if (member.size > max)
        throw unsafe(
          'ARCHIVE_TOO_LARGE',
          archive,
          `'${name}' is ${member.size} bytes, more than the ${max} allowed for it`,
        );
      const chunks = captured.get(name);
      return chunks ? Buffer.concat(chunks) : null;
    },
    async stream(visit: (member: Member) => MemberSink | null) {
      let index = 0;
      await scan(path, archive, limits, (header) => {
        const name = stripFirst(header.name);
        if (header.kind !== 'file') return null;
        const member = members[index++];
        if (!member || member.name !== name || member.size !== header.size)
          throw unsafe('ARCHIVE_CHANGED', archive, 'the archive changed while it was being read');
        return visit(member);
      });
      if (index !== members.length)
        throw unsafe('ARCHIVE_CHANGED', archive, 'the archive changed while it was being read');
    },
    async close() {},
  };
}

/**
 * Stripping the first component would hide that a name is absolute (`/etc/x` → `etc/x`) or
 * starts outside (`../x`): every other extractor writes such a member outside its directory.
 */
function refuseLeadingEscape(name: string, archive: string): void {
  const reason = name.startsWith('/')
    ? 'absolute path'
    : /^[A-Za-z]:/.test(name)
      ? 'drive-letter path'
      : /^\.\.(\/|$)/.test(name)
        ? "'..' path segment"
        : null;
  if (reason)
    throw unsafe(
      'ARCHIVE_UNSAFE_PATH',
      archive,
      `member '${name}': ${reason}`,
      'entries must stay inside the extraction directory; nothing was extracted',
      { member: name },
    );
}

// TorchServe's ZipUtils.decompressTarGzipFile: name.substring(name.indexOf('/') + 1).
function stripFirst(name: string): string {
  return name.slice(name.indexOf('/') + 1);
}

async function scan(
  path: string,
  archive: string,
  limits: ArchiveLimits,
  visit: (header: TarHeader) => MemberSink | null,
): Promise<void> {
  let compressed = 0;
  let expanded = 0;
  const parser = new TarParser({ header: visit });
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: 1024 * 1024 }),
      async function* count(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          compressed += chunk.length;
          yield chunk;
        }
      },
      createGunzip({ chunkSize: 256 * 1024 }),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          expanded += chunk.length;
          if (expanded > limits.ratioFloor && expanded / compressed > limits.maxRatio) {
            throw unsafe(
              'ARCHIVE_BOMB',
              archive,
              `expands more than ${limits.maxRatio}:1 (${compressed} → ${expanded}+ bytes)`,
              'a compression bomb; raise --max-ratio only if the archive is trusted',
            );
          }
          if (expanded > limits.maxTotalSize + 64 * 1024 * 1024)
            throw unsafe(
              'ARCHIVE_TOO_LARGE',
              archive,
              `expands past the limit of ${limits.maxTotalSize} bytes`,
              'raise --max-size if the archive is trusted',
            );
          if (!parser.ended) await parser.feed(chunk);
        }
      },
    );
    if (!parser.ended) parser.finish();
  } catch (error) {
    if (error instanceof TarError) throw unsafe('ARCHIVE_CORRUPT', archive, error.message);
    if (errnoCode(error)?.startsWith('Z_'))
      throw unsafe('ARCHIVE_CORRUPT', archive, `damaged gzip data (${(error as Error).message})`);
    throw error;
  }
}
