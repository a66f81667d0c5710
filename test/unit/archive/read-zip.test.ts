/**
 * Zip members are read two ways: up to 1 MiB (packed and unpacked) in one piece, larger ones
 * streamed. Both must accept good data and refuse damaged or lying data the same way.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { verifyArchive } from '../../../src/archive/read.ts';
import { MctlError } from '../../../src/errors.ts';
import { craftZip, type CraftEntry } from '../../helpers/zip-craft.ts';

const dir = mkdtempSync(join(tmpdir(), 'mctl-read-zip-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const MiB = 1024 * 1024;
const manifestJson = { runtime: 'python', model: { modelName: 'm', handler: 'h:handle', modelVersion: '1' } };
const manifest: CraftEntry = { name: 'MAR-INF/MANIFEST.json', data: Buffer.from(JSON.stringify(manifestJson)) };

// Declared sizes up to 1 MiB are read in one piece (also when they lie by 100 bytes), past it streamed.
const LINE = 'def f(x):\n    return x * 2\n';
const text = (size: number) => Buffer.from(LINE.repeat(Math.ceil(size / LINE.length))).subarray(0, size);
const SIZES = { 'in one piece': MiB - 1000, streamed: MiB + 1 };

function write(entry: CraftEntry, damage?: (archive: Buffer, dataStart: number) => void): string {
  const archive = craftZip([manifest, entry]);
  const dataStart = 30 + manifest.name.length + manifest.data!.length + 30 + entry.name.length;
  damage?.(archive, dataStart);
  const path = join(dir, `case-${counter++}.mar`);
  writeFileSync(path, archive);
  return path;
}

async function refusal(path: string): Promise<MctlError> {
  const error = await verifyArchive(path).then(
    () => null,
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof MctlError, `expected a refusal, got ${String(error)}`);
  assert.equal(error.exitCode, 4);
  return error;
}

for (const [how, size] of Object.entries(SIZES)) {
  test(`a member read ${how}: stored, deflated and random data pass their size and CRC checks`, async () => {
    const entries: CraftEntry[] = [
      { name: 'a.txt', data: text(size), method: 8 },
      { name: 'b.txt', data: text(size) },
      { name: 'c.bin', data: randomBytes(size), method: 8 },
    ];
    for (const entry of entries) {
      const result = await verifyArchive(write(entry));
      assert.ok(result.verify.ok, JSON.stringify(result.verify));
      assert.equal(result.members.find((m) => m.name === entry.name)?.size, size);
      assert.equal(result.verify.checked, 2);
    }
  });

  test(`a member read ${how}: damaged deflate data, sizes that lie and a wrong CRC are refused`, async () => {
    const deflated: CraftEntry = { name: 'a.txt', data: text(size), method: 8 };
    // Block type 3 does not exist: the first byte of 0xff data is an invalid block header.
    const damaged = await refusal(write(deflated, (archive, at) => archive.fill(0xff, at, at + 64)));
    assert.equal(damaged.code, 'ARCHIVE_CORRUPT');
    assert.match(damaged.message, /'a\.txt': damaged deflate data/);
    const tooLong = await refusal(write({ ...deflated, size: size - 1 }));
    assert.equal(tooLong.code, 'ARCHIVE_SIZE_MISMATCH');
    assert.match(tooLong.message, new RegExp(`inflates past its declared ${size - 1} bytes`));
    const tooShort = await refusal(write({ ...deflated, size: size + 100 }));
    assert.match(tooShort.message, new RegExp(`holds ${size} bytes, not the declared ${size + 100}`));
    const crc = await refusal(write({ ...deflated, crc: 1234 }));
    assert.equal(crc.code, 'ARCHIVE_CRC_MISMATCH');
  });
}
