/** cortex.yaml beside a predictor: read through the bounded reader; absent is fine, a FIFO is refused at once. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { readCortexConfig } from '../../../src/runtime/cortex-config.ts';
import { tempDir } from '../../helpers/cli.ts';

test('the predictor config is found; no cortex.yaml is no config; a FIFO is exit 3, not a hang', () => {
  const { dir, cleanup } = tempDir();
  try {
    const entry = join(dir, 'predictor.py');
    assert.equal(readCortexConfig(entry), undefined);
    writeFileSync(join(dir, 'cortex.yaml'), '- name: api\n  predictor:\n    path: predictor.py\n    config: {k: 1}\n');
    assert.deepEqual(readCortexConfig(entry), { k: 1 });
    const fifoDir = join(dir, 'f');
    spawnSync('mkdir', [fifoDir]);
    assert.equal(spawnSync('mkfifo', [join(fifoDir, 'cortex.yaml')]).status, 0);
    assert.throws(() => readCortexConfig(join(fifoDir, 'predictor.py')), (e: MctlError) => e.exitCode === 3 && /FIFO/.test(e.message));
  } finally {
    cleanup();
  }
});
