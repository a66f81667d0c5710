/**
 * --verify and extraction against MAR-INF/mctl.json: garbled is a failure, missing is said plainly, CRCs always
 * checked.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { extractArchive, verifyArchive } from '../../../src/archive/read.ts';
import { MctlError } from '../../../src/errors.ts';
import { craftZip, type CraftEntry } from '../../helpers/zip-craft.ts';

const dir = mkdtempSync(join(tmpdir(), 'mctl-verify-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

const byMctl: CraftEntry = {
  name: 'MAR-INF/MANIFEST.json',
  data: Buffer.from(
    '{"runtime": "python", "model": {"modelName": "m", "handler": "h:handle", "modelVersion": "1.0"}, ' +
      '"archiverVersion": "mctl 0.1.0"}',
  ),
};
const handler: CraftEntry = { name: 'h.py', data: Buffer.from('def handle(data, context):\n    return data\n') };

function write(entries: CraftEntry[]): string {
  const path = join(dir, `case-${counter++}.mar`);
  writeFileSync(path, craftZip(entries));
  return path;
}

function record(entries: CraftEntry[]): CraftEntry {
  const files = entries.map((e) => ({
    path: e.name,
    size: e.data!.length,
    sha256: createHash('sha256').update(e.data!).digest('hex'),
  }));
  return {
    name: 'MAR-INF/mctl.json',
    data: Buffer.from(JSON.stringify({ mctl: '0.1.0', schema: 1, entry: null, files })),
  };
}

test('the record matches: verified', async () => {
  const { verify } = await verifyArchive(write([byMctl, handler, record([byMctl, handler])]));
  assert.deepEqual(
    { ok: verify.ok, hashList: verify.hashList, checked: verify.checked },
    { ok: true, hashList: true, checked: 3 },
  );
});

test('a garbled MAR-INF/mctl.json fails --verify and extraction', async () => {
  const path = write([byMctl, handler, { name: 'MAR-INF/mctl.json', data: Buffer.from('{"files": [tampered') }]);
  const { verify } = await verifyArchive(path);
  assert.equal(verify.ok, false);
  assert.match(verify.recordError ?? '', /^not JSON/);
  const dest = join(dir, 'out-garbled');
  await assert.rejects(
    extractArchive(path, dest),
    (e: unknown) =>
      e instanceof MctlError &&
      e.code === 'ARCHIVE_TAMPERED' &&
      e.exitCode === 4 &&
      /MAR-INF\/mctl\.json not JSON/.test(e.message),
  );
  assert.equal(existsSync(dest), false);
});

test("deleted from an mctl archive: said so, not verified against mctl's record, CRCs still checked", async () => {
  const { verify } = await verifyArchive(write([byMctl, handler]));
  assert.deepEqual(
    { ok: verify.ok, hashList: verify.hashList, recordMissing: verify.recordMissing, checked: verify.checked },
    { ok: true, hashList: false, recordMissing: true, checked: 2 },
  );
  await assert.rejects(
    verifyArchive(write([byMctl, { ...handler, crc: 1234 }])),
    (e: MctlError) => e.code === 'ARCHIVE_CRC_MISMATCH',
  );
  const other: CraftEntry = {
    name: 'MAR-INF/MANIFEST.json',
    data: Buffer.from('{"model": {"modelName": "m", "handler": "h:handle"}, "archiverVersion": "0.12.0"}'),
  };
  assert.equal(
    (await verifyArchive(write([other, handler]))).verify.recordMissing,
    undefined,
    'another tool writes no record',
  );
});
