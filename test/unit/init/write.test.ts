import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { writeScaffold } from '../../../src/init/write.ts';
import { tempDir } from '../../helpers/cli.ts';

test('existing files are listed and nothing is written without force', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'score.py'), 'mine');
    assert.throws(
      () => writeScaffold(dir, [{ path: 'model/a.json', content: '{}' }, { path: 'score.py', content: 'new' }], false),
      (e: MctlError) => e.exit === 'EXISTS' && /score\.py/.test(e.message),
    );
    assert.deepEqual(readdirSync(dir), ['score.py']);
    assert.equal(readFileSync(join(dir, 'score.py'), 'utf8'), 'mine');
    writeScaffold(dir, [{ path: 'model/a.json', content: '{}' }, { path: 'score.py', content: 'new' }], true);
    assert.equal(readFileSync(join(dir, 'score.py'), 'utf8'), 'new');
  } finally {
    cleanup();
  }
});

test('a failure part-way removes the files and directories it created', () => {
  const { dir, cleanup } = tempDir();
  try {
    // A directory where a file must go makes the third write fail.
    mkdirSync(join(dir, 'README.md'));
    assert.throws(() => writeScaffold(dir, [
      { path: 'model/weights.json', content: '{}' },
      { path: 'score.py', content: 'x' },
      { path: 'README.md', content: 'y' },
    ], true));
    assert.equal(existsSync(join(dir, 'model')), false);
    assert.equal(existsSync(join(dir, 'score.py')), false);
    assert.deepEqual(readdirSync(dir), ['README.md']);
  } finally {
    cleanup();
  }
});
