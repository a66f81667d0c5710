import type { FileHandle } from 'node:fs/promises';
import { MctlError } from '../errors.ts';
import { unsafe, type ArchiveLimits } from './limits.ts';
import { findEnd, type EndInfo } from './zip-end.ts';
import { FLAG_DESCRIPTOR, FLAG_ENCRYPTED, MAX16, MAX32, METHOD, SIG, ZIP64_EXTRA } from './zip-format.ts';
import { readAt, unsupportedMultiDisk } from './zip-io.ts';

/**
 * The central directory of a zip, read and cross-checked without touching any entry's
 * data. The servers read zips front to back through local headers (ZipInputStream) while
 * inspectors read the central directory; entries must therefore sit back to back from
 * offset 0 up to the central directory, with identical names and sizes in both headers, so
 * that every reader sees the same files. Anything else is refused.
 */
export interface ZipRecord {
  name: string;
  nameBytes: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  /** Unix mode from the external attributes when the creator was a Unix system. */
  unixMode: number | null;
  extra: Buffer;
  /** Set by the local-header pass. */
  dataStart: number;
  end: number;
}

export interface ZipStructure {
  records: ZipRecord[];
  centralOffset: number;
  warnings: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Traditional PKWARE encryption (bit 0), strong encryption (bit 6), masked central directory (bit 13).
const ENCRYPTION_FLAGS = FLAG_ENCRYPTED | 0x0040 | 0x2000;

export async function readZipStructure(
  handle: FileHandle,
  fileSize: number,
  archive: string,
  limits: ArchiveLimits,
): Promise<ZipStructure> {
  const end = await findEnd(handle, fileSize, archive);
  const records = await readCentral(handle, end, archive, limits);
  const warnings: string[] = [];
  for (const record of records) await checkLocal(handle, record, archive, warnings);
  checkContiguous(records, end.centralOffset, archive);
  return { records, centralOffset: end.centralOffset, warnings };
}

async function readCentral(
  handle: FileHandle,
  end: EndInfo,
  archive: string,
  limits: ArchiveLimits,
): Promise<ZipRecord[]> {
  if (end.count > limits.maxEntries) {
    throw unsafe(
      'ARCHIVE_TOO_MANY_ENTRIES',
      archive,
      `${end.count} entries, over the limit of ${limits.maxEntries}`,
      'raise --max-entries if the archive is trusted',
    );
  }
  if (end.centralSize > end.count * (46 + 3 * MAX16) || end.centralSize > 256 * 1024 * 1024)
    throw unsafe('ARCHIVE_STRUCTURE', archive, 'central directory larger than its entries can be');
  const central = await readAt(handle, end.centralOffset, end.centralSize);
  const records: ZipRecord[] = [];
  let at = 0;
  for (let i = 0; i < end.count; i++) {
    if (at + 46 > central.length || central.readUInt32LE(at) !== SIG.central)
      throw unsafe('ARCHIVE_STRUCTURE', archive, `central directory entry ${i + 1} is damaged`);
    const nameLength = central.readUInt16LE(at + 28);
    const extraLength = central.readUInt16LE(at + 30);
    const commentLength = central.readUInt16LE(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > central.length)
      throw unsafe('ARCHIVE_STRUCTURE', archive, `central directory entry ${i + 1} runs past the directory`);
    const nameBytes = central.subarray(at + 46, at + 46 + nameLength);
    const extra = central.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const name = decodeName(nameBytes, archive);
    let size = central.readUInt32LE(at + 24);
    let compressedSize = central.readUInt32LE(at + 20);
    let offset = central.readUInt32LE(at + 42);
    const diskStart = central.readUInt16LE(at + 34);
    const zip64 = findExtra(extra, ZIP64_EXTRA);
    let z = 0;
    const take = (): number => {
      if (!zip64 || z + 8 > zip64.length)
        throw unsafe(
          'ARCHIVE_STRUCTURE',
          archive,
          `'${name}': a size is 0xFFFFFFFF but the ZIP64 extra field lacks it`,
        );
      const value = Number(zip64.readBigUInt64LE(z));
      z += 8;
      return value;
    };
    if (size === MAX32) size = take();
    if (compressedSize === MAX32) compressedSize = take();
    if (offset === MAX32) offset = take();
    if (diskStart !== 0 && !(diskStart === MAX16 && zip64)) throw unsupportedMultiDisk(archive);
    const host = central.readUInt8(at + 5);
    const external = central.readUInt32LE(at + 38);
    records.push({
      name,
      nameBytes: Buffer.from(nameBytes),
      flags: central.readUInt16LE(at + 8),
      method: central.readUInt16LE(at + 10),
      crc: central.readUInt32LE(at + 16),
      compressedSize,
      size,
      offset,
      unixMode: host === 3 || host === 19 ? external >>> 16 : null,
      extra: Buffer.from(extra),
      dataStart: 0,
      end: 0,
    });
    at = next;
  }
  if (at !== central.length)
    throw unsafe('ARCHIVE_STRUCTURE', archive, 'the central directory holds more than its entries');
  for (const record of records) {
    if (record.flags & ENCRYPTION_FLAGS) {
      // The servers' ZipInputStream refuses encrypted entries; a reader that skipped the check
      // would hand them ciphertext. Refused as unsafe, like every archive that readers disagree on.
      throw unsafe(
        'ARCHIVE_ENCRYPTED',
        archive,
        `'${record.name}' is encrypted; the servers cannot read encrypted entries`,
        'rebuild the archive without encryption (mctl archive never encrypts)',
        { member: record.name },
      );
    }
    if (record.method !== METHOD.stored && record.method !== METHOD.deflated) {
      throw new MctlError(
        'ARCHIVE_UNSUPPORTED',
        `${archive}: '${record.name}' uses compression method ${record.method}; ` +
          'the servers read only stored (0) and deflated (8) entries',
        {
          exit: 'BAD_INPUT',
          hint: 'rebuild the archive with mctl archive or zip -0/-6',
          details: { archive, member: record.name },
        },
      );
    }
    const unicodePath = findExtra(record.extra, 0x7075);
    if (unicodePath && unicodePath.length > 5 && !unicodePath.subarray(5).equals(record.nameBytes)) {
      throw unsafe(
        'ARCHIVE_NAME_MISMATCH',
        archive,
        `'${record.name}' carries a different Unicode path in its extra field`,
        undefined,
        { member: record.name },
      );
    }
  }
  return records;
}

async function checkLocal(handle: FileHandle, record: ZipRecord, archive: string, warnings: string[]): Promise<void> {
  const fixed = await readAt(handle, record.offset, 30);
  if (fixed.readUInt32LE(0) !== SIG.local)
    throw unsafe(
      'ARCHIVE_STRUCTURE',
      archive,
      `'${record.name}': no local header at offset ${record.offset}`,
      undefined,
      { member: record.name },
    );
  const nameLength = fixed.readUInt16LE(26);
  const extraLength = fixed.readUInt16LE(28);
  const variable = await readAt(handle, record.offset + 30, nameLength + extraLength);
  const localName = variable.subarray(0, nameLength);
  if (!localName.equals(record.nameBytes)) {
    throw unsafe(
      'ARCHIVE_NAME_MISMATCH',
      archive,
      `'${record.name}' is named '${localName.toString('utf8')}' in its local header: ` +
        'the servers would extract a different file than listed',
      undefined,
      { member: record.name },
    );
  }
  const flags = fixed.readUInt16LE(6);
  const method = fixed.readUInt16LE(8);
  if (
    method !== record.method ||
    (flags & (FLAG_DESCRIPTOR | FLAG_ENCRYPTED | 0x0800)) !==
      (record.flags & (FLAG_DESCRIPTOR | FLAG_ENCRYPTED | 0x0800))
  ) {
    throw unsafe(
      'ARCHIVE_HEADER_MISMATCH',
      archive,
      `'${record.name}': local and central headers disagree on the method or flags`,
      undefined,
      { member: record.name },
    );
  }
  record.dataStart = record.offset + 30 + nameLength + extraLength;
  const dataEnd = record.dataStart + record.compressedSize;
  const descriptor = (flags & FLAG_DESCRIPTOR) !== 0;
  if (!descriptor) {
    let size = fixed.readUInt32LE(22);
    let compressedSize = fixed.readUInt32LE(18);
    const zip64 = findExtra(variable.subarray(nameLength), ZIP64_EXTRA);
    if (zip64 && (size === MAX32 || compressedSize === MAX32)) {
      let z = 0;
      if (size === MAX32 && zip64.length >= 8) {
        size = Number(zip64.readBigUInt64LE(0));
        z = 8;
      }
      if (compressedSize === MAX32 && zip64.length >= z + 8) compressedSize = Number(zip64.readBigUInt64LE(z));
    }
    if (fixed.readUInt32LE(14) !== record.crc || size !== record.size || compressedSize !== record.compressedSize) {
      throw unsafe(
        'ARCHIVE_SIZE_MISMATCH',
        archive,
        `'${record.name}': local header says ${size} bytes (${compressedSize} compressed), ` +
          `central directory ${record.size} (${record.compressedSize}): sizes that lie`,
        undefined,
        { member: record.name },
      );
    }
    record.end = dataEnd;
    return;
  }
  if (record.method === METHOD.stored) {
    warnings.push(
      `'${record.name}' is stored with a data descriptor: ` +
        'TorchServe\'s and MMS\'s ZipInputStream refuse such entries ("only DEFLATED entries can have EXT descriptor")',
    );
  }
  // Data descriptor after the data: optional signature, CRC, then 32- or 64-bit sizes.
  const probe = await readAt(handle, dataEnd, 24, true);
  const signed = probe.length >= 4 && probe.readUInt32LE(0) === SIG.descriptor;
  const base = signed ? 4 : 0;
  const wide =
    record.size >= MAX32 ||
    record.compressedSize >= MAX32 ||
    findExtra(variable.subarray(nameLength), ZIP64_EXTRA) !== null;
  const length = base + (wide ? 20 : 12);
  if (probe.length < length)
    throw unsafe('ARCHIVE_STRUCTURE', archive, `'${record.name}': data descriptor cut off`, undefined, {
      member: record.name,
    });
  const crc = probe.readUInt32LE(base);
  const compressedSize = wide ? Number(probe.readBigUInt64LE(base + 4)) : probe.readUInt32LE(base + 4);
  const size = wide ? Number(probe.readBigUInt64LE(base + 12)) : probe.readUInt32LE(base + 8);
  if (crc !== record.crc || size !== record.size || compressedSize !== record.compressedSize) {
    throw unsafe(
      'ARCHIVE_SIZE_MISMATCH',
      archive,
      `'${record.name}': data descriptor disagrees with the central directory: sizes that lie`,
      undefined,
      { member: record.name },
    );
  }
  record.end = dataEnd + length;
}

function checkContiguous(records: ZipRecord[], centralOffset: number, archive: string): void {
  const ordered = [...records].sort((a, b) => a.offset - b.offset);
  let expected = 0;
  for (const record of ordered) {
    if (record.offset < expected)
      throw unsafe(
        'ARCHIVE_OVERLAP',
        archive,
        `'${record.name}' overlaps the entry before it (overlapping entries are a zip-bomb technique)`,
        undefined,
        { member: record.name },
      );
    if (record.offset > expected)
      throw unsafe(
        'ARCHIVE_HIDDEN_DATA',
        archive,
        `${record.offset - expected} bytes before '${record.name}' belong to no entry: ` +
          'prepended or hidden data that streaming readers would see differently',
        undefined,
        { member: record.name },
      );
    expected = record.end;
  }
  if (expected !== centralOffset) {
    throw unsafe(
      expected > centralOffset ? 'ARCHIVE_OVERLAP' : 'ARCHIVE_HIDDEN_DATA',
      archive,
      `entries end at ${expected} but the central directory starts at ${centralOffset}`,
    );
  }
}

function decodeName(bytes: Buffer, archive: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw unsafe(
      'ARCHIVE_NAME_ENCODING',
      archive,
      `an entry name is not valid UTF-8 (${bytes.toString('hex')}); ` +
        'the Java servers decode names as UTF-8 and Python as CP437, so they would disagree',
    );
  }
}

function findExtra(extra: Buffer, id: number): Buffer | null {
  for (let at = 0; at + 4 <= extra.length;) {
    const header = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (at + 4 + length > extra.length) return null;
    if (header === id) return extra.subarray(at + 4, at + 4 + length);
    at += 4 + length;
  }
  return null;
}
