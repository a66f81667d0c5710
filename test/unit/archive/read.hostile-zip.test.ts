/** The safe reader refuses hostile zips with exit class 4 before writing anything. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { extractArchive, listArchive, verifyArchive } from '../../../src/archive/read.ts';
import type { ArchiveLimits } from '../../../src/archive/limits.ts';
import { MctlError } from '../../../src/errors.ts';
import { craftZip, localRecord, type CraftEntry, type CraftOptions } from '../../helpers/zip-craft.ts';

const dir = mkdtempSync(join(tmpdir(), 'mctl-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

const manifest: CraftEntry = {
  name: 'MAR-INF/MANIFEST.json',
  data: Buffer.from('{"runtime": "python", "model": {"modelName": "m", "handler": "h:handle", "modelVersion": "1"}}'),
};
const handler: CraftEntry = { name: 'h.py', data: Buffer.from('def handle(data, context):\n    return data\n') };

function write(entries: CraftEntry[], options?: CraftOptions): string {
  const path = join(dir, `case-${counter++}.mar`);
  writeFileSync(path, craftZip(entries, options));
  return path;
}

/** Asserts extraction is refused with `code` and exit class 4, and nothing was written. */
async function refused(path: string, code: string, message?: RegExp, limits?: Partial<ArchiveLimits>): Promise<void> {
  const dest = join(dir, `out-${counter++}`);
  await assert.rejects(extractArchive(path, dest, limits ? { limits } : {}), (error: unknown) => {
    assert.ok(error instanceof MctlError, String(error));
    assert.equal(error.code, code, error.message);
    assert.equal(error.exitCode, 4);
    if (message) assert.match(error.message, message);
    return true;
  });
  assert.ok(!existsSync(dest), 'nothing may be written');
}

test('a well-formed crafted archive extracts', async () => {
  const dest = join(dir, 'good');
  const result = await extractArchive(write([manifest, handler]), dest);
  assert.deepEqual(result.files.map((f) => f.path).sort(), ['MAR-INF/MANIFEST.json', 'h.py']);
  assert.deepEqual(readdirSync(dest).sort(), ['MAR-INF', 'h.py']);
  assert.equal((result.manifest!.model as { handler: string }).handler, 'h:handle');
});

test('path traversal, absolute, drive and backslash names', async () => {
  await refused(
    write([manifest, { name: '../evil.py', data: Buffer.from('x') }]),
    'ARCHIVE_UNSAFE_PATH',
    /'\.\.' path segment/,
  );
  await refused(
    write([manifest, { name: '/etc/cron.d/x', data: Buffer.from('x') }]),
    'ARCHIVE_UNSAFE_PATH',
    /absolute/,
  );
  await refused(
    write([manifest, { name: 'C:/Windows/x.dll', data: Buffer.from('x') }]),
    'ARCHIVE_UNSAFE_PATH',
    /drive/,
  );
  await refused(
    write([manifest, { name: '..\\..\\x.py', data: Buffer.from('x') }]),
    'ARCHIVE_UNSAFE_PATH',
    /backslash/,
  );
});

