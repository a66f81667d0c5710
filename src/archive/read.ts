import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MctlError, errnoCode } from '../errors.ts';
import { DEFAULT_LIMITS, unsafe, type ArchiveLimits } from './limits.ts';
import { MANIFEST_PATH } from './manifest.ts';
import { MCTL_FILE, parseMctlRecord, type MctlRecord } from './mctl-file.ts';
import { writeMembers } from './extract.ts';
import { checkFreeSpace } from './free-space.ts';
import { openDirectory } from './read-dir.ts';
import { openTgz } from './read-tgz.ts';
import { openZip } from './read-zip.ts';
import type { ArchiveKind, Member, OpenedArchive } from './reader-types.ts';

/**
 * The safe reader behind `mctl inspect` and `mctl run --archive`: a .mar (zip), a .tar.gz,
 * or a directory in the no-archive layout. Every structural check runs before any data is
 * used, every member's size and CRC (and SHA-256, when mctl's hash list is present) is
 * checked before anything is written, and hostile input is refused with exit class 4.
 */
export interface ReadOptions {
  limits?: Partial<ArchiveLimits>;
  /** The archive's name in messages (default: the path as given). */
  shown?: string;
}

export interface ArchiveListing {
  kind: ArchiveKind;
  path: string;
  /** Size of the archive file (the sum of the members for a directory). */
  archiveSize: number;
  manifest: Record<string, unknown> | null;
  manifestError?: string;
  record: MctlRecord | null;
  recordError?: string;
  members: Member[];
  warnings: string[];
}

export interface VerifyReport {
  /** Members hashed. */
  checked: number;
  /** False when the archive has no usable MAR-INF/mctl.json (sizes and CRCs were still checked). */
  hashList: boolean;
  /** MAR-INF/mctl.json is there but unreadable: a failure, since it cannot be what mctl wrote. */
  recordError?: string;
  /** No MAR-INF/mctl.json although the manifest says mctl built the archive. */
  recordMissing?: boolean;
  mismatched: { path: string; expected: { size: number; sha256: string }; actual: { size: number; sha256: string } }[];
  missing: string[];
  extra: string[];
  ok: boolean;
}

export interface ExtractedArchive {
  manifest: Record<string, unknown> | null;
  record: MctlRecord | null;
  files: { path: string; size: number; sha256: string }[];
}

const MAX_META = 1024 * 1024;

export async function openArchive(path: string, options: ReadOptions = {}): Promise<OpenedArchive> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const shown = options.shown ?? path;
  const info = await stat(path).catch((error: unknown) => {
    const code = errnoCode(error);
    throw new MctlError(
      code === 'ENOENT' ? 'PATH_NOT_FOUND' : 'PATH_UNREADABLE',
      `${shown}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code ?? String(error)})`}`,
      { exit: 'BAD_INPUT', hint: 'check the path', details: { path: shown } },
    );
  });
  if (info.isDirectory()) return openDirectory(path, shown, limits);
  if (!info.isFile())
    throw new MctlError('ARCHIVE_FORMAT', `${shown} is not a regular file`, {
      exit: 'BAD_INPUT',
      hint: 'special files are never read',
      details: { path: shown },
    });
  const magic = await readMagic(path);
  if (magic[0] === 0x50 && magic[1] === 0x4b) return withNameWarning(await openZip(path, shown, limits), path);
  if (magic[0] === 0x1f && magic[1] === 0x8b)
    return withNameWarning(await openTgz(path, shown, limits, [MANIFEST_PATH, MCTL_FILE]), path);
  // A zip behind a stub (self-extracting) still has an end record: let the zip checks name the problem.
  const zip = await openZip(path, shown, limits).catch((error: unknown) => {
    if (error instanceof MctlError && error.code === 'ARCHIVE_FORMAT') return null;
    throw error;
  });
  if (zip) return zip;
  throw new MctlError('ARCHIVE_FORMAT', `${shown} is neither a zip (.mar) nor a gzip-compressed tar archive`, {
    exit: 'BAD_INPUT',
    hint: 'mctl reads .mar, .tar.gz and directories in the no-archive layout',
    details: { path: shown },
  });
}

export async function listArchive(path: string, options: ReadOptions = {}): Promise<ArchiveListing> {
  const archive = await openArchive(path, options);
  try {
    return await describe(archive);
  } finally {
    await archive.close();
  }
}

/** Recomputes every member's SHA-256 and compares it with MAR-INF/mctl.json. */
export async function verifyArchive(
  path: string,
  options: ReadOptions = {},
): Promise<ArchiveListing & { verify: VerifyReport }> {
  const archive = await openArchive(path, options);
  try {
    const listing = await describe(archive);
    const hashes = await hashMembers(archive);
    return { ...listing, verify: compare(listing, archive.members, hashes) };
  } finally {
    await archive.close();
  }
}

/**
 * Extracts into `destDir` (absent or empty). Nothing is written until every member has been
 * read and checked; a member that then reads differently, or any failure, removes what was
 * written. Refuses with exit class 4 when the archive is hostile or its hash list disagrees.
 */
export async function extractArchive(
  path: string,
  destDir: string,
  options: ReadOptions = {},
): Promise<ExtractedArchive> {
  const archive = await openArchive(path, options);
  const shown = options.shown ?? path;
  try {
    const listing = await describe(archive);
    if (listing.manifestError) {
      // Both servers refuse to load such an archive ("Failed to parse signature.json").
      throw new MctlError('ARCHIVE_MANIFEST_INVALID', `${shown}: ${MANIFEST_PATH} ${listing.manifestError}`, {
        exit: 'BAD_INPUT',
        hint: 'rebuild the archive with mctl archive',
        details: { archive: shown },
      });
    }
    await checkFreeSpace(resolve(destDir), archive.members, shown);
    const hashes = await hashMembers(archive);
    const report = compare(listing, archive.members, hashes);
    if (report.recordError) {
      throw unsafe(
        'ARCHIVE_TAMPERED',
        shown,
        `${MCTL_FILE} ${report.recordError}: the archive was modified after mctl wrote it`,
        'rebuild the archive with mctl archive',
        { member: MCTL_FILE },
      );
    }
    if (!report.ok) {
      const bad = [...report.mismatched.map((m) => m.path), ...report.missing, ...report.extra];
      throw unsafe(
        'ARCHIVE_TAMPERED',
        shown,
        `members differ from the archive's MAR-INF/mctl.json: ${bad.join(', ')}`,
        "run 'mctl inspect --verify' for details; rebuild the archive if it was modified",
        { members: bad },
      );
    }
    const files = await writeMembers(archive, resolve(destDir), hashes, shown);
    return { manifest: listing.manifest, record: listing.record, files };
  } finally {
    await archive.close();
  }
}

