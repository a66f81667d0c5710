import { copyFileSync, createReadStream, createWriteStream, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createInflateRaw, crc32 } from 'node:zlib';
import { Transform } from 'node:stream';
import { MctlError, errnoCode } from '../errors.ts';
import { extractTar } from './read-tar.ts';

/**
 * Minimal safe extraction of model archives for `mctl run --archive` (a .mar zip, a .tar.gz
 * in torch-model-archiver's layout, or a directory in the no-archive layout). Written to the
 * interface of the archive engineer's full reader; every member name is checked before a
 * byte is written, sizes and CRCs are verified, and anything hostile is refused with exit
 * class 4: names escaping the destination (.., absolute, drive letters, backslashes, NUL),
 * links, devices, encrypted or duplicate members, and size or ratio bombs.
 */
export interface ExtractLimits {
  maxFiles: number;
  maxTotalBytes: number;
  /** Uncompressed / compressed size above which a member (over 1 MiB) is a bomb. */
  maxRatio: number;
}

export interface ExtractResult {
  manifest: Record<string, unknown> | null;
  files: { path: string; size: number }[];
}

export const DEFAULT_LIMITS: ExtractLimits = { maxFiles: 100_000, maxTotalBytes: 64 * 2 ** 30, maxRatio: 1000 };
const MANIFEST = 'MAR-INF/MANIFEST.json';

export async function extractArchive(path: string, destDir: string, options: { limits?: Partial<ExtractLimits>; shown?: string } = {}): Promise<ExtractResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const shown = options.shown ?? path;
  let info;
  try {
    info = lstatSync(path);
  } catch (error) {
    throw new MctlError('PATH_NOT_FOUND', `${shown}: ${errnoCode(error) === 'ENOENT' ? 'no such file or directory' : `cannot read (${errnoCode(error)})`}`, { exit: 'BAD_INPUT', hint: 'check the path' });
  }
  const dest = resolve(destDir);
  let files: ExtractResult['files'];
  if (info.isDirectory()) files = copyDirectory(path, dest, shown, limits);
  else if (!info.isFile()) throw new MctlError('ARCHIVE_FORMAT', `${shown} is not a regular file`, { exit: 'BAD_INPUT', hint: 'give a .mar, a .tar.gz or a directory' });
  else {
    const magic = Buffer.alloc(2);
    const handle = await open(path, 'r');
    await handle.read(magic, 0, 2, 0);
    await handle.close();
    if (magic[0] === 0x50 && magic[1] === 0x4b) files = await extractZip(path, dest, shown, limits);
    else if (magic[0] === 0x1f && magic[1] === 0x8b) files = await extractTar(createReadStream(path).pipe(createGunzip()), dest, shown, limits, (name) => checkName(name, shown, dest));
    else throw new MctlError('ARCHIVE_FORMAT', `${shown} is neither a zip (.mar) nor a gzip-compressed tar archive`, { exit: 'BAD_INPUT', hint: 'mctl runs .mar, .tar.gz and directories in the archive layout' });
  }
  return { manifest: readManifest(dest, shown), files };
}

/** A member name as a safe path inside dest, or an UNSAFE error. */
export function checkName(name: string, shown: string, dest: string): string {
  const bad = (why: string) => unsafe(shown, `member '${name.replace(/[^\x20-\x7e]/g, '?')}' ${why}`);
  if (name.includes('\0')) throw bad('has a NUL byte in its name');
  if (name.includes('\\')) throw bad('uses backslashes (a Windows path)');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw bad('has an absolute path');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw bad("climbs out of the archive with '..'");
  if (parts.length === 0) throw bad('has an empty name');
  const target = resolve(dest, ...parts);
  if (target !== dest && !target.startsWith(dest + sep)) throw bad('lands outside the extraction directory');
  return target;
}

export function unsafe(shown: string, message: string): MctlError {
  return new MctlError('ARCHIVE_UNSAFE', `${shown}: ${message}; refusing to extract it`, {
    exit: 'UNSAFE',
    hint: 'rebuild the archive with mctl archive (or torch-model-archiver) from a clean directory',
    details: { archive: shown },
  });
}

function readManifest(dest: string, shown: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = readFileSync(join(dest, MANIFEST), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new MctlError('MANIFEST_INVALID', `${shown}: ${MANIFEST} is not valid JSON (${(error as Error).message})`, { exit: 'BAD_INPUT', hint: 'TorchServe refuses it too ("Failed to parse signature.json.")' });
  }
}

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  mode: number;
}

