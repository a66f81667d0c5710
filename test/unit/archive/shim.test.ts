/**
 * The shim's copy of the adapters package: only the shared modules and the archived flavor's own,
 * and that copy alone serves the entry (the worker below has nothing of mctl on its path).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { planArchive } from '../../../src/archive/plan.ts';
import { resolveRequest } from '../../../src/archive/request.ts';
import { adapterModules } from '../../../src/archive/shim.ts';
import { writeArchive } from '../../../src/archive/write.ts';
import { FLAVOR_IDS } from '../../../src/flavors/index.ts';
import { ROOT } from '../../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON } from '../../helpers/run.ts';

const SHARED = ['__init__.py', 'base.py', 'errors.py', 'loading.py', 'registry.py', 'request.py'];

test('every flavor has its adapter module, and the shim takes the shared ones and that one alone', () => {
  const modules = readdirSync(join(ROOT, 'python/mctl_runtime/adapters')).filter((n) => n.endsWith('.py'));
  for (const id of FLAVOR_IDS) assert.ok(modules.includes(`${id}.py`), id);
  assert.deepEqual(adapterModules('azureml'), [...SHARED, 'azureml.py'].sort());
  assert.deepEqual(adapterModules('native'), [...SHARED, 'native.py'].sort());
  assert.deepEqual(adapterModules('mms'), [...SHARED, 'mms.py', 'torchserve.py'].sort());
});

/** A TorchServe worker reduced to what the shim uses: the archive dir first on sys.path, no mctl. */
const WORKER = `
import json, os, sys
model_dir, body = sys.argv[1], json.loads(sys.argv[2])
sys.path.insert(0, model_dir)
os.chdir(model_dir)

class Context:
    system_properties = {"model_dir": model_dir, "gpu_id": None, "batch_size": 1}
    manifest = None
    model_name = "m"

    def get_request_header(self, idx, key):
        return None

import mctl_shim
from mctl_runtime import adapters
assert adapters.__file__.startswith(model_dir), adapters.__file__
mctl_shim.handle(None, Context())
print(json.dumps(mctl_shim.handle([{"body": body}], Context())))
`;

const SHIMMED: [string, unknown, unknown][] = [
  ['azureml', { data: [[0.7], [0.2]] }, { predictions: [1, 0] }],
  ['cortex', { text: 'I love this, great stuff, not bad' }, { label: 'positive', score: 1 }],
  ['deepdev', { items: ['banana', 'apple', 'date', 'cherry'], top_k: 2 }, { ranked: ['apple', 'cherry'] }],
  [
    'hf',
    { inputs: 'what a day', parameters: { top_k: 2 } },
    [
      { label: 'positive', score: 1 },
      { label: 'negative', score: 0.5 },
    ],
  ],
  ['modelarts', { row1: { features: [1, 2, 3] } }, { row1: { score: 3.1 } }],
];

test(
  "an archive's own adapters serve each flavor with nothing of mctl on the path",
  { skip: SKIP_NO_PYTHON },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctl-shim-'));
    try {
      for (const [fixture, body, expected] of SHIMMED) {
        const project = join(dir, fixture);
        cpSync(join(ROOT, 'fixtures/projects', fixture), project, { recursive: true });
        const plan = await planArchive(
          resolveRequest({ cwd: project, env: {}, archiveFormat: 'no-archive', exportPath: join(dir, 'out') }),
        );
        const { output } = await writeArchive(plan, { force: false, shown: fixture, display: (f) => f.path });
        const copied = readdirSync(join(output, 'mctl_runtime/adapters')).sort();
        const cortex = ['cortex.py', 'cortex_handler.py', 'cortex_models.py', 'cortex_paths.py'];
        const own = fixture === 'cortex' ? cortex : [`${fixture}.py`];
        assert.deepEqual(copied, [...SHARED, ...own].sort(), fixture);
        const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
        const worker = spawnSync(PYTHON!, ['-B', '-c', WORKER, output, JSON.stringify(body)], {
          encoding: 'utf8',
          env,
          timeout: 20_000,
        });
        assert.equal(worker.status, 0, `${fixture}: ${worker.stderr}`);
        assert.deepEqual(JSON.parse(worker.stdout.trim().split('\n').at(-1)!), [expected], fixture);
        assert.ok(!existsSync(join(output, '__pycache__')));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
