import assert from 'node:assert/strict';
import { test } from 'node:test';
import { project } from '../../helpers/env.ts';
import type { RunTarget } from '../../../src/runtime/plan.ts';
import { watchedFiles } from '../../../src/serve/watch-files.ts';

test('--watch watches the entry and, transitively, the local modules it imports', async () => {
  const { dir, cleanup } = project({
    'score.py': 'import json\nimport helpers\nfrom pkg import tool\n',
    'helpers.py': 'from . import deeper\n',
    'deeper.py': '',
    'pkg/__init__.py': '',
    'pkg/tool.py': 'import os\n',
    'unrelated.py': '',
    'score.ts': "import { f } from './lib.js';\nimport type { T } from './types.ts';\n",
    'lib.js': 'export const f = 1;\n',
    'types.ts': 'export type T = number;\n',
  });
  try {
    const names = (files: string[]) => files.map((f) => f.slice(dir.length + 1)).sort();
    const python = {
      mode: 'python',
      entry: `${dir}/score.py`,
      modelDir: dir,
      modelDirGiven: false,
      flavor: 'azureml',
      flavorReason: '',
      findings: [],
    } satisfies RunTarget;
    assert.deepEqual(names(await watchedFiles(python, dir, null)), [
      'deeper.py',
      'helpers.py',
      'pkg/__init__.py',
      'pkg/tool.py',
      'score.py',
    ]);
    const native = {
      mode: 'native',
      entry: `${dir}/score.ts`,
      modelDir: dir,
      flavor: 'native',
      flavorReason: '',
      findings: [],
    } satisfies RunTarget;
    // A type-only import is erased by type stripping: never loaded, so not watched.
    assert.deepEqual(names(await watchedFiles(native, dir, null)), ['lib.js', 'score.ts']);
    assert.deepEqual(await watchedFiles({ mode: 'onnx', model: `${dir}/m.onnx`, modelDir: dir }, dir, null), [
      `${dir}/m.onnx`,
    ]);
  } finally {
    cleanup();
  }
});
