/** What goes into an archive, what is skipped and why, and what is refused — before anything is written. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { planArchive } from '../../../src/archive/plan.ts';
import { resolveRequest, type ArchiveOptions } from '../../../src/archive/request.ts';
import { MctlError } from '../../../src/errors.ts';

const HANDLER = 'def handle(data, context):\n    return data\n';

function project(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mctl-plan-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function plan(dir: string, options: Partial<ArchiveOptions> = {}) {
  return planArchive(
    resolveRequest({ cwd: dir, env: {}, modelName: 'm', handler: 'model_handler:handle', ...options }),
  );
}

const paths = (p: Awaited<ReturnType<typeof plan>>) => p.files.map((f) => f.path);

test('manifest first, then files sorted; the handler at the root under its own name', async () => {
  const { dir, cleanup } = project({ 'src/model_handler.py': HANDLER, 'weights/model.pt': 'w', 'labels.json': '{}' });
  try {
    const result = await plan(dir, {
      handler: 'src/model_handler.py:handle',
      serializedFile: 'weights/model.pt',
      extraFiles: ['labels.json'],
    });
    assert.deepEqual(paths(result), ['MAR-INF/MANIFEST.json', 'labels.json', 'model.pt', 'model_handler.py']);
    assert.deepEqual(result.manifest.model, {
      modelName: 'm',
      serializedFile: 'model.pt',
      handler: 'model_handler:handle',
      modelVersion: '1.0',
    });
    assert.equal(result.handler.flavor, 'mms');
  } finally {
    cleanup();
  }
});

test('a Windows-style handler path works', async () => {
  const { dir, cleanup } = project({ 'src/model_handler.py': HANDLER });
  try {
    const result = await plan(dir, { handler: 'src\\model_handler.py:handle' });
    assert.equal(result.handler.manifestHandler, 'model_handler:handle');
    assert.ok(paths(result).includes('model_handler.py'));
  } finally {
    cleanup();
  }
});

test(
  'a directory in --extra-files keeps its structure below it ' + '(torch-model-archiver drops the directory name)',
  async () => {
    const { dir, cleanup } = project({
      'model_handler.py': HANDLER,
      'extra/a.txt': 'a',
      'extra/sub/b.txt': 'b',
      'assets/x.json': '1',
      'assets/y.json': '2',
      'assets/z.txt': '3',
    });
    try {
      const result = await plan(dir, { extraFiles: ['extra', 'assets/*.json'] });
      assert.deepEqual(paths(result), [
        'MAR-INF/MANIFEST.json',
        'a.txt',
        'model_handler.py',
        'sub/b.txt',
        'x.json',
        'y.json',
      ]);
    } finally {
      cleanup();
    }
  },
);

test('default exclusions and .mctlignore, each with its reason', async () => {
  const { dir, cleanup } = project({
    'model_handler.py': HANDLER,
    '.mctlignore': '# scratch\n*.ipynb\ndata/raw/\n!data/raw/keep.csv\n',
    'notebook.ipynb': '{}',
    'data/raw/big.csv': '1',
    'data/clean.csv': '2',
    '.git/config': '[core]',
    '__pycache__/model_handler.cpython-311.pyc': 'x',
    'helper.pyc': 'x',
    '.DS_Store': 'x',
    'old.mar': 'x',
    '.venv/bin/python': 'x',
    'myenv/pyvenv.cfg': 'home = /usr',
    '.hidden_file': 'kept',
    'mctl.yaml': 'name: m\n',
    'MAR-INF/MANIFEST.json': '{}',
  });
  try {
    const result = await plan(dir, { modelDir: '.' });
    assert.deepEqual(paths(result), ['MAR-INF/MANIFEST.json', '.hidden_file', 'data/clean.csv', 'model_handler.py']);
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
    assert.match(reasons['notebook.ipynb']!, /matches '\*\.ipynb' \(\.mctlignore:2\)/);
    assert.match(reasons['data/raw/']!, /matches 'data\/raw\/' \(\.mctlignore:3\)/);
    assert.equal(reasons['.git/'], 'version-control directory');
    assert.equal(reasons['__pycache__/'], 'Python bytecode cache');
    assert.equal(reasons['helper.pyc'], 'Python bytecode');
    assert.equal(reasons['.DS_Store'], 'OS metadata file');
    assert.equal(reasons['old.mar'], 'an earlier .mar archive');
    assert.match(reasons['.venv/']!, /hidden directory/);
    assert.equal(reasons['myenv/'], 'virtual environment');
    assert.match(reasons['mctl.yaml']!, /mctl's own project file/);
    assert.match(reasons['MAR-INF/']!, /written by mctl/);
  } finally {
    cleanup();
  }
});

test('mctl.yaml ignore: patterns apply too', async () => {
  const { dir, cleanup } = project({
    'model_handler.py': HANDLER,
    'mctl.yaml': 'name: m\nhandler: model_handler:handle\nmodel_dir: .\nignore: ["*.log"]\n',
    'run.log': 'x',
  });
  try {
    const result = await planArchive(resolveRequest({ cwd: dir, env: {} }));
    assert.deepEqual(result.skipped.find((s) => s.path === 'run.log')?.reason, "matches '*.log' (mctl.yaml ignore[0])");
  } finally {
    cleanup();
  }
});

test('two inputs mapping to one name are an error naming both; so are names differing only by case', async () => {
  const { dir, cleanup } = project({
    'model_handler.py': HANDLER,
    'a/config.json': '1',
    'b/config.json': '2',
    'c/Labels.txt': 'x',
    'd/labels.txt': 'y',
  });
  try {
    await assert.rejects(plan(dir, { extraFiles: ['a', 'b'] }), (error: unknown) => {
      assert.ok(error instanceof MctlError);
      assert.equal(error.code, 'NAME_COLLISION');
      assert.equal(error.exitCode, 3);
      assert.match(error.message, /'config\.json' from both a\/config\.json and b\/config\.json/);
      return true;
    });
    await assert.rejects(
      plan(dir, { extraFiles: ['c', 'd'] }),
      /'labels\.txt' from both c\/Labels\.txt and d\/labels\.txt/,
    );
  } finally {
    cleanup();
  }
});

test('the handler also reached through --model-dir is packed once', async () => {
  const { dir, cleanup } = project({ 'model/model_handler.py': HANDLER, 'model/w.bin': 'w' });
  try {
    const result = await plan(dir, { handler: 'model/model_handler.py:handle', modelDir: 'model' });
    assert.deepEqual(paths(result), ['MAR-INF/MANIFEST.json', 'model_handler.py', 'w.bin']);
  } finally {
    cleanup();
  }
});

test('secrets are collected with their reasons, unless allowed by name', async () => {
  const { dir, cleanup } = project({
    'model_handler.py': HANDLER,
    '.env': 'A=1',
    'keys/id_rsa': 'k',
    'config.py': 'TOKEN = "ghp_' + 'a'.repeat(36) + '"\n',
    '.env.example': 'A=',
  });
  try {
    const result = await plan(dir, { modelDir: '.' });
    assert.deepEqual(
      result.refused.map((r) => [r.path, r.reason]),
      [
        ['.env', 'dotenv file (environment secrets); to pack it anyway: --allow-secret .env'],
        [
          'config.py',
          'GitHub token (ghp_/gho_/ghu_/ghs_/ghr_ + 36 or more letters and digits) on line 1, column 10; ' +
            'to pack it anyway: --allow-secret config.py',
        ],
        ['keys/id_rsa', 'SSH private key; to pack it anyway: --allow-secret keys/id_rsa'],
      ],
    );
    const allowed = await plan(dir, { modelDir: '.', allowSecrets: ['.env', 'config.py', 'keys/id_rsa'] });
    assert.deepEqual(allowed.refused, []);
  } finally {
    cleanup();
  }
});

test('symlinks: inside the project dereferenced, outside refused, broken skipped; loops do not hang', async () => {
  const { dir, cleanup } = project({ 'model_handler.py': HANDLER, 'real/w.bin': 'w' });
  const outside = mkdtempSync(join(tmpdir(), 'mctl-outside-'));
  try {
    writeFileSync(join(outside, 'secret.txt'), 'x');
    mkdirSync(join(dir, 'links'));
    symlinkSync(join(dir, 'real/w.bin'), join(dir, 'links/w.bin'));
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'links/escape.txt'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'links/broken'));
    symlinkSync(dir, join(dir, 'links/loop'));
    const result = await plan(dir, { modelDir: '.' });
    assert.ok(paths(result).includes('links/w.bin'));
    assert.deepEqual(
      result.refused.map((r) => r.path),
      ['links/escape.txt'],
    );
    assert.match(result.refused[0]!.reason, /outside the project/);
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
    assert.equal(reasons['links/broken'], 'broken symlink');
    assert.match(reasons['links/loop/']!, /symlink loop/);
  } finally {
    cleanup();
    rmSync(outside, { recursive: true, force: true });
  }
});

test('FIFOs and sockets are skipped without being opened', async (t) => {
  const { dir, cleanup } = project({ 'model_handler.py': HANDLER });
  try {
    if (spawnSync('mkfifo', [join(dir, 'pipe')]).status !== 0) return t.skip('mkfifo is not available');
    const result = await plan(dir, { modelDir: '.' });
    assert.deepEqual(result.skipped, [{ path: 'pipe', reason: 'not a regular file (FIFO); never read' }]);
    assert.ok(readdirSync(dir).includes('pipe'));
  } finally {
    cleanup();
  }
});

test('a broken handler fails validation and plans no files', async () => {
  const { dir, cleanup } = project({ 'model_handler.py': 'def handle(data):\n    return data\n' });
  try {
    const result = await plan(dir);
    assert.equal(result.handler.failed, true);
    assert.deepEqual(result.files, []);
    assert.equal(result.handler.findings[0]!.ruleId, 'signature');
  } finally {
    cleanup();
  }
});

test('TorchServe built-in handlers are not copied and make the archive TorchServe-only', async () => {
  const { dir, cleanup } = project({ 'model.pt': 'w' });
  try {
    const result = await plan(dir, { handler: 'image_classifier', serializedFile: 'model.pt' });
    assert.equal(result.handler.manifestHandler, 'image_classifier');
    assert.deepEqual(result.handler.servers, ['torchserve']);
    assert.deepEqual(paths(result), ['MAR-INF/MANIFEST.json', 'model.pt']);
    assert.match(result.warnings.join(), /built-in handler/);
  } finally {
    cleanup();
  }
});

test('names and options are checked before any file is looked at', async () => {
  const { dir, cleanup } = project({ 'model_handler.py': HANDLER });
  try {
    assert.throws(
      () => resolveRequest({ cwd: dir, env: {}, modelName: 'my model', handler: 'model_handler' }),
      /may only contain/,
    );
    // Without --model-name or mctl.yaml name, the name is derived as init derives it, and said.
    const derived = resolveRequest({ cwd: dir, env: {}, handler: 'model_handler' });
    assert.equal(derived.modelName, basename(dir));
    assert.equal(derived.modelNameFrom, `derived from the directory ${basename(dir)}/`);
    assert.throws(() => resolveRequest({ cwd: dir, env: {}, modelName: 'm' }), /no handler/);
    await assert.rejects(plan(dir, { serializedFile: 'missing.pt' }), /--serialized-file 'missing\.pt': no such file/);
    await assert.rejects(plan(dir, { serializedFile: '.' }), /is a directory/);
  } finally {
    cleanup();
  }
});

test(
  'mctl.yaml supplies every value: name, version, handler, ' +
    'model_dir, extra_files, archive:, env_file as requirements',
  async () => {
    const { dir, cleanup } = project({
      'mctl.yaml':
        'name: scorer\nversion: "3.1"\nhandler: src/model_handler.py:handle\nmodel_dir: model\n' +
        'extra_files: [labels.json]\nenv_file: requirements.txt\n' +
        'archive:\n  serialized_file: model/w.pt\n  config_file: cfg.yaml\n  export_path: dist\n  format: zip-store\n',
      'src/model_handler.py': HANDLER,
      'model/w.pt': 'w',
      'labels.json': '[]',
      'requirements.txt': 'numpy\n',
      'cfg.yaml': 'minWorkers: 1\n',
    });
    try {
      const result = await planArchive(resolveRequest({ cwd: join(dir, 'src'), env: {} }));
      assert.equal(result.output, join(dir, 'dist/scorer.mar'));
      assert.equal(result.format, 'zip-store');
      assert.deepEqual(result.manifest.model, {
        modelName: 'scorer',
        serializedFile: 'w.pt',
        handler: 'model_handler:handle',
        modelVersion: '3.1',
        requirementsFile: 'requirements.txt',
        configFile: 'cfg.yaml',
      });
      assert.deepEqual(paths(result), [
        'MAR-INF/MANIFEST.json',
        'cfg.yaml',
        'labels.json',
        'model_handler.py',
        'requirements.txt',
        'w.pt',
      ]);
    } finally {
      cleanup();
    }
  },
);

test(
  'a native entry gets the shim with native_host.py, ' + 'and the package.json beside it (not one further up)',
  async () => {
    const entry = 'export async function run(input) {\n  return input;\n}\n';
    const { dir, cleanup } = project({
      'package.json': '{"type": "commonjs"}',
      'app/score.js': entry,
      'app/package.json': '{"type": "module"}',
      'other/score.mjs': entry,
    });
    try {
      const beside = await plan(dir, { handler: 'app/score.js', flavor: 'native' });
      assert.equal(beside.handler.manifestHandler, 'mctl_shim:handle');
      assert.deepEqual(paths(beside), [
        'MAR-INF/MANIFEST.json',
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
        'package.json',
        'score.js',
      ]);
      assert.equal(beside.files.find((f) => f.path === 'package.json')!.source, join(dir, 'app/package.json'));
      assert.equal(beside.files.find((f) => f.path === 'package.json')!.role, 'entry-package');
      const alone = await plan(dir, { handler: 'other/score.mjs', flavor: 'native' });
      assert.ok(!paths(alone).includes('package.json'));
      assert.ok(!paths(alone).some((p) => p.includes('standins') || p.includes('node_modules')));
    } finally {
      cleanup();
    }
  },
);

test(
  'a native entry importing packages the archive cannot provide gets a warning; ' +
    'type-only, built-in and relative imports do not',
  async () => {
    const entry = [
      "import * as ort from 'onnxruntime-node';",
      "import type { Tensor } from 'onnxruntime-common';",
      "import { type Shape } from 'shapes';",
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import { helper } from './helper.ts';",
      'export async function run(input: unknown) {\n  return input;\n}',
    ].join('\n');
    const { dir, cleanup } = project({
      'score.ts': entry,
      'helper.ts': 'export const helper = 1;\n',
      'clean.ts': "import type { A } from 'a';\nexport function run(input: unknown) {\n  return input;\n}\n",
    });
    try {
      const warned = await plan(dir, { handler: 'score.ts', flavor: 'native' });
      assert.equal(warned.warnings.length, 1);
      assert.match(
        warned.warnings[0]!,
        new RegExp(
          /^score\.ts imports 'onnxruntime-node', 'shapes', /.source +
            /which the archive cannot provide \(it carries no node_modules\)/.source,
        ),
      );
      assert.match(warned.warnings[0]!, /context\.ort/);
      assert.deepEqual((await plan(dir, { handler: 'clean.ts', flavor: 'native' })).warnings, []);
    } finally {
      cleanup();
    }
  },
);

test('a model name the file system cannot hold is refused by the plan, so --dry-run says so too', async () => {
  const { dir, cleanup } = project({ 'model_handler.py': HANDLER });
  try {
    await assert.rejects(plan(dir, { modelName: 'm'.repeat(300) }), (error: unknown) => {
      assert.ok(error instanceof MctlError && error.exitCode === 3, String(error));
      assert.match(error.message, /m{300}\.mar: cannot create: the file name is too long \(ENAMETOOLONG\): 304 bytes/);
      assert.match(error.hint ?? '', /--model-name/);
      return true;
    });
    assert.equal((await plan(dir, { modelName: 'm'.repeat(251) })).output.endsWith('.mar'), true);
  } finally {
    cleanup();
  }
});
