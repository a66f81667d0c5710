import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { MctlError } from '../errors.ts';
import { unsafe, type ExtractLimits, type ExtractResult } from './read.ts';

/**
 * A tar stream (after gunzip) extracted the way TorchServe reads a tgz model: the first path
 * component of every member is dropped (torch-model-archiver writes `<model-name>/…`). Only
 * regular files and directories are accepted; pax and GNU long names are understood.
 */
export async function extractTar(input: Readable, dest: string, shown: string, limits: ExtractLimits, place: (name: string) => string): Promise<ExtractResult['files']> {
  const files: ExtractResult['files'] = [];
  const seen = new Set<string>();
  let buffer: Buffer = Buffer.alloc(0);
  let total = 0;
  let longName: string | undefined;
  let paxName: string | undefined;
  let current: { remaining: number; padding: number; write?: ReturnType<typeof createWriteStream>; kind: 'file' | 'meta' | 'skip'; meta: Buffer[]; metaType?: string } | undefined;
  let zeroBlocks = 0;

  const finishMeta = (type: string, data: Buffer) => {
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    if (type === 'x') {
      for (const record of data.toString('utf8').split('\n')) {
        const match = /^\d+ path=(.*)$/s.exec(record);
        if (match) paxName = match[1];
      }
    }
  };

  for await (const chunk of input as AsyncIterable<Buffer>) {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    for (;;) {
      if (current) {
        if (current.remaining > 0) {
          if (buffer.length === 0) break;
          const take = buffer.subarray(0, Math.min(current.remaining, buffer.length));
          buffer = buffer.subarray(take.length);
          current.remaining -= take.length;
          if (current.kind === 'file') {
            if (!current.write!.write(take)) await new Promise<void>((r) => current!.write!.once('drain', () => r()));
          } else if (current.kind === 'meta') current.meta.push(Buffer.from(take));
          if (current.remaining > 0) break;
        }
        if (buffer.length < current.padding) break;
        buffer = buffer.subarray(current.padding);
        if (current.kind === 'file') await new Promise<void>((resolve, reject) => current!.write!.end((error?: Error | null) => (error ? reject(error) : resolve())));
        if (current.kind === 'meta') finishMeta(current.metaType!, Buffer.concat(current.meta));
        current = undefined;
        continue;
      }
      if (buffer.length < 512) break;
      const header = buffer.subarray(0, 512);
      buffer = buffer.subarray(512);
      if (header.every((b) => b === 0)) {
        zeroBlocks++;
        continue;
      }
      if (!checksumOk(header)) throw unsafe(shown, 'has a corrupt tar header');
      const type = String.fromCharCode(header[156] || 0x30);
      const size = parseOctal(header.subarray(124, 136));
      const padding = (512 - (size % 512)) % 512;
      if (type === 'L' || type === 'x') {
        if (size > 1 << 20) throw unsafe(shown, 'has an oversized header record');
        current = { remaining: size, padding, kind: 'meta', meta: [], metaType: type };
        continue;
      }
      if (type === 'g') {
        current = { remaining: size, padding, kind: 'skip', meta: [] };
        continue;
      }
      const rawName = longName ?? paxName ?? tarName(header);
      longName = undefined;
      paxName = undefined;
      if (type === '1' || type === '2') throw unsafe(shown, `member '${rawName}' is a link`);
      if (type !== '0' && type !== '5' && type !== '7') throw unsafe(shown, `member '${rawName}' is not a regular file (type ${type})`);
      // TorchServe drops the first path component, whatever it is.
      const name = rawName.slice(rawName.indexOf('/') + 1);
      if (type === '5' || name === '' || name.endsWith('/')) {
        if (name !== '') mkdirSync(place(name), { recursive: true });
        current = { remaining: size, padding, kind: 'skip', meta: [] };
        continue;
      }
      const target = place(name);
      if (seen.has(target)) throw unsafe(shown, `has member '${name}' twice`);
      seen.add(target);
      total += size;
      if (seen.size > limits.maxFiles || total > limits.maxTotalBytes) throw unsafe(shown, 'is larger than the extraction limits');
      mkdirSync(dirname(target), { recursive: true });
      current = { remaining: size, padding, kind: 'file', meta: [], write: createWriteStream(target, { mode: 0o644, flags: 'wx' }) };
      files.push({ path: relative(dest, target).split(sep).join('/'), size });
      if (size === 0) continue;
    }
  }
  if (current && current.remaining > 0) throw new MctlError('ARCHIVE_FORMAT', `${shown}: the tar archive ends in the middle of a member`, { exit: 'BAD_INPUT', hint: 'the file may be truncated' });
  if (zeroBlocks === 0 && files.length === 0) throw new MctlError('ARCHIVE_FORMAT', `${shown}: an empty or unreadable tar archive`, { exit: 'BAD_INPUT', hint: 'check the file' });
  return files;
}

function tarName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const prefix = header.subarray(257, 263).toString('latin1').startsWith('ustar') ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function parseOctal(bytes: Buffer): number {
  const text = cString(bytes).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum === parseOctal(header.subarray(148, 156));
}
