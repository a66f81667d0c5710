import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import { constants, crc32, type DeflateRaw } from 'node:zlib';
import { DEFLATE_LEVEL, SMALL_FILE, sampleSaysDeflate } from './compress-choice.ts';
import { deflateInto } from './deflate-into.ts';
import { MCTL_FILE, buildMctlRecord } from './mctl-file.ts';
import { SequentialWriter } from './sequential-writer.ts';
import { DEFLATE_CHUNK, digestBuffer, streamFile, wholeData } from './stream-file.ts';
import { fileHeader, padding, trailer } from './tar-format.ts';
import type { ArchivePlan, PlannedFile } from './types.ts';
import type { WriteOptions, WrittenEntry } from './zip-writer.ts';

/**
 * `<model-name>.tar.gz` as TorchServe reads it: every member under `<model-name>/` (its
 * reader strips the first path component, whatever it is). The gzip wrapper is written by
 * hand (mtime 0, OS 255) so the bytes do not depend on the platform; incompressible members
 * go through the same deflate stream at level 0 instead of costing a full compression pass.
 */
export async function writeTgz(
  plan: ArchivePlan,
  handle: FileHandle,
  options: Omit<WriteOptions, 'storeOnly'>,
): Promise<WrittenEntry[]> {
  const out = new SequentialWriter(handle);
  await out.append(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]));
  let crc = 0;
  let tarBytes = 0;
  let level = DEFLATE_LEVEL;
  // zlib's default 16 KiB output buffers: at level 0 they shape the stored blocks, so the bytes.
  const deflater = deflateInto(out, { level });
  const account = (chunk: Buffer) => {
    crc = crc32(chunk, crc);
    tarBytes += chunk.length;
  };
  // Deflate output does not depend on how its input is split while the level stays put, so a
  // small member goes in as one write, and only the stream's buffer limit makes us wait.
  const pushCopy = async (chunk: Buffer) => {
    deflater.check();
    account(chunk);
    if (!deflater.stream.write(chunk)) await once(deflater.stream, 'drain');
  };
  // A streamed chunk's buffer is reused once this resolves: wait until zlib has taken it.
  const pushChunk = (chunk: Buffer) => {
    account(chunk);
    return deflater.take(chunk);
  };
  const written: WrittenEntry[] = [];
  const scratch = Buffer.allocUnsafe(SMALL_FILE + 1);

  const addEntry = async (file: PlannedFile) => {
    const data = wholeData(file, options.display(file), scratch);
    const name = `${plan.modelName}/${file.path}`;
    const header = fileHeader({ name, size: file.size, mode: file.mode, mtime: plan.timestamp });
    let digest;
    if (data !== null) {
      digest = digestBuffer(data);
      await pushCopy(Buffer.concat([header, data, padding(file.size)]));
      options.progress?.(data.length);
    } else {
      await pushCopy(header);
      const wanted = (await sampleSaysDeflate(file.source!, file.size)) ? DEFLATE_LEVEL : constants.Z_NO_COMPRESSION;
      if (wanted !== level) await setLevel(deflater.stream, (level = wanted));
      digest = await streamFile(
        file.source!,
        file.size,
        options.display(file),
        (chunk) => {
          options.progress?.(chunk.length);
          return pushChunk(chunk);
        },
        { hashWorker: options.hashWorker, chunkSize: DEFLATE_CHUNK },
      );
      if (level !== DEFLATE_LEVEL) await setLevel(deflater.stream, (level = DEFLATE_LEVEL));
      await pushCopy(padding(file.size));
    }
    written.push({ path: file.path, size: digest.size, sha256: digest.sha256, compressedSize: 0, method: 'deflated' });
  };

  try {
    for (const file of plan.files) await addEntry(file);
    const record = buildMctlRecord(plan.handler, written);
    await addEntry({ path: MCTL_FILE, content: record, size: record.length, mode: 0o644, role: 'generated' });
    await pushCopy(trailer(tarBytes));
    await deflater.finish();
  } finally {
    deflater.destroy();
  }
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc >>> 0, 0);
  tail.writeUInt32LE(tarBytes % 2 ** 32, 4);
  await out.append(tail);
  await out.finish();
  await handle.truncate(out.position);
  return written;
}

function setLevel(stream: DeflateRaw, level: number): Promise<void> {
  return new Promise((resolve) => stream.params(level, constants.Z_DEFAULT_STRATEGY, () => resolve()));
}
