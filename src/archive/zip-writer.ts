import type { FileHandle } from 'node:fs/promises';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import type { HashWorker } from './hasher.ts';
import { DEFLATE_LEVEL, SMALL_FILE, sampleSaysDeflate, worthDeflating } from './compress-choice.ts';
import { MCTL_FILE, buildMctlRecord, type HashedFile } from './mctl-file.ts';
import { digestBuffer, readSmallFile, streamFile, type Digest } from './stream-file.ts';
import { dosDateTime } from './timestamp.ts';
import type { ArchivePlan, PlannedFile } from './types.ts';
import { MAX32, METHOD, centralHeader, endRecords, localHeader, type ZipEntryHeader } from './zip-format.ts';

/**
 * Writes a .mar to a seekable temp file. Each large entry's local header is written with
 * placeholder CRC and sizes, the data streamed after it, and the header rewritten in place
 * (what Python's zipfile does on a seekable file): one read of the input, no data descriptors.
 * Small files and generated content are compressed in memory and stored when that is smaller.
 */
const DEFLATE_MARGIN = 64 * 1024 * 1024;

export interface WrittenEntry extends HashedFile {
  compressedSize: number;
  method: 'stored' | 'deflated';
}

export interface WriteOptions {
  storeOnly: boolean;
  /** Called with the number of input bytes just consumed. */
  progress?: (bytes: number) => void;
  display: (file: PlannedFile) => string;
  /** Hashes large files on a second thread. */
  hashWorker?: HashWorker;
}

export async function writeZip(plan: ArchivePlan, handle: FileHandle, options: WriteOptions): Promise<WrittenEntry[]> {
  const { date, time } = dosDateTime(plan.timestamp);
  const headers: ZipEntryHeader[] = [];
  const written: WrittenEntry[] = [];
  let position = 0;
  const write = async (data: Uint8Array, at: number) => {
    await handle.write(data, 0, data.length, at);
  };

  const addEntry = async (file: PlannedFile, data: Uint8Array | null) => {
    const header: ZipEntryHeader = {
      name: Buffer.from(file.path, 'utf8'),
      method: METHOD.stored,
      dosTime: time,
      dosDate: date,
      crc: 0,
      compressedSize: 0,
      size: file.size,
      mode: file.mode,
      offset: position,
      zip64: file.size >= MAX32,
    };
    let digest: Digest;
    if (data !== null) {
      digest = digestBuffer(data);
      const packed = options.storeOnly ? null : deflateRawSync(data, { level: DEFLATE_LEVEL });
      const body = packed && worthDeflating(data.length, packed.length) ? packed : data;
      Object.assign(header, { method: body === data ? METHOD.stored : METHOD.deflated, crc: digest.crc, compressedSize: body.length });
      const local = localHeader(header);
      await write(Buffer.concat([local, body]), position);
      position += local.length + body.length;
      options.progress?.(data.length);
    } else {
      const deflate = !options.storeOnly && (await sampleSaysDeflate(file.source!, file.size));
      // Deflate can grow incompressible data by ~0.03%: near 4 GiB, declare ZIP64 up front.
      header.zip64 = file.size >= (deflate ? MAX32 - DEFLATE_MARGIN : MAX32);
      digest = await streamEntry(file, header, deflate);
    }
    headers.push(header);
    written.push({ path: file.path, size: digest.size, sha256: digest.sha256, compressedSize: header.compressedSize, method: header.method === METHOD.deflated ? 'deflated' : 'stored' });
  };

  const streamEntry = async (file: PlannedFile, header: ZipEntryHeader, deflate: boolean): Promise<Digest> => {
    header.method = deflate ? METHOD.deflated : METHOD.stored;
    const local = localHeader(header);
    await write(local, header.offset);
    const dataStart = header.offset + local.length;
    let out = dataStart;
    const onChunk = (chunk: Buffer) => options.progress?.(chunk.length);
    let digest: Digest;
    if (!deflate) {
      digest = await streamFile(file.source!, file.size, options.display(file), (chunk) => {
        onChunk(chunk);
        const at = out;
        out += chunk.length;
        return write(chunk, at);
      }, options.hashWorker);
    } else {
      const deflater = createDeflateRaw({ level: DEFLATE_LEVEL });
      const drained = (async () => {
        for await (const piece of deflater as AsyncIterable<Buffer>) {
          const at = out;
          out += piece.length;
          await write(piece, at);
        }
      })();
      drained.catch(() => undefined);
      digest = await streamFile(file.source!, file.size, options.display(file), (chunk) => {
        onChunk(chunk);
        return new Promise<void>((resolve, reject) => deflater.write(chunk, (error) => (error ? reject(error) : resolve())));
      }, options.hashWorker);
      deflater.end();
      await drained;
    }
    Object.assign(header, { crc: digest.crc, compressedSize: out - dataStart });
    position = out;
    await write(localHeader(header), header.offset);
    return digest;
  };

  for (const file of plan.files) {
    const data = file.content ?? (file.size <= SMALL_FILE ? await readSmallFile(file.source!, file.size, options.display(file)) : null);
    await addEntry(file, data);
  }
  const record = buildMctlRecord(plan.handler, written);
  await addEntry({ path: MCTL_FILE, content: record, size: record.length, mode: 0o644, role: 'generated' }, record);

  const central = Buffer.concat(headers.map(centralHeader));
  const end = endRecords(headers.length, position, central.length);
  await write(Buffer.concat([central, end]), position);
  await handle.truncate(position + central.length + end.length);
  return written;
}