test('symbolic links and special files', async () => {
  await refused(
    write([manifest, { name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]),
    'ARCHIVE_LINK',
    /symbolic link/,
  );
  await refused(write([manifest, { name: 'fifo', mode: 0o010644 }]), 'ARCHIVE_SPECIAL_FILE');
});

test('duplicates, also by case and as file-versus-directory', async () => {
  await refused(write([manifest, handler, { ...handler }]), 'ARCHIVE_DUPLICATE', /appears twice/);
  await refused(
    write([manifest, handler, { name: 'H.py', data: Buffer.from('x') }]),
    'ARCHIVE_DUPLICATE',
    /differ only by case/,
  );
  await refused(
    write([manifest, { name: 'a', data: Buffer.from('x') }, { name: 'a/b', data: Buffer.from('y') }]),
    'ARCHIVE_DUPLICATE',
    /needs it to be a directory/,
  );
});

test('encrypted entries (traditional or strong encryption) are refused: the servers cannot read them', async () => {
  await refused(write([manifest, { ...handler, flags: 0x0001 }]), 'ARCHIVE_ENCRYPTED', /'h\.py' is encrypted/);
  await refused(write([manifest, { ...handler, flags: 0x0041 }]), 'ARCHIVE_ENCRYPTED');
  await assert.rejects(
    verifyArchive(write([{ ...manifest, flags: 0x0001 }, handler])),
    (e: MctlError) => e.exitCode === 4,
  );
});

test('a name that differs between the local and the central header', async () => {
  await refused(write([manifest, { ...handler, localName: '../h.py' }]), 'ARCHIVE_NAME_MISMATCH', /local header/);
});

test('overlapping entries and hidden data between them', async () => {
  // b's local record hides inside a's data; b's central entry points into it.
  const inner: CraftEntry = { name: 'b.bin', data: Buffer.alloc(4096, 1) };
  await refused(
    write([
      manifest,
      { name: 'a.bin', data: localRecord(inner) },
      { ...inner, noLocal: true, offsetOf: 1, offsetDelta: 30 + 'a.bin'.length },
    ]),
    'ARCHIVE_OVERLAP',
    /overlaps the entry before it/,
  );
  await refused(write([manifest, handler], { gap: [0, 100] }), 'ARCHIVE_HIDDEN_DATA');
  await refused(
    write([manifest, handler], { prepend: Buffer.from('#!/bin/sh\nexit 0\n') }),
    'ARCHIVE_HIDDEN_DATA',
    /prepended or hidden data/,
  );
  await refused(write([manifest, handler], { append: Buffer.from('trailing') }), 'ARCHIVE_TRAILING_DATA');
});

test('sizes that lie and wrong CRCs', async () => {
  await refused(write([manifest, { ...handler, size: 5 }]), 'ARCHIVE_SIZE_MISMATCH', /stored but claims 5 bytes/);
  const text = Buffer.from('hello world '.repeat(1000));
  await refused(
    write([manifest, { name: 'a.txt', data: text, method: 8, size: 100 }]),
    'ARCHIVE_SIZE_MISMATCH',
    /inflates past its declared 100 bytes/,
  );
  await refused(
    write([manifest, { name: 'a.txt', data: text, method: 8, size: text.length + 10 }]),
    'ARCHIVE_SIZE_MISMATCH',
    /holds 12000 bytes/,
  );
  await refused(write([manifest, { ...handler, crc: 1234 }]), 'ARCHIVE_CRC_MISMATCH');
});

test('compression bombs, too many entries and oversized members are refused up front', async () => {
  // A member claiming more than DEFLATE can produce from its data: the header lies, at any size.
  await refused(
    write([manifest, { name: 'bomb.bin', data: Buffer.alloc(1024 * 1024), method: 8, size: 300 * 1024 * 1024 }]),
    'ARCHIVE_BOMB',
    /more than DEFLATE can expand \(1032:1\), so its header lies/,
  );
  await refused(
    write([manifest, { name: 'small.bin', data: Buffer.alloc(4096), method: 8, size: 4_000_000 }]),
    'ARCHIVE_BOMB',
    /header lies/,
  );
  // A real 1000:1 member, judged with a lower floor and ratio (--max-ratio) so the test stays small.
  const zeros = Buffer.alloc(50 * 1024 * 1024);
  assert.ok(deflateRawSync(zeros).length < 100_000);
  await refused(write([manifest, { name: 'bomb.bin', data: zeros, method: 8 }]), 'ARCHIVE_BOMB', /expands \d+:1/, {
    ratioFloor: 1024 * 1024,
    maxRatio: 200,
  });
  // Many members, each under the floor, that add up to a bomb.
  const parts = Array.from({ length: 12 }, (_, i) => ({
    name: `part${i}.bin`,
    data: Buffer.alloc(10 * 1024 * 1024),
    method: 8 as const,
  }));
  await refused(write([manifest, ...parts]), 'ARCHIVE_BOMB', /expand to \d+ \(\d+:1\)/, {
    ratioFloor: 100 * 1024 * 1024,
    maxRatio: 200,
  });
  const many = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(String(i)) }));
  const path = write([manifest, ...many]);
  await assert.rejects(
    extractArchive(path, join(dir, 'many'), { limits: { maxEntries: 10 } }),
    /31 entries, over the limit of 10/,
  );
  await assert.rejects(listArchive(path, { limits: { maxTotalSize: 50 } }), /over the limit of 50/);
  await assert.rejects(
    listArchive(write([{ name: 'huge.bin', data: Buffer.alloc(10) }]), { limits: { maxEntrySize: 5 } }),
    /'huge.bin' claims 10 bytes, over the limit of 5/,
  );
});

test('highly compressible small files are not bombs', async () => {
  const text = Buffer.from('the same line again\n'.repeat(150_000));
  const listing = await verifyArchive(write([manifest, { name: 'log.txt', data: text, method: 8 }]));
  assert.ok(listing.members[1]!.size / listing.members[1]!.compressedSize! > 200);
});

test('stored entries with data descriptors are readable but flagged: the servers reject them', async () => {
  const listing = await listArchive(write([manifest, { ...handler, descriptor: true }]));
  assert.match(listing.warnings.join('\n'), /only DEFLATED entries can have EXT descriptor/);
});

test('a non-empty destination is refused before reading', async () => {
  const dest = join(dir, 'busy');
  await extractArchive(write([manifest, handler]), dest);
  await assert.rejects(extractArchive(write([manifest, handler]), dest), /is not empty/);
});

test('not an archive at all is bad input (exit 3), not unsafe', async () => {
  const path = join(dir, 'text.mar');
  writeFileSync(path, 'just text');
  await assert.rejects(verifyArchive(path), (error: unknown) => error instanceof MctlError && error.exitCode === 3);
});
