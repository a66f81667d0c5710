import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkCoverage } from '../../../../src/env/imports/classify.ts';
import { collectImports } from '../../../../src/env/imports/collect.ts';
import { providersOf } from '../../../../src/env/names.ts';
import { project, readProjectSpec } from '../../../helpers/env.ts';

test("the servers' own packages: ts comes from torchserve, mms from multi-model-server", async () => {
  assert.deepEqual(providersOf('ts.torch_handler.base_handler').pypi, ['torchserve', 'torchserve-nightly']);
  assert.deepEqual(providersOf('mms.model_service').pypi, ['multi-model-server']);
  // Where ts is not the platform's own (a script checked outside the mms flavor), a declared torchserve covers it.
  const { dir, cleanup } = project({
    'score.py': 'from ts.torch_handler.base_handler import BaseHandler\n',
    'requirements.txt': 'torchserve==0.12.0\n',
  });
  try {
    const spec = readProjectSpec(dir, { requirements: ['requirements.txt'] });
    const target = { major: 3, minor: 11 } as const;
    const collected = await collectImports(join(dir, 'score.py'), { cwd: dir, roots: [dir], target });
    const result = checkCoverage(collected, {
      spec,
      target,
      platformModules: [],
      platformTitle: null,
      importMap: {},
      ignore: [],
      specFile: 'requirements.txt',
      specForm: 'requirements',
    });
    assert.deepEqual(
      result.imports.map((i) => [i.module, i.kind, i.provider]),
      [['ts.torch_handler.base_handler', 'declared', 'torchserve']],
    );
    assert.deepEqual(result.findings, []);
  } finally {
    cleanup();
  }
});
