import { BLOCK } from './tar-format.ts';
import type { DeclaredMember } from './member-checks.ts';

/**
 * A streaming tar parser (ustar, pax `x`/`g` records, GNU long names) fed with decompressed
 * chunks. It reports each header before its data, so callers can refuse a member (a link,
 * `../x`, a giant size) before a byte of it is used; sizes come from the headers, so data
 * that does not match them breaks the next header's checksum and is refused.
 */
export interface TarHeader {
  /** Full name as stored (pax path or GNU long name applied). */
  name: string;
  kind: DeclaredMember['kind'];
  size: number;
  mode: number;
}

export interface TarVisitor {
  header(header: TarHeader): { write(chunk: Buffer): Promise<unknown> | void } | null;
}

export class TarError extends Error {}

const MAX_META = 1024 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: true });

export class TarParser {
  private readonly visitor: TarVisitor;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private state: 'header' | 'data' | 'meta' | 'end' = 'header';
  private remaining = 0;
  private padding = 0;
  private sink: { write(chunk: Buffer): Promise<unknown> | void } | null = null;
  private meta: { type: string; chunks: Buffer[] } | null = null;
  private pax: Record<string, string> = {};
  private longName: string | null = null;
  private zeroBlocks = 0;

  constructor(visitor: TarVisitor) {
    this.visitor = visitor;
  }

  get ended(): boolean {
    return this.state === 'end';
  }

  async feed(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length && this.state !== 'end') {
      if (this.state === 'data' || this.state === 'meta') {
        if (this.remaining > 0) {
          const take = Math.min(this.remaining, chunk.length - at);
          const piece = chunk.subarray(at, at + take);
          if (this.state === 'meta') this.meta!.chunks.push(Buffer.from(piece));
          else if (this.sink) await this.sink.write(piece);
          this.remaining -= take;
          at += take;
          if (this.remaining === 0 && this.padding === 0) this.finishEntry();
          continue;
        }
        const skip = Math.min(this.padding, chunk.length - at);
        this.padding -= skip;
        at += skip;
        if (this.padding === 0) this.finishEntry();
        continue;
      }
      const need = BLOCK - this.pendingBytes;
      const piece = chunk.subarray(at, at + need);
      this.pending.push(piece);
      this.pendingBytes += piece.length;
      at += piece.length;
      if (this.pendingBytes === BLOCK) {
        const block = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
        this.onHeader(block);
      }
    }
  }

  /** EOF: fine at a header boundary (tar's end blocks are optional in practice), an error mid-member. */
  finish(): void {
    if (this.state === 'data' || this.state === 'meta' || this.pendingBytes > 0)
      throw new TarError('the archive ends in the middle of a member');
  }

  private onHeader(block: Buffer): void {
    if (block.every((b) => b === 0)) {
      if (++this.zeroBlocks === 2) this.state = 'end';
      return;
    }
    if (this.zeroBlocks > 0) throw new TarError('a zero block in the middle of the archive');
    if (!checksumOk(block)) throw new TarError('a header checksum is wrong: the archive is damaged, or a size lied');
    const type = String.fromCharCode(block[156]!) === '\0' ? '0' : String.fromCharCode(block[156]!);
    const size = this.pax.size !== undefined ? Number(this.pax.size) : readSize(block.subarray(124, 136));
    if (!Number.isSafeInteger(size) || size < 0) throw new TarError('a header has an unreadable size');
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > MAX_META) throw new TarError(`a ${type} metadata record of ${size} bytes`);
      this.meta = { type, chunks: [] };
      this.startData(size, 'meta');
      return;
    }
    const name = this.longName ?? this.pax.path ?? ustarName(block);
    const kind: TarHeader['kind'] =
      type === '0' || type === '7'
        ? 'file'
        : type === '5'
          ? 'directory'
          : type === '1'
            ? 'hardlink'
            : type === '2'
              ? 'symlink'
              : 'special';
    if (!'01234567'.includes(type))
      throw new TarError(`member '${name}' has tar type '${type}', which TorchServe's reader does not handle`);
    this.pax = {};
    this.longName = null;
    this.sink = this.visitor.header({
      name,
      kind,
      size: kind === 'file' || kind === 'directory' ? size : 0,
      mode: readOctal(block.subarray(100, 108)) & 0o777,
    });
    this.startData(kind === 'file' ? size : 0, 'data');
  }

  private startData(size: number, state: 'data' | 'meta'): void {
    this.state = state;
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.finishEntry();
  }

  private finishEntry(): void {
    if (this.state === 'meta' && this.meta) {
      const body = Buffer.concat(this.meta.chunks);
      if (this.meta.type === 'x') this.pax = parsePax(body);
      else if (this.meta.type === 'L')
        this.longName = decodeName(body.subarray(0, body.indexOf(0) === -1 ? body.length : body.indexOf(0)));
      this.meta = null;
    }
    this.sink = null;
    this.state = 'header';
  }
}

function checksumOk(block: Buffer): boolean {
  const stored = readOctal(block.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

function readOctal(field: Buffer): number {
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

// Sizes past 8 GiB are base-256 (GNU) when there is no pax size record.
function readSize(field: Buffer): number {
  if ((field[0]! & 0x80) === 0) return readOctal(field);
  let value = BigInt(field[0]! & 0x7f);
  for (const byte of field.subarray(1)) value = (value << 8n) | BigInt(byte);
  return Number(value);
}

function ustarName(block: Buffer): string {
  const field = (start: number, length: number) => {
    const raw = block.subarray(start, start + length);
    const end = raw.indexOf(0);
    return decodeName(end === -1 ? raw : raw.subarray(0, end));
  };
  const name = field(0, 100);
  const magic = block.subarray(257, 263).toString('latin1');
  const prefix = magic.startsWith('ustar') ? field(345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function parsePax(body: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const length = Number(body.subarray(at, space).toString('latin1'));
    if (space === -1 || !Number.isInteger(length) || length <= 0 || at + length > body.length)
      throw new TarError('a malformed pax record');
    const record = decodeName(body.subarray(space + 1, at + length - 1));
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    at += length;
  }
  return records;
}

function decodeName(bytes: Buffer): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new TarError(`a member name is not valid UTF-8 (${bytes.toString('hex')})`);
  }
}
