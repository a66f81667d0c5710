/**
 * Archives past 4 GiB (ZIP64), behind MCTL_TEST_LARGE=1: they need ~10 GiB of disk and a
 * minute. bench/archive.ts --large does the same with 5 GiB of random bytes and reports RSS.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mctl, tempDir } from '../helpers/cli.ts';

const SIZE = 4.5 * 1024 ** 3;
const skip = process.env.MCTL_TEST_LARGE === '1' ? false : 'set MCTL_TEST_LARGE=1 to write 4.5 GiB archives (ZIP64)';

test(
  "a 4.5 GiB weights file: a ZIP64 .mar that unzip -t, Python's testzip and inspect --verify accept",
  { skip, timeout: 600_000 },
  () => {
    const { dir, cleanup } = tempDir('projects/mms');
    try {
      // Sparse, so creating it costs nothing; a marker at the end makes the CRC depend on the tail.
      const fd = openSync(join(dir, 'weights.bin'), 'w');
      ftruncateSync(fd, SIZE);
      writeSync(fd, Buffer.from('tail marker'), 0, 11, SIZE - 11);
      closeSync(fd);
      const result = mctl(['archive', '--serialized-file', 'weights.bin', '--archive-format', 'zip-store', '--json'], {
        cwd: dir,
        timeout: 600_000,
      });
      assert.equal(result.code, 0, result.stderr);
      const mar = join(dir, 'text-score.mar');
      const unzip = spawnSync('unzip', ['-tq', mar], { encoding: 'utf8', timeout: 600_000 });
      assert.equal(unzip.status, 0, unzip.stdout + unzip.stderr);
      const python = spawnSync(
        'python3',
        [
          '-c',
          'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); ' +
            'print(z.testzip()); print(z.getinfo("weights.bin").file_size)',
          mar,
        ],
        { encoding: 'utf8', timeout: 600_000 },
      );
      assert.equal(python.stdout, `None\n${SIZE}\n`, python.stderr);
      const verify = mctl(['inspect', 'text-score.mar', '--verify', '--json'], { cwd: dir, timeout: 600_000 });
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      // Deflated, the zeros shrink ~1000:1: the reader's bomb limit refuses that unless raised.
      assert.equal(
        mctl(['archive', '--serialized-file', 'weights.bin', '--force'], { cwd: dir, timeout: 600_000 }).code,
        0,
      );
      assert.equal(spawnSync('unzip', ['-tq', mar], { timeout: 600_000 }).status, 0);
      assert.equal(mctl(['inspect', 'text-score.mar'], { cwd: dir }).code, 4);
      assert.equal(
        mctl(['inspect', 'text-score.mar', '--verify', '--max-ratio', '2000'], { cwd: dir, timeout: 600_000 }).code,
        0,
      );
    } finally {
      cleanup();
    }
  },
);
