/** Several files written as one: staged first, renamed after, every earlier file restored on a failure. */
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { writeAllOrNothing } from '../../../src/util/write-all.ts';
import { tempDir } from '../../helpers/cli.ts';
import { failFs } from '../../helpers/fs-fault.ts';

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

test('--force with a file that cannot be replaced: every earlier file is put back, nothing new is left', () => {
  const { dir, cleanup } = tempDir();
  // An immutable c.txt (chattr +i): it cannot be moved aside.
  const restore = failFs('renameSync', (from) => from.endsWith('/c.txt'), 'EPERM', 'rename');
  try {
    writeFileSync(join(dir, 'a.txt'), 'old a');
    writeFileSync(join(dir, 'c.txt'), 'old c');
    const files = ['a.txt', 'sub/b.txt', 'c.txt'].map((name) => ({
      path: join(dir, name),
      shown: name,
      content: `new ${name}`,
    }));
    assert.throws(
      () => writeAllOrNothing(files, { force: true, createDirs: true }),
      (error: unknown) => {
        assert.ok(error instanceof MctlError);
        assert.equal(error.exitCode, 3);
        assert.equal(error.message, 'c.txt: cannot write: operation not permitted (EPERM)');
        return true;
      },
    );
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'old a');
    assert.equal(readFileSync(join(dir, 'c.txt'), 'utf8'), 'old c');
    assert.deepEqual(listing(dir), ['a.txt', 'c.txt']);
  } finally {
    restore();
    cleanup();
  }
});

test('a full disk while staging: nothing is renamed, no temp file is left', () => {
  const { dir, cleanup } = tempDir();
  const restore = failFs(
    'writeFileSync',
    (path) => {
      if (!path.includes('.b.txt.')) return false;
      // As a full disk does: the file is created, then the write fails.
      closeSync(openSync(path, 'wx'));
      return true;
    },
    'ENOSPC',
    'write',
  );
  try {
    writeFileSync(join(dir, 'a.txt'), 'old a');
    const files = ['a.txt', 'b.txt'].map((name) => ({ path: join(dir, name), shown: name, content: 'new' }));
    assert.throws(
      () => writeAllOrNothing(files, { force: true, createDirs: false }),
      /b\.txt: cannot write: no space left on the device \(ENOSPC\)/,
    );
    assert.deepEqual(listing(dir), ['a.txt']);
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'old a');
  } finally {
    restore();
    cleanup();
  }
});

test('a directory in the way and a name the file system cannot hold are refused before anything is written', () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(join(dir, 'README.md'));
    const readme = [
      { path: join(dir, 'a.txt'), shown: 'a.txt', content: 'x' },
      { path: join(dir, 'README.md'), shown: 'README.md', content: 'x' },
    ];
    assert.throws(
      () => writeAllOrNothing(readme, { force: true, createDirs: true }),
      /README\.md: cannot write: it is a directory/,
    );
    const long = `${'n'.repeat(300)}.py`;
    assert.throws(
      () =>
        writeAllOrNothing([{ path: join(dir, long), shown: long, content: 'x' }], { force: false, createDirs: true }),
      (error: unknown) => {
        assert.ok(error instanceof MctlError && error.code === 'NAME_TOO_LONG' && error.exitCode === 3);
        assert.match(error.message, /ENAMETOOLONG.*303 bytes/);
        return true;
      },
    );
    assert.equal(existsSync(join(dir, 'a.txt')), false);
  } finally {
    cleanup();
  }
});
