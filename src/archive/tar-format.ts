/**
 * POSIX ustar headers with pax extended records where ustar runs out (names over 100+155
 * bytes, non-ASCII names, sizes of 8 GiB and more) — what Python's tarfile writes by default
 * and commons-compress (TorchServe's tgz reader) reads. Owner, group and time are fixed.
 */
export const BLOCK = 512;
export const RECORD = 20 * BLOCK;
const MAX_OCTAL_SIZE = 0o77777777777;

export interface TarEntry {
  name: string;
  size: number;
  mode: number;
  mtime: number;
}

/** The header block(s) for a regular file: an optional pax header, then the ustar header. */
export function fileHeader(entry: TarEntry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const records: [string, string][] = [];
  const split = splitName(entry.name, name);
  if (!split) records.push(['path', entry.name]);
  if (entry.size > MAX_OCTAL_SIZE) records.push(['size', String(entry.size)]);
  const ustar = header({
    name: split ? split.name : name.subarray(0, 100),
    prefix: split ? split.prefix : Buffer.alloc(0),
    mode: entry.mode,
    size: entry.size > MAX_OCTAL_SIZE ? 0 : entry.size,
    mtime: entry.mtime,
    type: '0',
  });
  if (records.length === 0) return ustar;
  const body = Buffer.from(records.map(([key, value]) => paxRecord(key, value)).join(''), 'utf8');
  const pax = header({
    name: Buffer.from('././@PaxHeader'),
    prefix: Buffer.alloc(0),
    mode: 0o644,
    size: body.length,
    mtime: entry.mtime,
    type: 'x',
  });
  return Buffer.concat([pax, body, padding(body.length), ustar]);
}

export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Two zero blocks end the archive; the total is padded to a whole 10 KiB record like tar and Python do. */
export function trailer(written: number): Buffer {
  const end = written + 2 * BLOCK;
  return Buffer.alloc(2 * BLOCK + ((RECORD - (end % RECORD)) % RECORD));
}

function splitName(text: string, name: Buffer): { name: Buffer; prefix: Buffer } | null {
  if (!/^[\x20-\x7e]*$/.test(text)) return null;
  if (name.length <= 100) return { name, prefix: Buffer.alloc(0) };
  for (let i = text.indexOf('/'); i !== -1; i = text.indexOf('/', i + 1)) {
    if (i <= 155 && text.length - i - 1 <= 100 && text.length - i - 1 > 0)
      return { name: name.subarray(i + 1), prefix: name.subarray(0, i) };
  }
  return null;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let length = bodyLength + String(bodyLength).length;
  if (String(length).length !== String(bodyLength).length) length = bodyLength + String(length).length;
  return `${length}${body}`;
}

function header(fields: {
  name: Buffer;
  prefix: Buffer;
  mode: number;
  size: number;
  mtime: number;
  type: string;
}): Buffer {
  const block = Buffer.alloc(BLOCK);
  fields.name.copy(block, 0);
  octal(block, 100, 8, fields.mode);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, fields.size);
  octal(block, 136, 12, fields.mtime);
  block.write(fields.type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'binary');
  octal(block, 329, 8, 0);
  octal(block, 337, 8, 0);
  fields.prefix.copy(block, 345);
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'binary');
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, 'ascii');
}
