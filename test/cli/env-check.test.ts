import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { buildCli } from '../../src/cli.ts';
import { loadYaml } from '../../src/util/yaml.ts';
import { FIXTURES, mctlIn, tempDir } from '../helpers/cli.ts';
import { buildWheels } from '../helpers/env.ts';

interface Doc {
  ok: boolean;
  flavor: { id: string } | null;
  pythonVersion: string;
  findings: { ruleId: string; severity: string; file: string; line: number; col: number; message: string }[];
  imports: { module: string; kind: string; file: string }[];
  built: { form: string; written: boolean; files: { file: string; content: string }[] } | null;
  local: {
    python: string;
    source: string;
    packages: { name: string; status: string; installed: string | null }[];
  } | null;
  resolve: {
    tools: { tool: string; status: string; reason?: string; installs?: { name: string; version: string }[] }[];
  } | null;
  error?: { code: string; message: string };
}

const DEEPDEV = join(FIXTURES, 'env/deepdev-conda');
const MMS = join(FIXTURES, 'env/mms-requirements');

async function withProject(
  files: Record<string, string | Uint8Array>,
  fn: (dir: string) => void | Promise<void>,
  fixture?: string,
): Promise<void> {
  const { dir, cleanup } = tempDir(fixture);
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    await fn(dir);
  } finally {
    cleanup();
  }
}

test('a clean DeepDev project: exit 0; imports of the entry and its local module classified', async () => {
  const result = await mctlIn(['env', 'check'], { cwd: DEEPDEV });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    new RegExp(
      /^features\.py\n {2}5:5 {2}warning {2}'orjson' is imported, /.source +
        /but no declared distribution provides it \(inside try\/except ImportError/.source,
      'm',
    ),
  );
  assert.match(result.stdout, /⚠ 1 problem \(0 errors, 1 warning\) in conda\.yml for DeepDev, Python 3\.11\n$/);
  const doc = (await mctlIn(['env', 'check', '--json'], { cwd: DEEPDEV })).json<Doc>();
  assert.equal(doc.ok, true);
  assert.equal(doc.flavor?.id, 'deepdev');
  const kinds = Object.fromEntries(doc.imports.map((i) => [i.module, i.kind]));
  assert.deepEqual(kinds, {
    argparse: 'stdlib',
    json: 'stdlib',
    os: 'stdlib',
    numpy: 'declared',
    yaml: 'declared',
    'deepdev.services.deploy': 'declared',
    features: 'local',
    'sklearn.feature_extraction.text': 'declared',
    orjson: 'undeclared',
  });
});

