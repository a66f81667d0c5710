import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { writeScaffold } from '../../../src/init/write.ts';
import { tempDir } from '../../helpers/cli.ts';
import { failFs } from '../../helpers/fs-fault.ts';

test('existing files are listed and nothing is written without force', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'score.py'), 'mine');
    assert.throws(
      () =>
        writeScaffold(
          dir,
          [
            { path: 'model/a.json', content: '{}' },
            { path: 'score.py', content: 'new' },
          ],
          false,
        ),
      (e: MctlError) => e.exit === 'EXISTS' && /score\.py/.test(e.message),
    );
    assert.deepEqual(readdirSync(dir), ['score.py']);
    assert.equal(readFileSync(join(dir, 'score.py'), 'utf8'), 'mine');
    writeScaffold(
      dir,
      [
        { path: 'model/a.json', content: '{}' },
        { path: 'score.py', content: 'new' },
      ],
      true,
    );
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
    assert.throws(() =>
      writeScaffold(
        dir,
        [
          { path: 'model/weights.json', content: '{}' },
          { path: 'score.py', content: 'x' },
          { path: 'README.md', content: 'y' },
        ],
        true,
      ),
    );
    assert.equal(existsSync(join(dir, 'model')), false);
    assert.equal(existsSync(join(dir, 'score.py')), false);
    assert.deepEqual(readdirSync(dir), ['README.md']);
  } finally {
    cleanup();
  }
});

test('--force with one file that cannot be replaced leaves the old scaffold whole', () => {
  const { dir, cleanup } = tempDir();
  // An immutable score.py (chattr +i) as root: it can be neither replaced nor moved aside.
  const restore = failFs('renameSync', (path) => path.endsWith('/score.py'), 'EPERM', 'rename');
  try {
    writeFileSync(join(dir, 'mctl.yaml'), 'old yaml');
    writeFileSync(join(dir, 'score.py'), 'old score');
    assert.throws(
      () =>
        writeScaffold(
          dir,
          [
            { path: 'mctl.yaml', content: 'new yaml' },
            { path: 'model/w.json', content: '{}' },
            { path: 'score.py', content: 'new score' },
          ],
          true,
          dir,
        ),
      (e: MctlError) => e.exitCode === 3 && /score\.py: .*EPERM/.test(e.message),
    );
    assert.equal(readFileSync(join(dir, 'mctl.yaml'), 'utf8'), 'old yaml');
    assert.equal(readFileSync(join(dir, 'score.py'), 'utf8'), 'old score');
    assert.deepEqual(readdirSync(dir).sort(), ['mctl.yaml', 'score.py']);
  } finally {
    restore();
    cleanup();
  }
});
