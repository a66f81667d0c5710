/**
 * Zip records (PKWARE APPNOTE 6.3.10) as the Java servers' ZipInputStream reads them: CRC
 * and sizes always in the local header (never a data descriptor, which the JDK rejects on
 * stored entries), ZIP64 extra fields only on entries and archives that need them, no
 * extra timestamps, Unix mode bits in the external attributes.
 */
export const SIG = {
  local: 0x04034b50,
  central: 0x02014b50,
  end: 0x06054b50,
  end64: 0x06064b50,
  locator64: 0x07064b50,
  descriptor: 0x08074b50,
} as const;

export const METHOD = { stored: 0, deflated: 8 } as const;
export const FLAG_UTF8 = 0x0800;
export const FLAG_DESCRIPTOR = 0x0008;
export const FLAG_ENCRYPTED = 0x0001;
/** 32-bit fields at this value mean "see the ZIP64 extra field". */
export const MAX32 = 0xffffffff;
export const MAX16 = 0xffff;
export const ZIP64_EXTRA = 0x0001;
const UNIX = 3;

export interface ZipEntryHeader {
  name: Buffer;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Unix permission bits (0o644, 0o755). */
  mode: number;
  offset: number;
  /** Sizes may reach 4 GiB: the local header carries a ZIP64 extra field. */
  zip64: boolean;
}

export function flagsFor(name: Buffer): number {
  return name.some((byte) => byte > 0x7f) ? FLAG_UTF8 : 0;
}

function versionNeeded(entry: { method: number; zip64: boolean }): number {
  return entry.zip64 ? 45 : entry.method === METHOD.deflated ? 20 : 10;
}

export function localHeader(entry: ZipEntryHeader): Buffer {
  const extraLength = entry.zip64 ? 20 : 0;
  const buffer = Buffer.alloc(30 + entry.name.length + extraLength);
  buffer.writeUInt32LE(SIG.local, 0);
  buffer.writeUInt16LE(versionNeeded(entry), 4);
  buffer.writeUInt16LE(flagsFor(entry.name), 6);
  buffer.writeUInt16LE(entry.method, 8);
  buffer.writeUInt16LE(entry.dosTime, 10);
  buffer.writeUInt16LE(entry.dosDate, 12);
  buffer.writeUInt32LE(entry.crc >>> 0, 14);
  buffer.writeUInt32LE(entry.zip64 ? MAX32 : entry.compressedSize, 18);
  buffer.writeUInt32LE(entry.zip64 ? MAX32 : entry.size, 22);
  buffer.writeUInt16LE(entry.name.length, 26);
  buffer.writeUInt16LE(extraLength, 28);
  entry.name.copy(buffer, 30);
  if (entry.zip64) {
    const at = 30 + entry.name.length;
    buffer.writeUInt16LE(ZIP64_EXTRA, at);
    buffer.writeUInt16LE(16, at + 2);
    buffer.writeBigUInt64LE(BigInt(entry.size), at + 4);
    buffer.writeBigUInt64LE(BigInt(entry.compressedSize), at + 12);
  }
  return buffer;
}

export function centralHeader(entry: ZipEntryHeader): Buffer {
  const fields: bigint[] = [];
  const size32 = entry.size >= MAX32 ? (fields.push(BigInt(entry.size)), MAX32) : entry.size;
  const compressed32 =
    entry.compressedSize >= MAX32 ? (fields.push(BigInt(entry.compressedSize)), MAX32) : entry.compressedSize;
  const offset32 = entry.offset >= MAX32 ? (fields.push(BigInt(entry.offset)), MAX32) : entry.offset;
  const extraLength = fields.length > 0 ? 4 + 8 * fields.length : 0;
  const zip64 = fields.length > 0 || entry.zip64;
  const buffer = Buffer.alloc(46 + entry.name.length + extraLength);
  buffer.writeUInt32LE(SIG.central, 0);
  buffer.writeUInt16LE((UNIX << 8) | (zip64 ? 45 : 20), 4);
  buffer.writeUInt16LE(versionNeeded({ method: entry.method, zip64 }), 6);
  buffer.writeUInt16LE(flagsFor(entry.name), 8);
  buffer.writeUInt16LE(entry.method, 10);
  buffer.writeUInt16LE(entry.dosTime, 12);
  buffer.writeUInt16LE(entry.dosDate, 14);
  buffer.writeUInt32LE(entry.crc >>> 0, 16);
  buffer.writeUInt32LE(compressed32, 20);
  buffer.writeUInt32LE(size32, 24);
  buffer.writeUInt16LE(entry.name.length, 28);
  buffer.writeUInt16LE(extraLength, 30);
  buffer.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38);
  buffer.writeUInt32LE(offset32, 42);
  entry.name.copy(buffer, 46);
  if (fields.length > 0) {
    const at = 46 + entry.name.length;
    buffer.writeUInt16LE(ZIP64_EXTRA, at);
    buffer.writeUInt16LE(8 * fields.length, at + 2);
    fields.forEach((value, i) => buffer.writeBigUInt64LE(value, at + 4 + 8 * i));
  }
  return buffer;
}

/** End of central directory, preceded by the ZIP64 record and locator only when a count or offset overflows. */
export function endRecords(count: number, centralOffset: number, centralSize: number): Buffer {
  const needs64 = count >= MAX16 || centralOffset >= MAX32 || centralSize >= MAX32;
  const parts: Buffer[] = [];
  if (needs64) {
    const end64Offset = centralOffset + centralSize;
    const record = Buffer.alloc(56);
    record.writeUInt32LE(SIG.end64, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE((UNIX << 8) | 45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(centralSize), 40);
    record.writeBigUInt64LE(BigInt(centralOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(SIG.locator64, 0);
    locator.writeBigUInt64LE(BigInt(end64Offset), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG.end, 0);
  end.writeUInt16LE(Math.min(count, MAX16), 8);
  end.writeUInt16LE(Math.min(count, MAX16), 10);
  end.writeUInt32LE(Math.min(centralSize, MAX32), 12);
  end.writeUInt32LE(Math.min(centralOffset, MAX32), 16);
  parts.push(end);
  return Buffer.concat(parts);
}
