/**
 * The Cortex guide's example project under mctl run: metadata from its cortex.yaml, and
 * /mnt/project/ read as the project directory (the S3 stand-in reads through it).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { mctl, tempDir } from '../helpers/cli.ts';
import { SKIP_NO_PYTHON } from '../helpers/run.ts';

test('the guide\'s metadata["bucket"] example runs with the metadata of its cortex.yaml', { skip: SKIP_NO_PYTHON }, () => {
  const { dir, cleanup } = tempDir('guides/cortex');
  try {
    const result = mctl(['run', '--entry', 'inference.py', '--input', 'sample.json', '--json'], { cwd: dir, env: { PYTHONPATH: join(dir, 'standins') } });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const doc = result.json<{ results: { output: unknown }[]; convention: string; flavor: string }>();
    assert.equal(doc.flavor, 'cortex');
    assert.equal(doc.results[0]!.output, 'iris-setosa');
    assert.match(doc.convention, /init\(metadata\) \+ predict\(sample, metadata\)/);
    assert.equal(mctl(['env', 'check', '--entry', 'inference.py', '--json'], { cwd: dir }).code, 0);
  } finally {
    cleanup();
  }
});
