import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { writeFileAtomic } from '../../../src/util/atomic-write.ts';
import { tempDir } from '../../helpers/cli.ts';
import { failFs } from '../../helpers/fs-fault.ts';

test('writeFileAtomic refuses an existing file without force and replaces it with force', () => {
  const { dir, cleanup } = tempDir();
  try {
    const target = join(dir, 'out.txt');
    writeFileSync(target, 'old');
    assert.throws(
      () => writeFileAtomic(target, 'new', { force: false }),
      (e: MctlError) => e.exit === 'EXISTS',
    );
    assert.equal(readFileSync(target, 'utf8'), 'old');
    writeFileAtomic(target, 'new', { force: true });
    assert.equal(readFileSync(target, 'utf8'), 'new');
    assert.deepEqual(readdirSync(dir), ['out.txt'], 'no temp file left');
  } finally {
    cleanup();
  }
});

test('a target name the file system accepts (255 bytes) gets a temp name it accepts too; a full disk is exit 3', () => {
  const { dir, cleanup } = tempDir();
  try {
    const long = join(dir, `${'é'.repeat(120)}${'x'.repeat(10)}.json`);
    writeFileAtomic(long, '{}', { force: false });
    assert.equal(readFileSync(long, 'utf8'), '{}');
    assert.throws(
      () => writeFileAtomic(join(long, 'x.json'), 'x', { force: false, shown: 'x.json' }),
      (e: MctlError) =>
        e.exitCode === 3 && /^x\.json: cannot write: a component of the path is not a directory/.test(e.message),
    );
    const restore = failFs('writeFileSync', (path) => path.includes('.out.json.'), 'ENOSPC', 'write');
    try {
      assert.throws(
        () => writeFileAtomic(join(dir, 'out.json'), 'x', { force: false, shown: 'out.json' }),
        (e: MctlError) => e.code === 'NO_SPACE' && /^out\.json: cannot write: no space left/.test(e.message),
      );
    } finally {
      restore();
    }
    assert.deepEqual(readdirSync(dir).sort(), [basename(long)], 'no temp file left');
  } finally {
    cleanup();
  }
});
