/**
 * Multi Model Server's model-archiver flags: the guide's own command, translated to mctl, and
 * the README's MMS-style example, on the guide's own custom service (fixtures/guides); and the
 * module names the servers' loaders import, checked with their own code where it is on this
 * machine (MCTL_TORCHSERVE_SRC, MCTL_MMS_SRC: see test/e2e/archive-servers.test.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, mctl, mctlIn, tempDir } from '../helpers/cli.ts';
import { PYTHON } from '../helpers/run.ts';

interface ArchiveJson {
  output: string;
  manifest: { runtime: string; model: Record<string, string> };
  files: { path: string }[];
}

function zipNames(path: string): string[] {
  const result = spawnSync(
    'python3',
    ['-c', 'import sys, zipfile, json; print(json.dumps(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))', path],
    { encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as string[];
}

test(
  "the guide's model-archiver command runs as mctl archive, " + 'and validate finds the module as archive does',
  async () => {
    const { dir, cleanup } = tempDir('guides/mms-custom-service');
    try {
      // model-archiver --model-name <m> --handler model_handler:handle --export-path <dir> --model-path <dir>
      //   --runtime python3
      const args = [
        '--model-name',
        'm',
        '--handler',
        'model_handler:handle',
        '--export-path',
        'out',
        '--model-path',
        'model',
        '--runtime',
        'python3',
      ];
      const result = await mctlIn(['archive', ...args, '--json'], { cwd: dir });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const doc = result.json<ArchiveJson>();
      assert.equal(doc.output, 'out/m.mar');
      assert.equal(doc.manifest.runtime, 'python3');
      assert.equal(doc.manifest.model.handler, 'model_handler:handle');
      assert.deepEqual(zipNames(join(dir, 'out/m.mar')), [
        'MAR-INF/MANIFEST.json',
        'MAR-INF/mctl.json',
        'model_handler.py',
      ]);

      const validated = await mctlIn(
        ['validate', '--handler', 'model_handler:handle', '--model-path', 'model', '--format', 'json'],
        { cwd: dir },
      );
      assert.equal(validated.code, 0, validated.stdout + validated.stderr);
      assert.deepEqual(
        validated.json<{ files: { file: string }[] }>().files.map((f) => f.file),
        ['model/model_handler.py'],
      );
      const without = await mctlIn(['validate', '--handler', 'model_handler:handle'], { cwd: dir });
      assert.equal(without.code, 3, 'without the model directory the module is not in the cwd');
      assert.match(without.stderr, /looked for model_handler\.py/);
      const missing = await mctlIn(['validate', '--handler', 'nothere:handle', '--model-path', 'model'], { cwd: dir });
      assert.equal(missing.code, 3);
      assert.match(
        missing.stderr,
        /--handler nothere:handle: no nothere\.py \(looked for model\/nothere\.py and nothere\.py\)/,
      );
      // validate --handler takes what archive --handler takes, TorchServe's built-in handlers included.
      const builtin = await mctlIn(['validate', '--handler', 'image_classifier', '--format', 'json'], { cwd: dir });
      assert.equal(builtin.code, 0, builtin.stdout + builtin.stderr);
      assert.match(builtin.json<{ note: string }>().note, /image_classifier is a TorchServe built-in handler/);

      const conflict = await mctlIn(['archive', ...args, '--model-dir', 'elsewhere'], { cwd: dir });
      assert.equal(conflict.code, 2);
      assert.match(conflict.stderr, /--model-dir elsewhere and --model-path model name two model directories/);
    } finally {
      cleanup();
    }
  },
);

test(
  "the README's MMS-style example: " + 'mctl archive --model-dir model/ --handler service:handle --model-name m',
  async () => {
    const { dir, cleanup } = tempDir('guides/mms-custom-service');
    try {
      spawnSync('mv', [join(dir, 'model/model_handler.py'), join(dir, 'model/service.py')]);
      const result = await mctlIn(
        ['archive', '--model-dir', 'model/', '--handler', 'service:handle', '--model-name', 'm', '--json'],
        { cwd: dir },
      );
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.deepEqual(zipNames(join(dir, 'm.mar')), ['MAR-INF/MANIFEST.json', 'MAR-INF/mctl.json', 'service.py']);
      const run = mctl(['run', '--archive', 'm.mar', '--input', '-', '--json'], { cwd: dir, input: '{"x": 1}' });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.deepEqual(
        run.json<{ results: { output: unknown }[] }>().results.map((r) => r.output),
        ['OK'],
      );
    } finally {
      cleanup();
    }
  },
);

const SERVERS = { torchserve: process.env.MCTL_TORCHSERVE_SRC, mms: process.env.MCTL_MMS_SRC };

test(
  'module names: Handler.py and llama-handler.py archive ' + '(the loaders import them), model.v2.py does not',
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      const handle = 'def handle(data, context):\n    return None if data is None else [row["body"] for row in data]\n';
      for (const module of ['Handler', 'llama-handler', 'model.v2']) {
        writeFileSync(join(dir, `${module}.py`), handle);
        const result = await mctlIn(
          [
            'archive',
            '--model-name',
            'm',
            '--handler',
            `${module}.py:handle`,
            '--archive-format',
            'no-archive',
            '--export-path',
            module,
            '--json',
          ],
          { cwd: dir },
        );
        assert.equal(result.code, module === 'model.v2' ? 1 : 0, `${module}: ${result.stdout}${result.stderr}`);
        if (module === 'model.v2') continue;
        for (const [server, src] of Object.entries(SERVERS)) {
          if (!src) continue;
          const loaded = spawnSync(
            PYTHON ?? 'python3',
            [
              join(ROOT, 'test/helpers/load_with_server.py'),
              server,
              src,
              join(dir, module, 'm'),
              `${module}:handle`,
              'json:{"a": 1}',
            ],
            { encoding: 'utf8' },
          );
          assert.equal(loaded.status, 0, `${server} ${module}: ${loaded.stderr}`);
          assert.deepEqual(JSON.parse(loaded.stdout), [{ a: 1 }]);
        }
      }
    } finally {
      cleanup();
    }
  },
);
