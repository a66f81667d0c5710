import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { errnoCode } from '../errors.ts';
import { checkArchiveRatio, checkSizes, unsafe, type ArchiveLimits } from './limits.ts';
import { checkDeclaredMembers, type DeclaredMember } from './member-checks.ts';
import type { Member, MemberSink, OpenedArchive } from './reader-types.ts';
import { METHOD } from './zip-format.ts';
import { readAt, readRange } from './zip-io.ts';
import { readZipStructure, type ZipRecord } from './zip-structure.ts';

const S_IFMT = 0o170000;
/** Members up to this size (packed and unpacked) are read and inflated in one piece. */
const IN_MEMORY = 1024 * 1024;
const TYPES: Record<number, DeclaredMember['kind']> = { 0o100000: 'file', 0o040000: 'directory', 0o120000: 'symlink' };

/** A zip (.mar) opened for safe reading: structure checked, members listed, nothing extracted. */
export async function openZip(path: string, archive: string, limits: ArchiveLimits): Promise<OpenedArchive> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const structure = await readZipStructure(handle, size, archive, limits);
    const declared = structure.records.map((record) => declare(record));
    checkDeclaredMembers(declared, archive, limits);
    for (const record of structure.records) {
      if (record.method === METHOD.stored && record.size !== record.compressedSize) {
        throw unsafe(
          'ARCHIVE_SIZE_MISMATCH',
          archive,
          `'${record.name}' is stored but claims ${record.size} bytes from ${record.compressedSize}: sizes that lie`,
          undefined,
          { member: record.name },
        );
      }
      checkSizes(
        archive,
        record.name,
        record.size,
        record.method === METHOD.deflated ? record.compressedSize : null,
        limits,
      );
    }
    checkArchiveRatio(
      archive,
      structure.records.reduce((sum, r) => sum + r.size, 0),
      size,
      limits,
    );
    const files = structure.records.filter((_, i) => declared[i]!.kind === 'file');
    return new ZipArchive(handle, path, archive, files, structure.warnings);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function declare(record: ZipRecord): DeclaredMember {
  const type = record.unixMode === null ? 0 : record.unixMode & S_IFMT;
  const kind = record.name.endsWith('/') ? 'directory' : type === 0 ? 'file' : (TYPES[type] ?? 'special');
  return { name: record.name, kind, size: record.size };
}

class ZipArchive implements OpenedArchive {
  readonly kind = 'zip' as const;
  readonly members: Member[];
  readonly path: string;
  readonly warnings: string[];
  private readonly handle: FileHandle;
  private readonly archive: string;
  private readonly records: Map<string, ZipRecord>;

  constructor(handle: FileHandle, path: string, archive: string, records: ZipRecord[], warnings: string[]) {
    this.handle = handle;
    this.path = path;
    this.archive = archive;
    this.warnings = warnings;
    this.records = new Map(records.map((r) => [r.name, r]));
    this.members = records
      .sort((a, b) => a.offset - b.offset)
      .map((r) => ({
        name: r.name,
        size: r.size,
        compressedSize: r.compressedSize,
        method: r.method === METHOD.deflated ? 'deflated' : 'stored',
        mode: r.unixMode === null ? 0o644 : r.unixMode & 0o777,
      }));
  }

  async readSmall(name: string, max: number): Promise<Buffer | null> {
    const record = this.records.get(name);
    if (!record) return null;
    if (record.size > max)
      throw unsafe(
        'ARCHIVE_TOO_LARGE',
        this.archive,
        `'${name}' is ${record.size} bytes, more than the ${max} allowed for it`,
      );
    const chunks: Buffer[] = [];
    await this.readRecord(record, { write: (chunk) => void chunks.push(Buffer.from(chunk)) });
    return Buffer.concat(chunks);
  }

  async stream(visit: (member: Member) => MemberSink | null): Promise<void> {
    for (const member of this.members) {
      const sink = visit(member);
      if (sink) await this.readRecord(this.records.get(member.name)!, sink);
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  /** Streams one entry, refusing it the moment it produces more than it declared or a wrong CRC. */
  private async readRecord(record: ZipRecord, sink: MemberSink): Promise<void> {
    const lie = (detail: string) =>
      unsafe('ARCHIVE_SIZE_MISMATCH', this.archive, `'${record.name}': ${detail}: sizes that lie`, undefined, {
        member: record.name,
      });
    let produced = 0;
    let crc = 0;
    const accept = async (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > record.size) throw lie(`inflates past its declared ${record.size} bytes`);
      crc = crc32(chunk, crc);
      await sink.write(chunk);
    };
    if (record.compressedSize > 0 && record.compressedSize <= IN_MEMORY && record.size <= IN_MEMORY) {
      await accept(this.inflateSmall(record, await readAt(this.handle, record.dataStart, record.compressedSize), lie));
    } else if (record.compressedSize > 0) {
      const raw = Readable.from(readRange(this.handle, record.dataStart, record.compressedSize));
      const consume = async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) await accept(chunk);
      };
      try {
        if (record.method === METHOD.deflated)
          await pipeline(raw, createInflateRaw({ chunkSize: 256 * 1024 }), consume);
        else await pipeline(raw, consume);
      } catch (error) {
        if (record.method === METHOD.deflated && errnoCode(error)?.startsWith('Z_'))
          throw unsafe(
            'ARCHIVE_CORRUPT',
            this.archive,
            `'${record.name}': damaged deflate data (${(error as Error).message})`,
            undefined,
            { member: record.name },
          );
        throw error;
      }
    }
    if (produced !== record.size) throw lie(`holds ${produced} bytes, not the declared ${record.size}`);
    if (crc >>> 0 !== record.crc)
      throw unsafe(
        'ARCHIVE_CRC_MISMATCH',
        this.archive,
        `'${record.name}': CRC-32 ${(crc >>> 0).toString(16)} does not match the declared ${record.crc.toString(16)}`,
        undefined,
        { member: record.name },
      );
  }

  /**
   * A small member in one piece: a stream pipeline and a zlib stream per member cost more than
   * the data for thousands of small files. Inflation stops one byte past the declared size.
   */
  private inflateSmall(record: ZipRecord, raw: Buffer, lie: (detail: string) => Error): Buffer {
    if (record.method !== METHOD.deflated) return raw;
    try {
      return inflateRawSync(raw, { maxOutputLength: record.size + 1 });
    } catch (error) {
      if (errnoCode(error) === 'ERR_BUFFER_TOO_LARGE') throw lie(`inflates past its declared ${record.size} bytes`);
      if (errnoCode(error)?.startsWith('Z_')) {
        const detail = `'${record.name}': damaged deflate data (${(error as Error).message})`;
        throw unsafe('ARCHIVE_CORRUPT', this.archive, detail, undefined, { member: record.name });
      }
      throw error;
    }
  }
}
