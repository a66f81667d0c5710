/** cortex.yaml: every release's layout, the project directory, and the bounded read (a FIFO is refused at once). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { CORTEX_PROJECT_ENV, cortexSetup, findCortexApi } from '../../../src/flavors/cortex-api.ts';
import { project } from '../../helpers/env.ts';

const API = '- kind: api\n  name: a\n';
const layouts: [string, string, string][] = [
  ['v0.8–v0.9 request_handler', `${API}  request_handler: src/p.py\n`, '{}'],
  [
    'the guide: python.inference + metadata',
    `- kind: deployment\n  name: d\n${API}  python: {inference: src/p.py}\n  metadata: {bucket: b}\n`,
    '{"bucket":"b"}',
  ],
  ['v0.10: predictor.path + metadata', `${API}  predictor:\n    path: src/p.py\n    metadata: {k: 1}\n`, '{"k":1}'],
  ['v0.10: onnx.request_handler', `${API}  onnx: {request_handler: src/p.py, metadata: {k: 2}}\n`, '{"k":2}'],
  ['v0.19', '- kind: RealtimeAPI\n  predictor: {type: python, path: src/p.py, config: {k: 3}}\n', '{"k":3}'],
  ['v0.35 handler', '- kind: AsyncAPI\n  handler: {type: python, path: src/p.py, config: {k: 4}}\n', '{"k":4}'],
  ['v0.35 TaskAPI definition', '- kind: TaskAPI\n  definition: {path: src/p.py, config: {k: 5}}\n', '{"k":5}'],
];

for (const [name, yaml, config] of layouts) {
  test(`cortex.yaml of ${name}: config and the project directory for an entry below it`, () => {
    const { dir, cleanup } = project({ 'cortex.yaml': yaml, 'src/p.py': '' });
    try {
      const api = findCortexApi(join(dir, 'src', 'p.py'));
      assert.deepEqual(api && JSON.stringify(api.config), config);
      assert.equal(api!.projectDir, dir);
    } finally {
      cleanup();
    }
  });
}

test("an API naming another file, or no cortex.yaml: the mctl.yaml directory or the entry's is the project", () => {
  const { dir, cleanup } = project({ 'cortex.yaml': `${API}  predictor:\n    path: other.py\n`, 'src/p.py': '' });
  try {
    assert.equal(findCortexApi(join(dir, 'src', 'p.py')), undefined);
    assert.deepEqual(cortexSetup(join(dir, 'src', 'p.py'), { dir }), { env: { [CORTEX_PROJECT_ENV]: dir } });
    assert.deepEqual(cortexSetup(join(dir, 'src', 'p.py'), null), { env: { [CORTEX_PROJECT_ENV]: join(dir, 'src') } });
    // mctl.yaml's run.config is what the entry gets when cortex.yaml does not name it.
    assert.deepEqual(cortexSetup(join(dir, 'src', 'p.py'), { dir, runConfig: { k: 1 } }).config, { k: 1 });
  } finally {
    cleanup();
  }
});

test('a cortex.yaml that is a FIFO is exit 3 at once, not a hang', () => {
  const { dir, cleanup } = project({ 'f/predictor.py': '' });
  try {
    mkdirSync(join(dir, 'f'), { recursive: true });
    assert.equal(spawnSync('mkfifo', [join(dir, 'f', 'cortex.yaml')]).status, 0);
    assert.throws(
      () => findCortexApi(join(dir, 'f', 'predictor.py')),
      (e: MctlError) => e.exitCode === 3 && /FIFO/.test(e.message),
    );
  } finally {
    cleanup();
  }
});
