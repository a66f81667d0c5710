/** env check end to end on the platform guides' own example projects (fixtures/guides). */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkEnv } from '../../../src/env/index.ts';
import { tempDir } from '../../helpers/cli.ts';

test("the DeepDev guide's example environment passes: deepdev required and used, nothing else", async () => {
  const { dir, cleanup } = tempDir('guides/deepdev');
  try {
    const result = await checkEnv({ cwd: dir, env: process.env, entry: 'code_completion.py' });
    assert.equal(result.flavor?.id, 'deepdev');
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error'),
      [],
    );
    const asked = result.findings.filter((f) => ['env-platform-requirement', 'env-unused-package'].includes(f.ruleId));
    assert.deepEqual(asked, []);
    assert.ok(result.imports.some((i) => i.module === 'deepdev.services.deploy' && i.kind === 'declared'));
  } finally {
    cleanup();
  }
});

test('a DeepDev environment without deepdev is an env-platform-requirement finding', async () => {
  const { dir, cleanup } = tempDir('guides/deepdev');
  try {
    const yml = readFileSync(join(dir, 'environment.yml'), 'utf8');
    writeFileSync(join(dir, 'environment.yml'), yml.replace('      - deepdev\n', ''));
    const result = await checkEnv({ cwd: dir, env: process.env, entry: 'code_completion.py' });
    const found = result.findings.filter((f) => f.ruleId === 'env-platform-requirement');
    assert.deepEqual(
      found.map((f) => f.message),
      ['DeepDev needs deepdev under pip, which the spec does not declare'],
    );
  } finally {
    cleanup();
  }
});

test("the Cortex guide's example imports boto3, pre-installed on Cortex; declaring it is fine", async () => {
  const { dir, cleanup } = tempDir('guides/cortex');
  try {
    const result = await checkEnv({ cwd: dir, env: process.env, entry: 'inference.py' });
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error'),
      [],
    );
    const boto3 = result.imports.find((i) => i.module === 'boto3');
    assert.deepEqual([boto3?.kind, boto3?.provider], ['platform', 'Cortex (pre-installed boto3==1.9.228)']);
    writeFileSync(join(dir, 'requirements.txt'), 'torch==1.3.1\nboto3==1.34.0\n');
    const declared = await checkEnv({ cwd: dir, env: process.env, entry: 'inference.py' });
    assert.equal(declared.imports.find((i) => i.module === 'boto3')?.provider, 'boto3');
    assert.deepEqual(
      declared.findings.filter((f) => f.ruleId === 'env-unused-package'),
      [],
    );
  } finally {
    cleanup();
  }
});
