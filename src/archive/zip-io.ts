import type { FileHandle } from 'node:fs/promises';
import { MctlError } from '../errors.ts';

/**
 * Positional reads for the zip checks: short reads mean the archive was cut off. Small reads
 * fetch a 64 KiB block and serve the next small reads from it: the checks read two pieces of
 * every local header, and with thousands of small members the headers sit a few KiB apart, so
 * one block holds many and each read saved is a thread-pool round trip. The result may be a
 * view of that block: read it, never write to it.
 */
const BLOCK = 64 * 1024;
const SMALL_READ = 16 * 1024;
const blocks = new WeakMap<FileHandle, { start: number; data: Buffer }>();

export async function readAt(handle: FileHandle, position: number, length: number, partial = false): Promise<Buffer> {
  const data =
    length <= SMALL_READ
      ? await readViaBlock(handle, position, length)
      : await readFully(handle, position, length, Buffer.alloc(length));
  if (data.length < length && !partial) {
    const message = `archive ends early (wanted ${length} bytes at offset ${position})`;
    throw new MctlError('ARCHIVE_TRUNCATED', message, { exit: 'UNSAFE', hint: 'the file is truncated or damaged' });
  }
  return data;
}

/** Up to `length` bytes at `position`, from the last block read or from a new one starting there. */
async function readViaBlock(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  let block = blocks.get(handle);
  if (!block || position < block.start || position + length > block.start + block.data.length) {
    block = { start: position, data: await readFully(handle, position, BLOCK, Buffer.allocUnsafe(BLOCK)) };
    blocks.set(handle, block);
  }
  const from = position - block.start;
  return block.data.subarray(from, Math.min(from + length, block.data.length));
}

async function readFully(handle: FileHandle, position: number, length: number, buffer: Buffer): Promise<Buffer> {
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

export function unsupportedMultiDisk(archive: string): MctlError {
  return new MctlError('ARCHIVE_UNSUPPORTED', `${archive}: a split (multi-disk) zip`, {
    exit: 'BAD_INPUT',
    hint: 'join the parts into one archive',
    details: { archive },
  });
}

/**
 * A byte range of the archive as chunks. FileHandle.createReadStream would add a 'close'
 * listener to the shared handle per member (Node warns past ten).
 */
export async function* readRange(
  handle: FileHandle,
  start: number,
  length: number,
  chunkSize = 1024 * 1024,
): AsyncGenerator<Buffer> {
  for (let done = 0; done < length;) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, length - done));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start + done);
    if (bytesRead === 0)
      throw new MctlError('ARCHIVE_TRUNCATED', `archive ends early (wanted ${length} bytes at offset ${start})`, {
        exit: 'UNSAFE',
        hint: 'the file is truncated or damaged',
      });
    done += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}
