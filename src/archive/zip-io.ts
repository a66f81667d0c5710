import type { FileHandle } from 'node:fs/promises';
import { MctlError } from '../errors.ts';

/** Positional reads for the zip checks: short reads mean the archive was cut off. */
export async function readAt(handle: FileHandle, position: number, length: number, partial = false): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  if (read < length && !partial) throw new MctlError('ARCHIVE_TRUNCATED', `archive ends early (wanted ${length} bytes at offset ${position})`, { exit: 'UNSAFE', hint: 'the file is truncated or damaged' });
  return buffer.subarray(0, read);
}

export function unsupportedMultiDisk(archive: string): MctlError {
  return new MctlError('ARCHIVE_UNSUPPORTED', `${archive}: a split (multi-disk) zip`, { exit: 'BAD_INPUT', hint: 'join the parts into one archive', details: { archive } });
}

/**
 * A byte range of the archive as chunks. FileHandle.createReadStream would add a 'close'
 * listener to the shared handle per member (Node warns past ten).
 */
export async function* readRange(handle: FileHandle, start: number, length: number, chunkSize = 1024 * 1024): AsyncGenerator<Buffer> {
  for (let done = 0; done < length;) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, length - done));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start + done);
    if (bytesRead === 0) throw new MctlError('ARCHIVE_TRUNCATED', `archive ends early (wanted ${length} bytes at offset ${start})`, { exit: 'UNSAFE', hint: 'the file is truncated or damaged' });
    done += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}
