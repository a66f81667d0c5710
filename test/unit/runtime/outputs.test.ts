import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { readExpected } from '../../../src/runtime/outputs.ts';
import { tempDir } from '../../helpers/cli.ts';

test('--expect reads regular files only: a device is refused at once; a missing file says how to make one', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.throws(
      () => readExpected({ expect: '/dev/null', cwd: dir }, undefined, 1),
      (e: MctlError) => e.code === 'INPUT_NOT_REGULAR' && e.exit === 'BAD_INPUT',
    );
    assert.throws(
      () => readExpected({ expect: 'golden.json', cwd: dir }, undefined, 1),
      (e: MctlError) => e.exit === 'BAD_INPUT' && /--output golden\.json/.test(e.hint!),
    );
  } finally {
    cleanup();
  }
});
