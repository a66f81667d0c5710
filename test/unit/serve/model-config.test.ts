import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../helpers/cli.ts';
import { readModelConfig } from '../../../src/serve/model-config.ts';

test("a .mar's model-config.yaml: the keys serve honours, checked as TorchServe would", () => {
  const { dir, cleanup } = tempDir();
  try {
    const manifest = { model: { configFile: 'model-config.yaml' } };
    writeFileSync(
      join(dir, 'model-config.yaml'),
      'minWorkers: 2\nmaxWorkers: 4\nbatchSize: 8\nmaxBatchDelay: 0\nresponseTimeout: 30\nhandler:\n  threshold: 0.5\n',
    );
    assert.deepEqual(readModelConfig(dir, manifest, 'm.mar'), {
      file: 'm.mar:model-config.yaml',
      minWorkers: 2,
      batchSize: 8,
      maxBatchDelay: 0,
      responseTimeout: 30,
    });
    assert.equal(readModelConfig(dir, { model: {} }, 'm.mar'), undefined);
    writeFileSync(join(dir, 'model-config.yaml'), 'batchSize: "8"\n');
    assert.throws(() => readModelConfig(dir, manifest, 'm.mar'), {
      code: 'MODEL_CONFIG_INVALID',
      message: /m\.mar:model-config\.yaml: batchSize must be a whole number/,
    });
    writeFileSync(join(dir, 'model-config.yaml'), 'batchSize: [\n');
    assert.throws(() => readModelConfig(dir, manifest, 'm.mar'), { code: 'YAML_INVALID' });
  } finally {
    cleanup();
  }
});
