/** .mctlignore is read through the bounded reader: absent is fine, a FIFO or device is refused at once. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readIgnoreFile } from '../../../src/archive/ignore.ts';
import { MctlError } from '../../../src/errors.ts';
import { tempDir } from '../../helpers/cli.ts';

test('absent: no patterns; present: its lines, numbered as written', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.equal(readIgnoreFile(dir, '.mctlignore'), null);
    assert.equal(readIgnoreFile(join(dir, 'not-a-dir.txt'), 'x/.mctlignore'), null);
    writeFileSync(join(dir, '.mctlignore'), '\uFEFF*.ipynb\n\n# notes\ndata/\n');
    assert.deepEqual(readIgnoreFile(dir, '.mctlignore')?.patterns, ['*.ipynb', '', '# notes', 'data/', '']);
  } finally {
    cleanup();
  }
});

test('a FIFO, or a link to a device, is refused at once (exit 3)', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.equal(spawnSync('mkfifo', [join(dir, '.mctlignore')]).status, 0);
    assert.throws(
      () => readIgnoreFile(dir, '.mctlignore'),
      (e: MctlError) => e.exitCode === 3 && /^\.mctlignore: the ignore file is a FIFO/.test(e.message),
    );
    const other = join(dir, 'other');
    spawnSync('mkdir', [other]);
    symlinkSync('/dev/zero', join(other, '.mctlignore'));
    assert.throws(() => readIgnoreFile(other, 'other/.mctlignore'), /character device/);
  } finally {
    cleanup();
  }
});
