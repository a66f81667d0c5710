/**
 * Builds zip files byte by byte, including broken and hostile ones (lying sizes, names that
 * differ between headers, overlapping entries, links), independently of src/archive's writer.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface CraftEntry {
  name: string;
  data?: Buffer;
  method?: 0 | 8;
  /** Name written in the local header (default: name). */
  localName?: string;
  /** Uncompressed size written in both headers (default: the real one). */
  size?: number;
  crc?: number;
  /** Full Unix mode for the external attributes, e.g. 0o120777 for a symlink. */
  mode?: number;
  /** Set the data-descriptor flag and write a descriptor after the data. */
  descriptor?: boolean;
  /** More general-purpose flag bits, in both headers (0x0001: encrypted). */
  flags?: number;
  /** Point the central entry at another entry's local header (overlap)… */
  offsetOf?: number;
  /** …plus this many bytes (into that entry's data). */
  offsetDelta?: number;
  /** Write no local record for this entry (its central entry points elsewhere). */
  noLocal?: boolean;
}

/** The local header and data of an entry, e.g. to hide inside another entry's data. */
export function localRecord(entry: CraftEntry): Buffer {
  const data = entry.data ?? Buffer.alloc(0);
  const body = entry.method === 8 ? deflateRawSync(data) : data;
  const name = Buffer.from(entry.localName ?? entry.name);
  const local = Buffer.alloc(30 + name.length);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(entry.method ?? 0, 8);
  local.writeUInt16LE(0x21, 12);
  local.writeUInt32LE(entry.crc ?? crc32(data), 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(entry.size ?? data.length, 22);
  local.writeUInt16LE(name.length, 26);
  name.copy(local, 30);
  return Buffer.concat([local, body]);
}

export interface CraftOptions {
  prepend?: Buffer;
  append?: Buffer;
  /** Bytes of junk inserted after entry i: [index, bytes]. */
  gap?: [number, number];
}

export function craftZip(entries: CraftEntry[], options: CraftOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  const centrals: Buffer[] = [];
  let position = options.prepend?.length ?? 0;
  if (options.prepend) parts.push(options.prepend);
  entries.forEach((entry, index) => {
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.method ?? 0;
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = entry.crc ?? crc32(data);
    const size = entry.size ?? data.length;
    const flags = (entry.descriptor ? 0x0008 : 0) | (entry.flags ?? 0);
    const localName = Buffer.from(entry.localName ?? entry.name);
    const local = Buffer.alloc(30 + localName.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(entry.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(entry.descriptor ? 0 : body.length, 18);
    local.writeUInt32LE(entry.descriptor ? 0 : size, 22);
    local.writeUInt16LE(localName.length, 26);
    localName.copy(local, 30);
    offsets.push(position);
    if (entry.noLocal) {
      centrals.push(
        centralFor(entry, body.length, crc, size, flags, offsets[entry.offsetOf!]! + (entry.offsetDelta ?? 0)),
      );
      return;
    }
    const descriptor = Buffer.alloc(entry.descriptor ? 16 : 0);
    if (entry.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(body.length, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    parts.push(local, body, descriptor);
    position += local.length + body.length + descriptor.length;
    if (options.gap && options.gap[0] === index) {
      parts.push(Buffer.alloc(options.gap[1], 0x41));
      position += options.gap[1];
    }
    centrals.push(
      centralFor(
        entry,
        body.length,
        crc,
        size,
        flags,
        entry.offsetOf === undefined ? offsets[index]! : offsets[entry.offsetOf]! + (entry.offsetDelta ?? 0),
      ),
    );
  });
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(position, 16);
  return Buffer.concat([...parts, central, end, options.append ?? Buffer.alloc(0)]);
}

function centralFor(
  entry: CraftEntry,
  compressedSize: number,
  crc: number,
  size: number,
  flags: number,
  offset: number,
): Buffer {
  const name = Buffer.from(entry.name);
  const central = Buffer.alloc(46 + name.length);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(flags, 8);
  central.writeUInt16LE(entry.method ?? 0, 10);
  central.writeUInt16LE(0x21, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(compressedSize, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
  central.writeUInt32LE(offset, 42);
  name.copy(central, 46);
  return central;
}
