import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseEntry } from '../../../src/env/discover.ts';
import { MctlError } from '../../../src/errors.ts';
import { tempDir } from '../../helpers/cli.ts';

test('an entry that is a FIFO or a link to a device is refused at once (exit 3), naming what it is', () => {
  const { dir, cleanup } = tempDir();
  try {
    execFileSync('mkfifo', [join(dir, 'fifo.py')]);
    symlinkSync('/dev/zero', join(dir, 'zero.py'));
    for (const [name, kind] of [
      ['fifo.py', 'a FIFO (named pipe)'],
      ['zero.py', 'a character device'],
    ]) {
      assert.throws(
        () => chooseEntry({ entry: name }, null, dir),
        (error: unknown) => {
          assert.ok(error instanceof MctlError);
          assert.equal(error.exit, 'BAD_INPUT');
          assert.equal(error.message, `--entry ${name}: is ${kind}, not an entry script`);
          return true;
        },
      );
    }
  } finally {
    cleanup();
  }
});

test('the flavor is detected from the entry as validate does', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'score.py'), 'def init():\n    pass\n\ndef run(raw_data):\n    return raw_data\n');
    const chosen = chooseEntry({ entry: 'score.py' }, null, dir);
    assert.equal(chosen.flavor?.id, 'azureml');
    assert.equal(chosen.flavor?.source, 'detected');
  } finally {
    cleanup();
  }
});
