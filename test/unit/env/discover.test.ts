import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseFlavor, findEntry } from '../../../src/env/discover.ts';
import { MctlError } from '../../../src/errors.ts';
import { tempDir } from '../../helpers/cli.ts';

const py311 = { major: 3 as const, minor: 11 };

test('an entry that is a FIFO or a link to a device is refused at once (exit 3), naming what it is', () => {
  const { dir, cleanup } = tempDir();
  try {
    execFileSync('mkfifo', [join(dir, 'fifo.py')]);
    symlinkSync('/dev/zero', join(dir, 'zero.py'));
    for (const [name, kind] of [['fifo.py', 'a FIFO (named pipe)'], ['zero.py', 'a character device']]) {
      assert.throws(() => findEntry(name, null, dir), (error: unknown) => {
        assert.ok(error instanceof MctlError);
        assert.equal(error.exit, 'BAD_INPUT');
        assert.equal(error.message, `${name}: is ${kind}, not an entry script`);
        return true;
      });
    }
  } finally {
    cleanup();
  }
});

test('the flavor is detected from the entry as validate does (the entry read with the source limit)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'score.py'), 'def init():\n    pass\n\ndef run(raw_data):\n    return raw_data\n');
    const entry = findEntry('score.py', null, dir)!;
    assert.equal((await chooseFlavor(undefined, null, entry, py311))?.id, 'azureml');
  } finally {
    cleanup();
  }
});
