/** Entry scripts that are not TorchServe handlers get a generated handler shim in the archive. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mctlIn, tempDir } from '../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON } from '../helpers/run.ts';

interface ArchiveJson {
  handler: { manifest: string; flavor: string; entry: string };
  manifest: { model: { handler: string } };
  files: { path: string }[];
}

test('a DeepDev script gets mctl_shim.py, the adapters and the stand-ins; the manifest names the shim', async () => {
  const { dir, cleanup } = tempDir('projects/deepdev');
  try {
    const result = await mctlIn(['archive', '--json'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<ArchiveJson>();
    assert.equal(doc.manifest.model.handler, 'mctl_shim:handle');
    assert.deepEqual([doc.handler.flavor, doc.handler.entry], ['deepdev', 'ranker.py']);
    const paths = doc.files.map((f) => f.path);
    for (const path of [
      'mctl_shim.py',
      'mctl_runtime/__init__.py',
      'mctl_runtime/adapters/deepdev.py',
      'mctl_runtime/standins/deepdev/deepdev/services/deploy.py',
      'ranker.py',
      'weights.json',
    ])
      assert.ok(paths.includes(path), path);
    assert.ok(
      !paths.some((p) => /adapters\/(azureml|mms|native|torchserve)\.py$/.test(p)),
      "only the flavor's own adapter module",
    );
    const record = spawnSync('unzip', ['-p', join(dir, 'ranker.mar'), 'MAR-INF/mctl.json'], {
      encoding: 'utf8',
    }).stdout;
    assert.deepEqual(JSON.parse(record).entry, { file: 'ranker.py', flavor: 'deepdev' });
    const shim = spawnSync('unzip', ['-p', join(dir, 'ranker.mar'), 'mctl_shim.py'], { encoding: 'utf8' }).stdout;
    assert.match(shim, /^def handle\(data, context\):$/m);
    assert.equal(
      spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: shim }).status,
      0,
    );
  } finally {
    cleanup();
  }
});

test('a file of the user named like the shim is a collision, not an overwrite', async () => {
  const { dir, cleanup } = tempDir('projects/azureml');
  try {
    spawnSync('cp', [join(dir, 'score.py'), join(dir, 'model/mctl_shim.py')]);
    const result = await mctlIn(['archive'], { cwd: dir });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /'mctl_shim\.py' from both/);
  } finally {
    cleanup();
  }
});

test('mctl run --archive serves a shimmed archive the way TorchServe would', { skip: SKIP_NO_PYTHON }, async () => {
  for (const [fixture, body, expected] of [
    ['deepdev', '{"items": ["banana", "apple", "date", "cherry"], "top_k": 2}', { ranked: ['apple', 'cherry'] }],
    ['azureml', '{"data": [[0.7], [0.2]]}', { predictions: [1, 0] }],
  ] as const) {
    const { dir, cleanup } = tempDir(`projects/${fixture}`);
    try {
      const archived = await mctlIn(['archive', '--json'], { cwd: dir });
      assert.equal(archived.code, 0, archived.stderr);
      writeFileSync(join(dir, 'request.json'), body);
      const result = await mctlIn(
        ['run', '--archive', archived.json<{ output: string }>().output, '--input', 'request.json', '--json'],
        { cwd: dir, env: { MCTL_PYTHON: PYTHON } },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(result.json<{ results: { output: unknown }[] }>().results[0]!.output, expected, fixture);
    } finally {
      cleanup();
    }
  }
});
