import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { MctlError } from '../errors.ts';
import { inlineHasher, type HashWorker, type Hasher } from './hasher.ts';

/**
 * Reads a file once, in fixed-size chunks, computing its CRC-32 (for zip and gzip) and
 * SHA-256 (for the hash list) while the consumer writes the previous chunk: reads and
 * writes run on libuv's threads, hashing on this one, so a large file costs about one pass
 * over the disk. Memory stays at three chunks whatever the file size.
 */
export const CHUNK = 4 * 1024 * 1024;
const POOL = 3;
/** From this size on, hashing moves to a worker thread (starting one costs ~30 ms). */
export const WORKER_HASH_SIZE = 64 * 1024 * 1024;

export interface Digest {
  crc: number;
  sha256: string;
  size: number;
}

/** `consume` may keep the chunk until its promise settles; the buffer is reused after that. */
export async function streamFile(path: string, expectedSize: number, display: string, consume: (chunk: Buffer) => Promise<unknown> | void, hashWorker?: HashWorker): Promise<Digest> {
  const handle = await open(path, 'r');
  const shared = hashWorker && expectedSize >= WORKER_HASH_SIZE ? new SharedArrayBuffer(POOL * CHUNK) : null;
  const pool = Array.from({ length: POOL }, (_, i) => (shared ? Buffer.from(shared, i * CHUNK, CHUNK) : Buffer.allocUnsafe(CHUNK)));
  const hasher: Hasher = shared ? hashWorker!.begin(shared) : inlineHasher();
  const busy: (Promise<unknown> | undefined)[] = new Array(POOL).fill(undefined);
  let crc = 0;
  let total = 0;
  let next = quiet(handle.read(pool[0]!, 0, CHUNK, 0));
  try {
    for (let i = 0; ; i++) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const chunk = pool[i % POOL]!.subarray(0, bytesRead);
      total += bytesRead;
      if (total > expectedSize) throw changed(display, expectedSize);
      const j = (i + 1) % POOL;
      await busy[j];
      next = quiet(handle.read(pool[j]!, 0, CHUNK, total));
      crc = crc32(chunk, crc);
      busy[i % POOL] = quiet(Promise.all([hasher.update(chunk), consume(chunk)]));
    }
    await Promise.all(busy);
    if (total !== expectedSize) throw changed(display, expectedSize);
    return { crc, sha256: await hasher.digest(), size: total };
  } finally {
    await handle.close();
  }
}

/** Small files and generated content: one buffer. */
export function digestBuffer(data: Uint8Array): Digest {
  return { crc: crc32(data), sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

export async function readSmallFile(path: string, expectedSize: number, display: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(expectedSize + 1);
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
      if (read > expectedSize) throw changed(display, expectedSize);
    }
    if (read !== expectedSize) throw changed(display, expectedSize);
    return buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
}

export function changed(display: string, expectedSize: number): MctlError {
  return new MctlError('FILE_CHANGED', `${display} changed while it was being archived (expected ${expectedSize} bytes)`, {
    exit: 'BAD_INPUT',
    hint: 'wait for whatever writes the file to finish, then run mctl archive again',
    details: { path: display },
  });
}

// A rejection we will await later must not count as unhandled in the meantime.
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
