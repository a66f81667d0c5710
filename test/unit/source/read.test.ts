import assert from 'node:assert/strict';
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { MAX_SOURCE_BYTES, readSourceFile } from '../../../src/source/read.ts';
import { tempDir } from '../../helpers/cli.ts';

test('a source file over the limit is refused before it is read (a 700 MB sparse file of NULs)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'huge.py');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 700 * 1024 * 1024);
    closeSync(fd);
    const started = performance.now();
    assert.throws(
      () => readSourceFile(path, 'huge.py'),
      (error: unknown) => {
        assert.ok(error instanceof MctlError);
        assert.equal(error.exit, 'BAD_INPUT');
        assert.match(error.message, /^huge\.py: the source file is larger than the 64 MiB limit/);
        return true;
      },
    );
    assert.ok(performance.now() - started < 1000, 'the file was not read');
  } finally {
    cleanup();
  }
});

test('a small source file is read whole; the documented limit is 64 MiB', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'small.py');
    writeFileSync(path, 'x = 1\n');
    assert.equal(readSourceFile(path, 'small.py').toString(), 'x = 1\n');
    assert.equal(MAX_SOURCE_BYTES, 64 * 1024 * 1024);
  } finally {
    cleanup();
  }
});
