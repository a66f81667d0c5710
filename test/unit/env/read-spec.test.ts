import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSpecFile } from '../../../src/env/read-spec.ts';

test('a spec path that is a FIFO or a directory is refused at once (exit 3), never read', { skip: process.platform === 'win32' && 'no mkfifo' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mctl-spec-'));
  try {
    assert.equal(spawnSync('mkfifo', [join(dir, 'fifo.yml')]).status, 0);
    mkdirSync(join(dir, 'dir.yml'));
    writeFileSync(join(dir, 'ok.txt'), 'numpy==1.26.4\n');
    assert.throws(() => readSpecFile(join(dir, 'dir.yml'), 'dir.yml'), { code: 'SPEC_UNREADABLE', message: /is a directory/ });
    // Before: read with readFileSync, which blocks on a FIFO until a writer comes.
    assert.throws(() => readSpecFile(join(dir, 'fifo.yml'), 'fifo.yml'), { code: 'SPEC_UNREADABLE', exit: 'BAD_INPUT', message: /fifo\.yml: the environment spec is a FIFO/ });
    assert.throws(() => readSpecFile(join(dir, 'nope.yml'), 'nope.yml'), { code: 'SPEC_NOT_FOUND', exit: 'BAD_INPUT' });
    assert.deepEqual(readSpecFile(join(dir, 'ok.txt'), 'ok.txt'), { text: 'numpy==1.26.4\n' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