async function extractZip(path: string, dest: string, shown: string, limits: ExtractLimits): Promise<ExtractResult['files']> {
  const handle = await open(path, 'r');
  let entries: ZipEntry[];
  try {
    entries = await readCentralDirectory(handle, shown);
    const seen = new Set<string>();
    let total = 0;
    if (entries.length > limits.maxFiles) throw unsafe(shown, `has ${entries.length} members (limit ${limits.maxFiles})`);
    for (const e of entries) {
      const target = checkName(e.name, shown, dest);
      if (seen.has(target)) throw unsafe(shown, `has member '${e.name}' twice`);
      seen.add(target);
      if (e.flags & 1) throw unsafe(shown, `member '${e.name}' is encrypted`);
      const type = (e.mode >>> 12) & 0xf;
      if (type === 0xa) throw unsafe(shown, `member '${e.name}' is a symbolic link`);
      if (type !== 0 && type !== 0x8 && type !== 0x4) throw unsafe(shown, `member '${e.name}' is not a regular file`);
      if (e.method !== 0 && e.method !== 8) throw new MctlError('ARCHIVE_FORMAT', `${shown}: member '${e.name}' uses compression method ${e.method}`, { exit: 'BAD_INPUT', hint: 'TorchServe reads stored and deflated members only' });
      if (e.size > 2 ** 20 && e.compressed > 0 && e.size / e.compressed > limits.maxRatio) throw unsafe(shown, `member '${e.name}' expands ${Math.round(e.size / e.compressed)}× (a zip bomb?)`);
      total += e.size;
      if (total > limits.maxTotalBytes) throw unsafe(shown, `expands to more than ${limits.maxTotalBytes} bytes`);
    }
    const files: ExtractResult['files'] = [];
    for (const e of entries) {
      const target = checkName(e.name, shown, dest);
      if (e.name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      const local = Buffer.alloc(30);
      await handle.read(local, 0, 30, e.offset);
      if (local.readUInt32LE(0) !== 0x04034b50) throw unsafe(shown, `member '${e.name}' has no local header where the directory says`);
      const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      mkdirSync(dirname(target), { recursive: true });
      const source = createReadStream(path, { start, end: start + e.compressed - 1 });
      const check = verify(e, shown);
      await pipeline(e.method === 8 ? [source, createInflateRaw(), check, createWriteStream(target, { mode: 0o644, flags: 'wx' })] : [source, check, createWriteStream(target, { mode: 0o644, flags: 'wx' })] as never);
      files.push({ path: relative(dest, target).split(sep).join('/'), size: e.size });
    }
    return files;
  } finally {
    await handle.close();
  }
}

/** Passes bytes through while checking the declared size and CRC-32. */
function verify(entry: ZipEntry, shown: string): Transform {
  let size = 0;
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > entry.size) return done(unsafe(shown, `member '${entry.name}' holds more bytes than it declares`));
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      if (size !== entry.size || crc >>> 0 !== entry.crc >>> 0) return done(unsafe(shown, `member '${entry.name}' is corrupt (size or CRC-32 does not match)`));
      done();
    },
  });
}

async function readCentralDirectory(handle: Awaited<ReturnType<typeof open>>, shown: string): Promise<ZipEntry[]> {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, 65_557);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new MctlError('ARCHIVE_FORMAT', `${shown}: not a complete zip file (no end of central directory)`, { exit: 'BAD_INPUT', hint: 'the file may be truncated' });
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw new MctlError('ARCHIVE_FORMAT', `${shown}: a ZIP64 archive (over 4 GiB or 65535 members), which this minimal reader does not open`, { exit: 'BAD_INPUT', hint: 'split the model files, or use the full archive reader of mctl inspect' });
  }
  if (cdOffset + cdSize > size) throw unsafe(shown, 'its central directory points past the end of the file');
  const cd = Buffer.alloc(cdSize);
  await handle.read(cd, 0, cdSize, cdOffset);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw unsafe(shown, 'its central directory is malformed');
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      compressed: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      mode: (cd.readUInt32LE(p + 38) >>> 16) & 0xffff,
      offset: cd.readUInt32LE(p + 42),
      name: new TextDecoder('utf-8', { fatal: false }).decode(cd.subarray(p + 46, p + 46 + nameLength)),
    };
    if (entry.offset + 30 + entry.compressed > size) throw unsafe(shown, `member '${entry.name}' points past the end of the file`);
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function copyDirectory(root: string, dest: string, shown: string, limits: ExtractLimits): ExtractResult['files'] {
  const files: ExtractResult['files'] = [];
  let total = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const from = join(dir, entry.name);
      const name = relative(root, from).split(sep).join('/');
      if (entry.isSymbolicLink()) throw unsafe(shown, `'${name}' is a symbolic link`);
      if (entry.isDirectory()) {
        walk(from);
        continue;
      }
      if (!entry.isFile()) throw unsafe(shown, `'${name}' is not a regular file`);
      const target = checkName(name, shown, dest);
      const { size } = statSync(from);
      total += size;
      if (files.length >= limits.maxFiles || total > limits.maxTotalBytes) throw unsafe(shown, 'is larger than the extraction limits');
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(from, target);
      files.push({ path: name, size });
    }
  };
  walk(root);
  return files;
}
