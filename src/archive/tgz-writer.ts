import type { FileHandle } from 'node:fs/promises';
import { constants, crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { DEFLATE_LEVEL, SMALL_FILE, sampleSaysDeflate } from './compress-choice.ts';
import { MCTL_FILE, buildMctlRecord } from './mctl-file.ts';
import { digestBuffer, readSmallFile, streamFile } from './stream-file.ts';
import { fileHeader, padding, trailer } from './tar-format.ts';
import type { ArchivePlan, PlannedFile } from './types.ts';
import type { WriteOptions, WrittenEntry } from './zip-writer.ts';

/**
 * `<model-name>.tar.gz` as TorchServe reads it: every member under `<model-name>/` (its
 * reader strips the first path component, whatever it is). The gzip wrapper is written by
 * hand (mtime 0, OS 255) so the bytes do not depend on the platform; incompressible members
 * go through the same deflate stream at level 0 instead of costing a full compression pass.
 */
export async function writeTgz(plan: ArchivePlan, handle: FileHandle, options: Omit<WriteOptions, 'storeOnly'>): Promise<WrittenEntry[]> {
  const gzipHeader = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  await handle.write(gzipHeader, 0, gzipHeader.length, 0);
  let position = gzipHeader.length;
  let crc = 0;
  let tarBytes = 0;
  let level = DEFLATE_LEVEL;
  const deflater = createDeflateRaw({ level });
  // A failed write (a full disk) is kept and raised by the next push: breaking out of this
  // loop would destroy the deflater under a pending params() call, which Node asserts on.
  let writeFailure: unknown;
  const drained = (async () => {
    for await (const piece of deflater as AsyncIterable<Buffer>) {
      if (writeFailure !== undefined) continue;
      const at = position;
      position += piece.length;
      await handle.write(piece, 0, piece.length, at).catch((error: unknown) => { writeFailure = error; });
    }
    if (writeFailure !== undefined) throw writeFailure;
  })();
  drained.catch(() => undefined);
  const push = (chunk: Buffer) => {
    if (writeFailure !== undefined) throw writeFailure;
    crc = crc32(chunk, crc);
    tarBytes += chunk.length;
    return writeChunk(deflater, chunk);
  };
  const written: WrittenEntry[] = [];

  const addEntry = async (file: PlannedFile) => {
    const data = file.content ?? (file.size <= SMALL_FILE ? await readSmallFile(file.source!, file.size, options.display(file)) : null);
    await push(fileHeader({ name: `${plan.modelName}/${file.path}`, size: file.size, mode: file.mode, mtime: plan.timestamp }));
    let digest;
    if (data !== null) {
      digest = digestBuffer(data);
      await push(Buffer.from(data));
      options.progress?.(data.length);
    } else {
      const wanted = (await sampleSaysDeflate(file.source!, file.size)) ? DEFLATE_LEVEL : constants.Z_NO_COMPRESSION;
      if (wanted !== level) await setLevel(deflater, (level = wanted));
      digest = await streamFile(file.source!, file.size, options.display(file), (chunk) => {
        options.progress?.(chunk.length);
        return push(chunk);
      }, options.hashWorker);
      if (level !== DEFLATE_LEVEL) await setLevel(deflater, (level = DEFLATE_LEVEL));
    }
    await push(padding(file.size));
    written.push({ path: file.path, size: digest.size, sha256: digest.sha256, compressedSize: 0, method: 'deflated' });
  };

  try {
    for (const file of plan.files) await addEntry(file);
    const record = buildMctlRecord(plan.handler, written);
    await addEntry({ path: MCTL_FILE, content: record, size: record.length, mode: 0o644, role: 'generated' });
    await push(trailer(tarBytes));
  } catch (error) {
    deflater.destroy();
    throw error;
  }
  deflater.end();
  await drained;
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc >>> 0, 0);
  tail.writeUInt32LE(tarBytes % 2 ** 32, 4);
  await handle.write(tail, 0, 8, position);
  await handle.truncate(position + 8);
  return written;
}

function writeChunk(stream: DeflateRaw, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => stream.write(chunk, (error) => (error ? reject(error) : resolve())));
}

function setLevel(stream: DeflateRaw, level: number): Promise<void> {
  return new Promise((resolve) => stream.params(level, constants.Z_DEFAULT_STRATEGY, () => resolve()));
}
