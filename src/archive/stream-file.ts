import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { MctlError } from '../errors.ts';
import { readRegularFile } from '../util/read-file.ts';
import { SMALL_FILE } from './compress-choice.ts';
import { inlineHasher, type HashWorker, type Hasher } from './hasher.ts';
import type { SequentialWriter } from './sequential-writer.ts';
import type { PlannedFile } from './types.ts';

/**
 * Reads a file once, in large chunks, computing its CRC-32 (for zip and gzip) and SHA-256
 * (for the hash list) while the consumer writes it. Nothing waits on anything it does not
 * need: a chunk goes to the hasher and the consumer the moment it is read, the read after it
 * starts as soon as a buffer is free, and the CRC is computed here meanwhile. SHA-256 is the
 * slowest step (~1.8 GB/s), so for large files it runs on a worker thread fed ahead by the
 * read-ahead of the whole pool. Memory stays at the pool whatever the file size.
 */
const CHUNK = 1024 * 1024;
/** Read-ahead: SHA-256 on the worker falls behind when the machine is busy; this much is queued for it. */
const POOL_BYTES = 8 * 1024 * 1024;
/** From this size on, hashing moves to a worker thread (starting one costs ~30 ms). */
export const WORKER_HASH_SIZE = 64 * 1024 * 1024;
/**
 * The read size for a deflate stream. zlib's Node binding costs a round trip per write, so
 * larger writes compress ~10% faster (128 MiB of text: 4.0 s against 4.4 s with 1 MiB); and the
 * tgz writer must keep it: its deflate stream switches to level 0 for incompressible members,
 * and zlib's stored blocks follow the boundaries of the writes it is given, so this size is part
 * of a .tar.gz's bytes. Level-6 output does not depend on how the input is split.
 */
export const DEFLATE_CHUNK = 4 * 1024 * 1024;

export interface StreamOptions {
  /** Hashes on this worker when the file is large enough to pay for it. */
  hashWorker?: HashWorker;
  chunkSize?: number;
}

export interface Digest {
  crc: number;
  sha256: string;
  size: number;
}

/** `consume` may keep the chunk until its promise settles; the buffer is reused after that. */
export async function streamFile(
  path: string,
  expectedSize: number,
  display: string,
  consume: (chunk: Buffer) => Promise<unknown> | void,
  options: StreamOptions = {},
): Promise<Digest> {
  const handle = await open(path, 'r');
  const { hashWorker, chunkSize = CHUNK } = options;
  const onWorker = hashWorker !== undefined && expectedSize >= WORKER_HASH_SIZE;
  // Hashing here, the next read is all there is to overlap with: two buffers do.
  const slots = onWorker ? Math.max(3, POOL_BYTES / chunkSize) : 2;
  const memory = onWorker ? new SharedArrayBuffer(slots * chunkSize) : new ArrayBuffer(slots * chunkSize);
  const pool = Array.from({ length: slots }, (_, i) => Buffer.from(memory, i * chunkSize, chunkSize));
  const hasher: Hasher = onWorker ? hashWorker.begin(memory as SharedArrayBuffer) : inlineHasher();
  // Settles when the slot's last chunk has been hashed and consumed.
  const released: Promise<unknown>[] = pool.map(() => Promise.resolve());
  const readInto = (slot: number, at: number) =>
    quiet(released[slot]!.then(() => handle.read(pool[slot]!, 0, chunkSize, at)));
  let crc = 0;
  let total = 0;
  let reading = readInto(0, 0);
  try {
    for (let i = 0; ; i++) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      const slot = i % slots;
      const chunk = pool[slot]!.subarray(0, bytesRead);
      total += bytesRead;
      if (total > expectedSize) throw changed(display, expectedSize);
      const consumed = consume(chunk);
      // The next read goes into another slot: queue it before hashing here takes this thread.
      reading = readInto((i + 1) % slots, total);
      released[slot] = quiet(Promise.all([consumed, hasher.update(chunk)]));
      crc = crc32(chunk, crc);
    }
    await Promise.all(released);
    if (total !== expectedSize) throw changed(display, expectedSize);
    return { crc, sha256: await hasher.digest(), size: total };
  } finally {
    await Promise.allSettled([...released, reading]);
    await handle.close();
  }
}

/** Small files and generated content: one buffer. */
export function digestBuffer(data: Uint8Array): Digest {
  return { crc: crc32(data), sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

/** A file's bytes when it is generated or small enough to read whole; null when it must be streamed. */
export function wholeData(file: PlannedFile, display: string, into: Buffer): Uint8Array | null {
  if (file.content) return file.content;
  return file.size <= SMALL_FILE ? readSmallFile(file.source!, file.size, display, into) : null;
}

/**
 * A file of at most SMALL_FILE bytes, in one synchronous read: through a thread pool each
 * open, read and close would cost a round trip, which for thousands of small files is most
 * of the time; the planner's secret scan has just read them, so they are in the page cache.
 * The result is a view of `into` (SMALL_FILE + 1 bytes), valid until the next read.
 */
function readSmallFile(path: string, expectedSize: number, display: string, into: Buffer): Buffer {
  let data: Buffer;
  try {
    data = readRegularFile(path, { shown: display, maxBytes: expectedSize, what: 'file', into });
  } catch (error) {
    throw error instanceof MctlError && error.code === 'INPUT_TOO_LARGE' ? changed(display, expectedSize) : error;
  }
  if (data.length !== expectedSize) throw changed(display, expectedSize);
  return data;
}

export function changed(display: string, expectedSize: number): MctlError {
  return new MctlError(
    'FILE_CHANGED',
    `${display} changed while it was being archived (expected ${expectedSize} bytes)`,
    {
      exit: 'BAD_INPUT',
      hint: 'wait for whatever writes the file to finish, then run mctl archive again',
      details: { path: display },
    },
  );
}

// A rejection we will await later must not count as unhandled in the meantime.
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** A large stored file: each chunk written straight from the read buffer. */
export function streamStored(
  file: PlannedFile,
  out: SequentialWriter,
  options: { display(file: PlannedFile): string; progress?: (bytes: number) => void; hashWorker?: HashWorker },
): Promise<Digest> {
  return streamFile(
    file.source!,
    file.size,
    options.display(file),
    (chunk) => {
      options.progress?.(chunk.length);
      return out.appendUnbuffered(chunk);
    },
    { hashWorker: options.hashWorker },
  );
}
