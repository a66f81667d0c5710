/**
 * Hostile .tar.gz archives (made with Python's tarfile, an independent writer) are refused before anything is
 * written.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extractArchive, listArchive } from '../../../src/archive/read.ts';
import type { ArchiveLimits } from '../../../src/archive/limits.ts';
import { MctlError } from '../../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'mctl-hostile-tgz-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** Members as [name, kind, data]: kind is file, dir, symlink, hardlink, fifo or chardev. */
function tgz(members: [string, string, string?][]): string {
  const path = join(dir, `case-${counter++}.tar.gz`);
  const script = `
import io, json, sys, tarfile
members = json.loads(sys.argv[2])
with tarfile.open(sys.argv[1], "w:gz") as tar:
    for name, kind, data in members:
        info = tarfile.TarInfo(name)
        body = (data or "").encode()
        info.type = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE,
                     "hardlink": tarfile.LNKTYPE, "fifo": tarfile.FIFOTYPE, "chardev": tarfile.CHRTYPE}[kind]
        if kind == "file":
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
        else:
            info.linkname = data or ""
            tar.addfile(info)
`;
  const result = spawnSync(
    'python3',
    ['-c', script, path, JSON.stringify(members.map(([n, k, d]) => [n, k, d ?? null]))],
    { encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
  return path;
}

const MANIFEST: [string, string, string] = [
  'm1/MAR-INF/MANIFEST.json',
  'file',
  '{"runtime": "python", "model": {"modelName": "m1", "handler": "h:handle", "modelVersion": "1"}}',
];

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

test('a torch-model-archiver style tgz extracts as TorchServe would: first component stripped', async () => {
  const dest = join(dir, 'good');
  const result = await extractArchive(
    tgz([
      ['m1', 'dir'],
      MANIFEST,
      ['m1/h.py', 'file', 'def handle(d, c):\n    return d\n'],
      ['m1/assets/a.txt', 'file', 'a'],
    ]),
    dest,
  );
  assert.deepEqual(
    result.files.map((f) => f.path),
    ['MAR-INF/MANIFEST.json', 'h.py', 'assets/a.txt'],
  );
  assert.deepEqual(readdirSync(dest).sort(), ['MAR-INF', 'assets', 'h.py']);
  assert.equal(readFileSync(join(dest, 'assets/a.txt'), 'utf8'), 'a');
});

test('traversal after the first component is refused', async () => {
  await refused(tgz([MANIFEST, ['m1/../../evil.py', 'file', 'x']]), 'ARCHIVE_UNSAFE_PATH', /'\.\.'/);
  await refused(tgz([MANIFEST, ['m1//etc/passwd', 'file', 'x']]), 'ARCHIVE_UNSAFE_PATH');
});

test(
  'absolute, drive-letter and parent-directory names ' + 'are refused before the first component is stripped',
  async () => {
    await refused(
      tgz([MANIFEST, ['/etc/cron.d/x', 'file', 'x']]),
      'ARCHIVE_UNSAFE_PATH',
      /member '\/etc\/cron\.d\/x': absolute path/,
    );
    await refused(tgz([['/m1/MAR-INF/MANIFEST.json', 'file', '{}']]), 'ARCHIVE_UNSAFE_PATH', /absolute path/);
    await refused(tgz([MANIFEST, ['C:/m1/x.py', 'file', 'x']]), 'ARCHIVE_UNSAFE_PATH', /drive-letter/);
    await refused(tgz([MANIFEST, ['../m1/x.py', 'file', 'x']]), 'ARCHIVE_UNSAFE_PATH', /'\.\.' path segment/);
    // tar's own ./ prefix is fine: TorchServe strips '.' as the first component.
    assert.deepEqual(
      (await listArchive(tgz([['./m1/h.py', 'file', 'x']]))).members.map((m) => m.name),
      ['m1/h.py'],
    );
  },
);

test('links, FIFOs and devices are refused', async () => {
  await refused(tgz([MANIFEST, ['m1/link', 'symlink', '/etc/passwd']]), 'ARCHIVE_LINK', /symbolic link/);
  await refused(tgz([MANIFEST, ['m1/hard', 'hardlink', 'm1/MAR-INF/MANIFEST.json']]), 'ARCHIVE_LINK', /hard link/);
  await refused(tgz([MANIFEST, ['m1/pipe', 'fifo']]), 'ARCHIVE_SPECIAL_FILE');
  await refused(tgz([MANIFEST, ['m1/tty', 'chardev']]), 'ARCHIVE_SPECIAL_FILE');
});

test('duplicates, also by case, and members that merge once the prefix is stripped', async () => {
  await refused(
    tgz([MANIFEST, ['m1/a.py', 'file', '1'], ['m1/a.py', 'file', '2']]),
    'ARCHIVE_DUPLICATE',
    /appears twice/,
  );
  await refused(tgz([MANIFEST, ['m1/a.py', 'file', '1'], ['m1/A.py', 'file', '2']]), 'ARCHIVE_DUPLICATE', /case/);
  await refused(tgz([MANIFEST, ['m1/a.py', 'file', '1'], ['other/a.py', 'file', '2']]), 'ARCHIVE_DUPLICATE');
});

test('a gzip bomb is stopped while decompressing', async () => {
  const path = join(dir, 'bomb.tar.gz');
  const header = gunzipSync(readFileSync(tgz([['m1/zeros.bin', 'file', 'x']]))).subarray(0, 512);
  // Rewrite the size field (and checksum) to claim 64 MiB of zeros.
  header.write(`${(64 * 1024 * 1024).toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  writeFileSync(path, gzipSync(Buffer.concat([header, Buffer.alloc(64 * 1024 * 1024 + 1024)]), { level: 9 }));
  // Judged with a lower floor and ratio than the defaults (256 MiB, 1032:1) so the test stays small.
  await refused(path, 'ARCHIVE_BOMB', /expands more than 200:1/, { ratioFloor: 16 * 1024 * 1024, maxRatio: 200 });
});

test('a size that lies breaks the next header and is refused; so is a truncated archive', async () => {
  const tar = gunzipSync(readFileSync(tgz([MANIFEST, ['m1/h.py', 'file', 'print(1)\n']])));
  const lied = Buffer.from(tar);
  lied.write('00000002000\0', 124, 'ascii');
  lied.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of lied.subarray(0, 512)) sum += byte;
  lied.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const liedPath = join(dir, 'lied.tar.gz');
  writeFileSync(liedPath, gzipSync(lied));
  await refused(liedPath, 'ARCHIVE_CORRUPT', /checksum/);
  const truncatedPath = join(dir, 'truncated.tar.gz');
  const full = readFileSync(tgz([MANIFEST, ['m1/h.py', 'file', 'x'.repeat(5000)]]));
  writeFileSync(truncatedPath, full.subarray(0, full.length - 40));
  await refused(truncatedPath, 'ARCHIVE_CORRUPT');
});

test('members outside one top-level directory are listed as TorchServe would see them, with a warning', async () => {
  const listing = await listArchive(
    tgz([
      ['MAR-INF/MANIFEST.json', 'file', '{}'],
      ['m1/h.py', 'file', 'x'],
    ]),
  );
  assert.deepEqual(
    listing.members.map((m) => m.name),
    ['MANIFEST.json', 'h.py'],
  );
  assert.match(listing.warnings.join('\n'), /not all under one top-level directory/);
  assert.match(listing.warnings.join('\n'), /no MAR-INF\/MANIFEST.json/);
});
