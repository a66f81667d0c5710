/** Every command has a summary, examples in --help and the global options. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mctl } from '../helpers/cli.ts';

const COMMANDS = ['init', 'validate', 'env check', 'run', 'archive', 'inspect'] as const;

for (const command of COMMANDS) {
  test(`mctl ${command} --help shows examples and global options`, () => {
    const result = mctl([...command.split(' '), '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(`Usage: mctl ${command}`));
    assert.match(result.stdout, /Examples:\n {2}\$ mctl /);
    assert.match(result.stdout, /--json/);
    assert.match(result.stdout, /--debug/);
  });
}
