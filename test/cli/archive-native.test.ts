/**
 * Native (TS/JS) entries in archives: packed with the generated shim, served from Python by a
 * Node.js child running mctl's Node harness (python/mctl_runtime/native_host.py). `mctl run
 * --archive` runs the shim in the Python harness as TorchServe's worker would, so its output
 * must equal `mctl run` on the project itself.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mctlIn, tempDir } from '../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON } from '../helpers/run.ts';

interface ArchiveJson {
  output: string;
  warnings: string[];
  handler: { manifest: string; flavor: string; entry: string };
  files: { path: string; role: string }[];
}

interface RunJson {
  results: { input: string; output: unknown }[];
  error?: { code: string; message: string; hint?: string };
}

const PY = { MCTL_PYTHON: PYTHON };

function unzip(mar: string, member: string): string {
  return spawnSync('unzip', ['-p', mar, member], { encoding: 'utf8' }).stdout;
}

/** Archives the project in dir, checks what went in, and returns the archive's path. */
async function archive(dir: string, entry: string, extra: string[] = []): Promise<string> {
  const result = await mctlIn(['archive', '--json'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const doc = result.json<ArchiveJson>();
  assert.deepEqual(doc.warnings, []);
  assert.equal(doc.handler.manifest, 'mctl_shim:handle');
  assert.deepEqual([doc.handler.flavor, doc.handler.entry], ['native', entry]);
  const paths = doc.files.map((f) => f.path).sort();
  assert.deepEqual(
    paths,
    [
      'MAR-INF/MANIFEST.json',
      'MAR-INF/mctl.json',
      'linear.onnx',
      'mctl_runtime/__init__.py',
      'mctl_runtime/adapters/__init__.py',
      'mctl_runtime/adapters/base.py',
      'mctl_runtime/adapters/errors.py',
      'mctl_runtime/adapters/loading.py',
      'mctl_runtime/adapters/native.py',
      'mctl_runtime/adapters/registry.py',
      'mctl_runtime/adapters/request.py',
      'mctl_runtime/marker.py',
      'mctl_runtime/native_host.py',
      'mctl_shim.py',
      entry,
      ...extra,
    ].sort(),
  );
  const mar = join(dir, doc.output);
  assert.equal(JSON.parse(unzip(mar, 'MAR-INF/MANIFEST.json')).model.handler, 'mctl_shim:handle');
  assert.deepEqual(JSON.parse(unzip(mar, 'MAR-INF/mctl.json')).entry, { file: entry, flavor: 'native' });
  assert.match(
    unzip(mar, 'mctl_shim.py'),
    /needs Node\.js >= 22\.12 and mctl \(npm i -g --ignore-scripts \.\/mctl-\d+\.\d+\.\d+\.tgz\)/,
  );
  return mar;
}

/** `mctl run --archive` gives what `mctl run` gives on the project. */
async function assertServedAlike(dir: string, mar: string): Promise<unknown> {
  const direct = await mctlIn(['run', '--input', 'sample.json', '--json'], { cwd: dir });
  assert.equal(direct.code, 0, direct.stderr);
  const served = await mctlIn(['run', '--archive', mar, '--input', 'sample.json', '--json'], { cwd: dir, env: PY });
  assert.equal(served.code, 0, served.stderr);
  const output = direct.json<RunJson>().results[0]!.output;
  assert.deepEqual(served.json<RunJson>().results[0]!.output, output);
  return output;
}

test(
  'the native fixture archives with the shim and serves through it as mctl run does',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir('projects/native');
    try {
      const mar = await archive(dir, 'score.ts');
      const output = (await assertServedAlike(dir, mar)) as { y: number[] };
      assert.deepEqual(
        output.y.map((v) => Math.round(v * 1000) / 1000),
        [3.1, 0.1],
      );
    } finally {
      cleanup();
    }
  },
);

for (const language of ['ts', 'js'] as const) {
  test(
    `an mctl init --flavor native --language ${language} project archives and serves unedited`,
    { skip: SKIP_NO_PYTHON },
    async () => {
      const { dir, cleanup } = tempDir();
      try {
        const project = join(dir, 'proj');
        const init = await mctlIn([
          'init',
          project,
          '--flavor',
          'native',
          '--language',
          language,
          '--name',
          `scaffold_${language}`,
        ]);
        assert.equal(init.code, 0, init.stderr);
        // A .js entry is an ES module only by its package.json: it travels with the entry.
        const mar = await archive(project, `score.${language}`, language === 'js' ? ['package.json'] : []);
        if (language === 'js') assert.equal(JSON.parse(unzip(mar, 'package.json')).type, 'module');
        await assertServedAlike(project, mar);
      } finally {
        cleanup();
      }
    },
  );
}

test(
  'a serving host without mctl or a recent Node.js: exit 7 saying what to install; entry errors stay user errors',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir('projects/native');
    try {
      const mar = await archive(dir, 'score.ts');
      const serve = async (env: Record<string, string | undefined>) => {
        const result = await mctlIn(['run', '--archive', mar, '--input', 'sample.json', '--json'], {
          cwd: dir,
          env: { ...PY, ...env },
        });
        return { code: result.code, error: result.json<RunJson>().error! };
      };
      const noMctl = await serve({ MCTL_HOME: join(dir, 'nowhere') });
      assert.equal(noMctl.code, 7);
      assert.equal(noMctl.error.code, 'SERVING_HOST_INCOMPLETE');
      assert.match(noMctl.error.message, /MCTL_HOME=.*nowhere is not an installed mctl package/);
      assert.match(noMctl.error.hint!, /npm i -g --ignore-scripts \.\/mctl-/);

      const old = join(dir, 'node');
      writeFileSync(old, '#!/bin/sh\necho v20.19.0\n');
      chmodSync(old, 0o755);
      const oldNode = await serve({ MCTL_NODE: old });
      assert.equal(oldNode.code, 7);
      assert.match(oldNode.error.message, /is Node\.js 20\.19\.0; native entries need Node\.js >= 22\.12/);
      assert.match(oldNode.error.hint!, /install Node\.js >= 22\.12/);
      assert.equal((await serve({ MCTL_NODE: join(dir, 'no-node') })).code, 7);

      writeFileSync(
        join(dir, 'score.ts'),
        readFileSync(join(dir, 'score.ts'), 'utf8').replace(
          "if (!session) throw new Error('init() has not run');",
          "throw new RangeError('x is too wide');",
        ),
      );
      const broken = await mctlIn(['archive', '--force', '--json'], { cwd: dir });
      assert.equal(broken.code, 0, broken.stderr);
      const failed = await serve({});
      assert.equal(failed.code, 6);
      assert.equal(failed.error.code, 'ENTRY_RUN_FAILED');
      assert.match(failed.error.message, /RangeError: x is too wide/);
      assert.ok(!existsSync(join(dir, 'node_modules')));
    } finally {
      cleanup();
    }
  },
);
