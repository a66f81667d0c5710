import type { FileHandle } from 'node:fs/promises';
import { MctlError } from '../errors.ts';
import { unsafe } from './limits.ts';
import { MAX16, MAX32, SIG } from './zip-format.ts';
import { readAt, unsupportedMultiDisk } from './zip-io.ts';

/**
 * The end-of-central-directory record (and its ZIP64 record and locator), found from the end
 * of the file. It must close the file exactly and the central directory must end right where
 * it begins: data appended, prepended or hidden around the directory is refused.
 */
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export interface EndInfo {
  count: number;
  centralOffset: number;
  centralSize: number;
  /** Where the central directory must end: the ZIP64 end record, or the end record. */
  centralLimit: number;
}

export async function findEnd(handle: FileHandle, fileSize: number, archive: string): Promise<EndInfo> {
  const notZip = () =>
    new MctlError('ARCHIVE_FORMAT', `${archive}: not a zip archive (no end-of-central-directory record)`, {
      exit: 'BAD_INPUT',
      hint: 'mctl reads .mar (zip), .tar.gz and directories in the no-archive layout',
      details: { archive },
    });
  if (fileSize < EOCD_SIZE) throw notZip();
  const tailSize = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, fileSize - tailSize, tailSize);
  let at = -1;
  let sawSignature = false;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== SIG.end) continue;
    sawSignature = true;
    if (tail.readUInt16LE(i + 20) === tail.length - i - EOCD_SIZE) {
      at = i;
      break;
    }
  }
  if (at === -1) {
    if (sawSignature) throw unsafe('ARCHIVE_TRAILING_DATA', archive, 'data after the end-of-central-directory record');
    throw notZip();
  }
  const eocdOffset = fileSize - tailSize + at;
  const disk = tail.readUInt16LE(at + 4);
  const centralDisk = tail.readUInt16LE(at + 6);
  let count = tail.readUInt16LE(at + 10);
  const diskCount = tail.readUInt16LE(at + 8);
  let centralSize = tail.readUInt32LE(at + 12);
  let centralOffset = tail.readUInt32LE(at + 16);
  let centralLimit = eocdOffset;
  const locatorAt = at - 20;
  const hasLocator = locatorAt >= 0 && tail.readUInt32LE(locatorAt) === SIG.locator64;
  if (hasLocator) {
    const end64Offset = Number(tail.readBigUInt64LE(locatorAt + 8));
    if (end64Offset + 56 > eocdOffset - 20)
      throw unsafe('ARCHIVE_STRUCTURE', archive, 'ZIP64 end record points past its locator');
    const end64 = await readAt(handle, end64Offset, 56);
    if (end64.readUInt32LE(0) !== SIG.end64)
      throw unsafe('ARCHIVE_STRUCTURE', archive, 'ZIP64 locator does not point at a ZIP64 end record');
    if (end64Offset + 12 + Number(end64.readBigUInt64LE(4)) !== eocdOffset - 20)
      throw unsafe('ARCHIVE_STRUCTURE', archive, 'ZIP64 end record and locator are not adjacent');
    if (end64.readUInt32LE(16) !== 0 || end64.readUInt32LE(20) !== 0) throw unsupportedMultiDisk(archive);
    count = Number(end64.readBigUInt64LE(32));
    if (Number(end64.readBigUInt64LE(24)) !== count) throw unsupportedMultiDisk(archive);
    centralSize = Number(end64.readBigUInt64LE(40));
    centralOffset = Number(end64.readBigUInt64LE(48));
    centralLimit = end64Offset;
  } else if (count === MAX16 || centralSize === MAX32 || centralOffset === MAX32) {
    throw unsafe('ARCHIVE_STRUCTURE', archive, 'end record says ZIP64 but there is no ZIP64 locator');
  } else if (disk !== 0 || centralDisk !== 0 || diskCount !== count) {
    throw unsupportedMultiDisk(archive);
  }
  if (centralOffset + centralSize !== centralLimit) {
    throw unsafe(
      'ARCHIVE_STRUCTURE',
      archive,
      `the central directory (offset ${centralOffset}, ${centralSize} bytes) ` +
        `does not end where the end record is (${centralLimit}): prepended or hidden data`,
    );
  }
  return { count, centralOffset, centralSize, centralLimit };
}