test(
  'a TorchServe project: undeclared import is an error at its line; ' +
    'http index and unpinned warn; comments silence',
  async () => {
    const result = await mctlIn(['env', 'check'], { cwd: MMS });
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      new RegExp(
        /^model_handler\.py\n {2}5:1 {2}error {4}/.source +
          /'cv2' is imported, but no declared distribution provides it {2}env-undeclared-import\n/.source,
        'm',
      ),
    );
    assert.match(result.stdout, /hint: add opencv-python==<version> to requirements\.txt/);
    const doc = (await mctlIn(['env', 'check', '--json'], { cwd: MMS })).json<Doc>();
    assert.deepEqual(
      doc.findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.ruleId}`),
      [
        'base.txt:1:1 env-unused-package',
        'model_handler.py:5:1 env-undeclared-import',
        'requirements.txt:3:1 env-insecure-index',
        'requirements.txt:5:1 env-unpinned',
      ],
    );
    assert.equal(doc.pythonVersion, '3.10');
    assert.ok(doc.imports.some((i) => i.module === '.lib' && i.kind === 'local'));
  },
);

test('hostile spec files are findings (exit 1) with one JSON document, never a crash', async () => {
  const cases: [string, string | Uint8Array, string][] = [
    [
      'utf16.yml',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x\ndependencies: []\n', 'utf16le')]),
      'env-file-encoding',
    ],
    [
      'page.yml',
      '<!DOCTYPE html>\n<html><head><title>environment.yml · GitHub</title></head></html>\n',
      'env-file-html',
    ],
    ['tabs.yml', 'name: x\ndependencies:\n\t- numpy=1.26\n', 'env-yaml-invalid'],
    ['dup.yml', 'name: x\ndependencies: []\ndependencies: []\n', 'env-yaml-duplicate-key'],
    ['list.yml', '- numpy\n', 'env-not-mapping'],
    ['tag.yml', 'name: !!js/function "function(){}"\n', 'env-yaml-invalid'],
    ['nul.yml', Buffer.from('name: x\0\n'), 'env-file-encoding'],
    [
      'bomb.yml',
      [
        'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
        'dependencies: *a9',
        '',
      ].join('\n'),
      'env-yaml-invalid',
    ],
  ];
  await withProject(Object.fromEntries(cases.map(([name, content]) => [name, content])), async (dir) => {
    for (const [name, , rule] of cases) {
      const result = await mctlIn(['env', 'check', '--env', name, '--json'], { cwd: dir });
      assert.equal(result.code, 1, `${name}: ${result.stderr}`);
      const doc = result.json<Doc>();
      assert.deepEqual(
        doc.findings.map((f) => f.ruleId),
        [rule],
        name,
      );
      assert.equal(result.stderr, '');
    }
  });
});

test('exit 3 for spec or entry files that are missing or unreadable, and for mctl.yaml errors in env:', async () => {
  await withProject({ 'dir.yml/x': '' }, async (dir) => {
    const cases: [string[], string][] = [
      [['--env', 'nope.yml'], 'PATH_NOT_FOUND'],
      [['--env', 'dir.yml'], 'INPUT_NOT_REGULAR'],
      [['--requirements', 'r.txt', '--config', 'none.yaml'], 'PATH_NOT_FOUND'],
    ];
    for (const [args, code] of cases) {
      const result = await mctlIn(['env', 'check', ...args, '--json'], { cwd: dir });
      assert.equal(result.code, 3, `${args.join(' ')}: ${result.stdout}`);
      assert.equal(result.json<Doc>().error?.code, code);
    }
  });
  await withProject({ 'mctl.yaml': 'flavor: mms\nenv:\n  rules:\n    env-unpined: "off"\n' }, async (dir) => {
    const config = await mctlIn(['env', 'check', '--env', 'x.yml'], { cwd: dir });
    assert.equal(config.code, 3);
    assert.match(
      config.stderr,
      /mctl\.yaml:4:5 env\.rules\.env-unpined: unknown rule 'env-unpined' \(did you mean 'env-unpinned'\?\)/,
    );
  });
  await withProject(
    { 'score.txt': 'run\n', 'score.ts': 'export function run() {}\n', 'requirements.txt': '' },
    async (dir) => {
      const txt = await mctlIn(['env', 'check', '--entry', 'score.txt', '--json'], { cwd: dir });
      assert.equal(txt.code, 3);
      assert.equal(txt.json<Doc>().error?.code, 'ENTRY_UNSUPPORTED');
      // A flag that contradicts the file is a usage error, as in validate and run.
      const mismatch = await mctlIn(['env', 'check', '--entry', 'score.ts', '--flavor', 'mms', '--json'], { cwd: dir });
      assert.equal(mismatch.code, 2);
      assert.equal(mismatch.json<Doc>().error?.code, 'FLAVOR_MISMATCH');
      assert.equal(
        (await mctlIn(['env', 'check', '--entry', 'gone.py', '--json'], { cwd: dir })).json<Doc>().error?.code,
        'ENTRY_NOT_FOUND',
      );
    },
  );
  await withProject({ 'score.py': 'import json\n' }, async (dir) => {
    const none = await mctlIn(['env', 'check', '--entry', 'score.py'], { cwd: dir });
    assert.equal(none.code, 3);
    assert.match(none.stderr, /no environment spec found \(looked for environment\.yml, .*requirements\.txt in \.\)/);
  });
});

test('exit 2 for bad option values', async () => {
  assert.equal((await mctlIn(['env'])).code, 2);
  assert.equal((await mctlIn(['env', 'check', '--form', 'zip'])).code, 2);
  assert.equal((await mctlIn(['env', 'check', '--timeout', '0'])).code, 2);
  assert.equal((await mctlIn(['env', 'check', '--python-version', '2.7', '--requirements', 'x'])).code, 2);
});

test('--timeout takes the seconds `run --timeout` takes, with the same parser; 1e9 is clamped, not refused', async () => {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/' };
  const option = (command: string) =>
    buildCli({ io, onOutcome: () => undefined, onUsageError: () => undefined })
      .commands.flatMap((c) => [c, ...c.commands])
      .find((c) => c.name() === command)!
      .options.find((o) => o.long === '--timeout')!;
  assert.equal(option('check').parseArg, option('run').parseArg);
  for (const value of ['1e9', '1e2', '0.5', '1000000000', '0', '-1', 'abc', '1e400']) {
    const env = await mctlIn(['env', 'check', '--timeout', value, '--requirements', 'missing.txt']);
    const run = await mctlIn(['run', '--timeout', value, '--model', 'missing.onnx']);
    assert.equal(env.code === 2, run.code === 2, `${value}: env check ${env.code}, run ${run.code}`);
  }
  await withProject({ 'requirements.txt': 'numpy==1.26.4\n' }, async (dir) => {
    const result = await mctlIn(['env', 'check', '--local', '--timeout', '1e9', '--json'], { cwd: dir });
    assert.notEqual(result.code, 2, result.stderr);
    assert.doesNotMatch(result.stdout, /timed out/);
  });
});

test('--form conda prints the normalised spec on stdout (same bytes every run) and the report on stderr', async () => {
  const first = await mctlIn(['env', 'check', '--form', 'conda'], { cwd: MMS });
  assert.equal(first.code, 1, 'cv2 is undeclared');
  assert.equal(first.stdout, '', 'a failing spec is not emitted');
  await withProject(
    {
      'requirements.txt': '-r base.txt\n--index-url https://pypi.example/simple\ntorch==2.1.0\n',
      'base.txt': 'numpy==1.26.4\n',
      'score.py': 'import torch, numpy\ndef init(): pass\ndef run(raw): return raw\n',
    },
    async (dir) => {
      const a = await mctlIn(['env', 'check', '--form', 'conda', '--entry', 'score.py', '--python-version', '3.10'], {
        cwd: dir,
      });
      const b = await mctlIn(['env', 'check', '--form', 'conda', '--entry', 'score.py', '--python-version', '3.10'], {
        cwd: dir,
      });
      assert.equal(a.code, 0, a.stderr);
      assert.equal(a.stdout, b.stdout);
      assert.match(a.stderr, /✔ requirements\.txt for Azure ML, Python 3\.10: no problems/);
      const spec = loadYaml(a.stdout, 'out.yml').value as { name: string; dependencies: unknown[] };
      assert.deepEqual(spec.dependencies, [
        'python=3.10',
        'pip',
        { pip: ['--index-url https://pypi.example/simple', 'numpy==1.26.4', 'torch==2.1.0'] },
      ]);
    },
  );
});

test(
  '--form docker -o writes Dockerfile and .dockerignore atomically; ' + 'exit 5 without --force; --force replaces',
  async () => {
    const { dir, cleanup } = tempDir('env/deepdev-conda');
    try {
      const first = await mctlIn(['env', 'check', '--form', 'docker', '--gpu', '-o', 'Dockerfile', '--json'], {
        cwd: dir,
      });
      assert.equal(first.code, 0, first.stdout);
      const doc = first.json<Doc>();
      assert.equal(doc.built?.written, true);
      const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      assert.equal(dockerfile, doc.built!.files[0]!.content);
      const parsed = DockerfileParser.parse(dockerfile);
      assert.deepEqual(
        parsed.getFROMs().map((f) => [f.getImageName(), f.getImageTag()]),
        [
          ['mambaorg/micromamba', '1.5.10'],
          ['nvidia/cuda', '12.4.1-cudnn-runtime-ubuntu22.04'],
        ],
      );
      const users = parsed.getInstructions().filter((i) => i.getKeyword() === 'USER');
      assert.equal(users[users.length - 1]!.getArgumentsContent(), 'app');
      assert.match(readFileSync(join(dir, '.dockerignore'), 'utf8'), /^\.git$/m);
      assert.ok(doc.findings.some((f) => f.ruleId === 'env-gpu-cuda'));

      writeFileSync(join(dir, '.dockerignore'), 'mine\n');
      const again = await mctlIn(['env', 'check', '--form', 'docker', '-o', 'Dockerfile', '--json'], { cwd: dir });
      assert.equal(again.code, 5);
      assert.equal(again.json<Doc>().error?.code, 'OUTPUT_EXISTS');
      assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), dockerfile, 'untouched');
      assert.equal(readFileSync(join(dir, '.dockerignore'), 'utf8'), 'mine\n', 'untouched');

      const forced = await mctlIn(['env', 'check', '--form', 'docker', '-o', 'Dockerfile', '--force'], { cwd: dir });
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(
        readFileSync(join(dir, 'Dockerfile'), 'utf8'),
        /^FROM mambaorg\/micromamba:1\.5\.10-bookworm-slim$/m,
      );
      assert.match(forced.stdout, /built {4}Dockerfile and \.dockerignore written/);
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.endsWith('.tmp')),
        [],
      );
    } finally {
      cleanup();
    }
  },
);

test(
  'a Dockerfile outside the context gets Dockerfile.dockerignore beside it; ' +
    'unwritable or failing outputs leave nothing',
  async () => {
    const { dir, cleanup } = tempDir('env/deepdev-conda');
    try {
      mkdirSync(join(dir, 'build'));
      const result = await mctlIn(['env', 'check', '--form', 'docker', '-o', 'build/Dockerfile'], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.ok(existsSync(join(dir, 'build/Dockerfile.dockerignore')));
      assert.match(readFileSync(join(dir, 'build/Dockerfile'), 'utf8'), /docker build -f build\/Dockerfile \./);

      const missingDir = await mctlIn(['env', 'check', '--form', 'conda', '-o', 'no/such/dir/env.yml', '--json'], {
        cwd: dir,
      });
      assert.equal(missingDir.code, 3);
      assert.equal(missingDir.json<Doc>().error?.code, 'PATH_UNWRITABLE');
      const underFile = await mctlIn(['env', 'check', '--form', 'conda', '-o', 'conda.yml/env.yml'], { cwd: dir });
      assert.equal(underFile.code, 3);
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.endsWith('.tmp')),
        [],
      );
    } finally {
      cleanup();
    }
    const broken = tempDir('env/mms-requirements');
    try {
      const result = await mctlIn(['env', 'check', '--form', 'conda', '-o', 'environment.yml', '--json'], {
        cwd: broken.dir,
      });
      assert.equal(result.code, 1);
      assert.equal(result.json<Doc>().built?.written, false);
      assert.ok(!existsSync(join(broken.dir, 'environment.yml')), 'not written while there are errors');
    } finally {
      broken.cleanup();
    }
  },
);

const venvWorks = spawnSync('python3', ['-c', 'import venv, ensurepip'], { encoding: 'utf8' }).status === 0;

test(
  '--local compares with the interpreter run uses (MCTL_PYTHON, --python): missing, mismatched, satisfied',
  { skip: venvWorks ? false : 'python3 has no venv module' },
  async () => {
    await withProject(
      {
        'score.py': 'import demo_pkg\nimport demo_dep\ndef init(): pass\ndef run(raw): return raw\n',
        'requirements.txt': 'demo-pkg==1.0\ndemo-dep==0.9\nabsent-pkg==1.0\nwinonly==1.0 ; sys_platform == "win32"\n',
      },
      async (dir) => {
        buildWheels(join(dir, 'wheels'), [
          { name: 'demo-pkg', version: '1.0', requires: ['demo-dep>=0.5'] },
          { name: 'demo-dep', version: '0.7' },
        ]);
        assert.equal(spawnSync('python3', ['-m', 'venv', '--without-pip', join(dir, 'venv')]).status, 0);
        const install = spawnSync(
          'python3',
          [
            '-m',
            'pip',
            '--python',
            join(dir, 'venv/bin/python'),
            'install',
            '--quiet',
            '--no-index',
            '--find-links',
            join(dir, 'wheels'),
            'demo-pkg==1.0',
          ],
          { encoding: 'utf8' },
        );
        assert.equal(install.status, 0, install.stderr);
        const viaEnv = await mctlIn(['env', 'check', '--entry', 'score.py', '--local', '--json'], {
          cwd: dir,
          env: { MCTL_PYTHON: join(dir, 'venv/bin/python') },
        });
        assert.equal(viaEnv.code, 1);
        const doc = viaEnv.json<Doc>();
        assert.equal(doc.local?.source, 'MCTL_PYTHON');
        assert.deepEqual(
          doc.local?.packages.map((p) => [p.name, p.status, p.installed]),
          [
            ['demo-pkg', 'ok', '1.0'],
            ['demo-dep', 'mismatch', '0.7'],
            ['absent-pkg', 'missing', null],
            ['winonly', 'not-applicable', null],
          ],
        );
        assert.deepEqual(
          doc.findings.filter((f) => f.ruleId.startsWith('env-local')).map((f) => [f.ruleId, f.line]),
          [
            ['env-local-version', 2],
            ['env-local-missing', 3],
          ],
        );
        const viaFlag = await mctlIn(
          ['env', 'check', '--entry', 'score.py', '--local', '--python', 'venv/bin/python', '--python-version', '3.9'],
          { cwd: dir },
        );
        assert.match(
          viaFlag.stdout,
          /local {4}Python 3\.\d+\.\d+ at .*venv\/bin\/python \(flag\): 1 ok, 1 mismatch, 1 missing, 1 not-applicable/,
        );
        assert.match(
          viaFlag.stdout,
          /the local interpreter is Python 3\.\d+\.\d+ .*, the target is Python 3\.9 {2}env-local-python/,
        );
        const bad = await mctlIn(
          ['env', 'check', '--entry', 'score.py', '--local', '--python', 'nope/python', '--json'],
          { cwd: dir },
        );
        assert.equal(bad.code, 7);
      },
    );
  },
);

const debianYaml = spawnSync('/usr/bin/python3', ['-c', 'import importlib.metadata as m; print(m.version("PyYAML"))'], {
  encoding: 'utf8',
});

test(
  '--local reads Debian-packaged distributions through importlib.metadata',
  { skip: debianYaml.status === 0 ? false : 'no Debian python3 with python3-yaml here' },
  async () => {
    const version = debianYaml.stdout.trim();
    await withProject({ 'requirements.txt': `pyyaml==${version}\npyyaml-extra==1.0\n` }, async (dir) => {
      const doc = (
        await mctlIn(['env', 'check', '--local', '--python', '/usr/bin/python3', '--json'], { cwd: dir })
      ).json<Doc>();
      assert.deepEqual(
        doc.local?.packages.map((p) => [p.name, p.status]),
        [
          ['pyyaml', 'ok'],
          ['pyyaml-extra', 'missing'],
        ],
      );
    });
  },
);

test(
  '--resolve runs pip --dry-run against a local wheel directory; ' + 'absent tools are skipped with the reason',
  async () => {
    await withProject(
      {
        'requirements.txt': '--no-index\n--find-links wheels\ndemo-pkg==1.0\n',
        'bad.txt': '--no-index\n--find-links wheels\ndemo-pkg==2.0\n',
        'environment.yml': 'dependencies:\n  - python=3.11\n  - pip\n  - pip:\n      - -r requirements.txt\n',
      },
      async (dir) => {
        buildWheels(join(dir, 'wheels'), [
          { name: 'demo-pkg', version: '1.0', requires: ['demo-dep>=0.5'] },
          { name: 'demo-dep', version: '0.7' },
        ]);
        const env = {
          PATH: `${join(process.execPath, '..')}:/usr/bin:/bin:${join(process.env.HOME ?? '/root', '.pyenv/shims')}`,
        };
        const ok = await mctlIn(['env', 'check', '--resolve', '--requirements', 'requirements.txt', '--json'], {
          cwd: dir,
          env,
        });
        const tools = ok.json<Doc>().resolve!.tools;
        const pip = tools.find((t) => t.tool === 'pip')!;
        assert.equal(pip.status, 'ok', JSON.stringify(pip));
        assert.deepEqual(pip.installs, [
          { name: 'demo-dep', version: '0.7' },
          { name: 'demo-pkg', version: '1.0' },
        ]);
        assert.equal(ok.code, 0);

        const bad = await mctlIn(['env', 'check', '--resolve', '--requirements', 'bad.txt', '--json'], {
          cwd: dir,
          env,
        });
        assert.equal(bad.code, 1);
        const failed = bad.json<Doc>();
        assert.equal(failed.resolve!.tools.find((t) => t.tool === 'pip')!.status, 'failed');
        assert.match(
          failed.findings.find((f) => f.ruleId === 'env-resolve-failed')!.message,
          /pip cannot install the spec: .*demo-pkg==2\.0/,
        );

        const conda = (
          await mctlIn(['env', 'check', '--resolve', '--env', 'environment.yml', '--json'], { cwd: dir, env })
        ).json<Doc>();
        const condaTool = conda.resolve!.tools.find(
          (t) => t.tool === 'conda' || t.tool === 'mamba' || t.tool === 'micromamba',
        )!;
        if (condaTool.tool === 'conda' && condaTool.status === 'skipped')
          assert.match(condaTool.reason!, /none of conda, mamba or micromamba is on PATH/);
        assert.equal(
          conda.resolve!.tools.find((t) => t.tool === 'pip')!.status,
          'ok',
          'the pip block, with its -r include',
        );
        const docker = conda.resolve!.tools.find((t) => t.tool === 'docker')!;
        assert.ok(docker.status === 'skipped' && docker.reason, JSON.stringify(docker));
      },
    );
  },
);

test(
  'env.rules in mctl.yaml turn rules off or change their severity; ' + '--max-warnings fails on too many warnings',
  async () => {
    await withProject(
      {
        'mctl.yaml':
          'flavor: mms\nhandler: h.py\n' +
          'env:\n  rules:\n    env-unpinned: error\n    env-unused-package: "off"\n  provided: [vendor_sdk]\n',
        'h.py': 'import vendor_sdk\nimport numpy\n',
        'requirements.txt': 'numpy\nflask==3.0.3\n',
      },
      async (dir) => {
        const doc = (await mctlIn(['env', 'check', '--json'], { cwd: dir })).json<Doc>();
        assert.deepEqual(
          doc.findings.map((f) => [f.ruleId, f.severity]),
          [['env-unpinned', 'error']],
        );
        assert.equal(doc.imports.find((i) => i.module === 'vendor_sdk')?.kind, 'platform');
      },
    );
    await withProject({ 'h.py': 'import numpy\n', 'requirements.txt': 'numpy\n' }, async (dir) => {
      assert.equal((await mctlIn(['env', 'check', '--entry', 'h.py'], { cwd: dir })).code, 0);
      const over = await mctlIn(['env', 'check', '--entry', 'h.py', '--max-warnings', '0'], { cwd: dir });
      assert.equal(over.code, 1);
      assert.match(over.stdout, /more than --max-warnings 0/);
    });
  },
);

test('-o --force never replaces what the check read: the spec, the entry, a local module (exit 3, untouched)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const files = {
      'score.py': 'import helper\nimport numpy\n\n\ndef init():\n    pass\n\n\ndef run(raw):\n    return raw\n',
      'helper.py': 'X = 1\n',
      'requirements.txt': 'numpy==1.26.4\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    for (const output of ['requirements.txt', 'score.py', 'helper.py']) {
      const args = ['env', 'check', '--entry', 'score.py', '--form', 'conda', '-o', output, '--force', '--json'];
      const result = await mctlIn(args, { cwd: dir });
      assert.equal(result.code, 3, `${output}: ${result.stdout}${result.stderr}`);
      assert.equal(result.json<{ error: { code: string } }>().error.code, 'OUTPUT_OVERLAPS_INPUT');
    }
    for (const [name, text] of Object.entries(files)) assert.equal(readFileSync(join(dir, name), 'utf8'), text, name);
    const fresh = await mctlIn(['env', 'check', '--entry', 'score.py', '--form', 'conda', '-o', 'env.yml'], {
      cwd: dir,
    });
    assert.equal(fresh.code, 0, fresh.stdout + fresh.stderr);
    assert.ok(existsSync(join(dir, 'env.yml')));
  } finally {
    cleanup();
  }
});
