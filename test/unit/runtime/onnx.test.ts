import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSession } from '../../../src/runtime/onnx.ts';
import { ROOT, tempDir } from '../../helpers/cli.ts';

test('a session mctl opens leaves nothing in the temp dir (onnxruntime telemetry is off)', async () => {
  const { dir, cleanup } = tempDir();
  const saved = { TMPDIR: process.env.TMPDIR, ORT_DISABLE_TELEMETRY: process.env.ORT_DISABLE_TELEMETRY };
  process.env.TMPDIR = dir;
  delete process.env.ORT_DISABLE_TELEMETRY;
  try {
    await openSession(join(ROOT, 'fixtures/onnx/linear.onnx'), 'cpu');
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    cleanup();
  }
});
