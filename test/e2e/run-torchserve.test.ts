/**
 * A TorchServe handler that derives BaseHandler (the shape of TorchServe's own examples) where
 * TorchServe is not installed: validate passes it, run stops before importing it with exit 7.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, mctl, mctlIn, tempDir } from '../helpers/cli.ts';
import { pythonHas, SKIP_NO_PYTHON } from '../helpers/run.ts';

const skip = SKIP_NO_PYTHON || (pythonHas('ts') ? 'TorchServe is installed here' : false);

test(
  'a BaseHandler subclass: validate inherits handle/initialize; ' +
    'run without TorchServe says pip install torchserve (exit 7)',
  { skip },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      copyFileSync(
        join(FIXTURES, 'shapes/torchserve_base_handler.py'),
        join(dir, 'Transformer_handler_generalized.py'),
      );
      const validated = await mctlIn(['validate', '--handler', 'Transformer_handler_generalized', '--format', 'json'], {
        cwd: dir,
      });
      assert.equal(validated.code, 0, validated.stdout);
      const findings = validated.json<{ files: { findings: { ruleId: string; severity: string }[] }[] }>().files[0]!
        .findings;
      assert.deepEqual(
        findings.map((f) => [f.ruleId, f.severity]),
        [['module-name', 'info']],
      );

      const run = mctl(['run', '--handler', 'Transformer_handler_generalized', '--input', '-', '--json'], {
        cwd: dir,
        input: '{"text": "hi"}',
      });
      assert.equal(run.code, 7, run.stdout + run.stderr);
      const error = run.json<{ error: { code: string; message: string; hint: string } }>().error;
      assert.equal(error.code, 'SERVING_HOST_INCOMPLETE');
      assert.match(error.message, /imports ts\.torch_handler\.base_handler, so it needs TorchServe's own package/);
      assert.match(error.hint, /pip install torchserve/);
      assert.match(error.hint, /torch/);
    } finally {
      cleanup();
    }
  },
);