async function describe(archive: OpenedArchive): Promise<ArchiveListing> {
  const listing: ArchiveListing = {
    kind: archive.kind,
    path: archive.path,
    archiveSize:
      archive.kind === 'directory'
        ? archive.members.reduce((sum, m) => sum + m.size, 0)
        : (await stat(archive.path)).size,
    manifest: null,
    record: null,
    members: archive.members,
    warnings: [...archive.warnings],
  };
  const manifestBytes = await archive.readSmall(MANIFEST_PATH, MAX_META);
  if (manifestBytes === null) {
    listing.warnings.push(`no ${MANIFEST_PATH}: TorchServe falls back to defaults and MMS cannot find a handler`);
  } else {
    const parsed = parseJson(manifestBytes);
    if ('error' in parsed) listing.manifestError = parsed.error;
    else listing.manifest = parsed.value;
  }
  const recordBytes = await archive.readSmall(MCTL_FILE, 64 * 1024 * 1024);
  if (recordBytes !== null) {
    const parsed = parseMctlRecord(recordBytes);
    if ('error' in parsed) listing.recordError = parsed.error;
    else listing.record = parsed;
  }
  return listing;
}

async function hashMembers(archive: OpenedArchive): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const pending = archive.members.filter((m) => m.sha256 === undefined);
  for (const member of archive.members) if (member.sha256 !== undefined) hashes.set(member.name, member.sha256);
  if (pending.length === 0) return hashes;
  const wanted = new Set(pending.map((m) => m.name));
  let current: { name: string; hash: ReturnType<typeof createHash> } | null = null;
  const finish = () => {
    if (current) hashes.set(current.name, current.hash.digest('hex'));
    current = null;
  };
  await archive.stream((member) => {
    finish();
    if (!wanted.has(member.name)) return null;
    const hash = createHash('sha256');
    current = { name: member.name, hash };
    return { write: (chunk) => void hash.update(chunk) };
  });
  finish();
  return hashes;
}

function compare(listing: ArchiveListing, members: Member[], hashes: Map<string, string>): VerifyReport {
  const { record } = listing;
  const report: VerifyReport = {
    checked: hashes.size,
    hashList: record !== null,
    mismatched: [],
    missing: [],
    extra: [],
    ok: true,
  };
  if (listing.recordError) return { ...report, recordError: listing.recordError, ok: false };
  if (!record) return madeByMctl(listing.manifest) ? { ...report, recordMissing: true } : report;
  const listed = new Map(record.files.map((f) => [f.path, f]));
  for (const member of members) {
    if (member.name === MCTL_FILE) continue;
    const expected = listed.get(member.name);
    if (!expected) {
      report.extra.push(member.name);
      continue;
    }
    const actual = { size: member.size, sha256: hashes.get(member.name)! };
    if (actual.size !== expected.size || actual.sha256 !== expected.sha256)
      report.mismatched.push({ path: member.name, expected: { size: expected.size, sha256: expected.sha256 }, actual });
  }
  const present = new Set(members.map((m) => m.name));
  for (const path of listed.keys()) if (!present.has(path)) report.missing.push(path);
  report.ok = report.mismatched.length === 0 && report.missing.length === 0 && report.extra.length === 0;
  return report;
}

// mctl writes "archiverVersion": "mctl <version>" and always a MAR-INF/mctl.json beside it.
function madeByMctl(manifest: Record<string, unknown> | null): boolean {
  return typeof manifest?.archiverVersion === 'string' && manifest.archiverVersion.startsWith('mctl ');
}

function parseJson(bytes: Buffer): { value: Record<string, unknown> } | { error: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { error: "starts with a UTF-8 byte-order mark, which Python's json.load refuses" };
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'is not a JSON object' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function readMagic(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

// TorchServe picks the reader by file name: .mar is unzipped, anything else untarred.
function withNameWarning(archive: OpenedArchive, path: string): OpenedArchive {
  const isMar = path.endsWith('.mar');
  if (archive.kind === 'zip' && !isMar && !path.endsWith('.model'))
    archive.warnings.push(
      'a zip archive whose name does not end in .mar: TorchServe reads every other file name as .tar.gz',
    );
  if (archive.kind === 'tgz' && isMar)
    archive.warnings.push('a .tar.gz named .mar: TorchServe unzips every .mar and will fail');
  if (archive.kind === 'tgz' && !path.endsWith('.tar.gz') && !path.endsWith('.tgz'))
    archive.warnings.push('TorchServe only picks up .tar.gz files from its model store on start-up');
  return archive;
}
