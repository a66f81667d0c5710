import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, mctl, mctlIn, tempDir } from '../helpers/cli.ts';

const DEEPDEV = join(FIXTURES, 'projects/deepdev');

test('exit 0 and a summary line for a clean script', async () => {
  const result = await mctlIn(['validate', 'ranker.py'], { cwd: DEEPDEV });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /✔ 1 file checked, 1 entry script: no problems/);
  assert.equal(result.stderr, '');
});

test('exit 1 with file:line:col, rule id and hint for errors', async () => {
  const dir = join(FIXTURES, 'invalid/missing-decorator/deepdev');
  const result = await mctlIn(['validate', 'ranker.py'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^ranker\.py {2}DeepDev \(detected: imports deepdev/m);
  assert.match(result.stdout, /4:1 {2}error {4}init\(\) is not decorated with @model_init {2}missing-decorator/);
  assert.match(result.stdout, /hint: add `from deepdev\.services\.deploy import model_init`/);
});

test('warnings pass unless --max-warnings is exceeded', async () => {
  const dir = join(FIXTURES, 'invalid/shadowed-module/json');
  assert.equal((await mctlIn(['validate', 'json.py'], { cwd: dir })).code, 0);
  assert.equal((await mctlIn(['validate', 'json.py', '--max-warnings', '1'], { cwd: dir })).code, 0);
  const over = await mctlIn(['validate', 'json.py', '--max-warnings', '0'], { cwd: dir });
  assert.equal(over.code, 1);
  assert.match(over.stdout, /more than --max-warnings 0/);
});

test('exit 2 for usage errors, with did-you-mean; one JSON document with --json', async () => {
  const badFlavor = await mctlIn(['validate', 'x.py', '--flavor', 'torchserve']);
  assert.equal(badFlavor.code, 2);
  assert.match(badFlavor.stderr, /Allowed choices are deepdev, cortex/);
  const badCount = await mctlIn(['validate', 'x.py', '--max-warnings', 'many']);
  assert.equal(badCount.code, 2);
  const typo = await mctlIn(['validate', '--fromat', 'json', '--json']);
  assert.equal(typo.code, 2);
  const doc = typo.json<{ ok: boolean; error: { code: string; hint: string } }>();
  assert.equal(doc.ok, false);
  assert.equal(doc.error.code, 'USAGE');
  assert.match(doc.error.hint, /--format/);
  assert.equal((await mctlIn(['validate', '--handler', 'my-handler:handle'])).code, 2);
  const { dir, cleanup } = tempDir();
  try {
    const nothing = await mctlIn(['validate'], { cwd: dir });
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /nothing to validate/);
  } finally {
    cleanup();
  }
});

test('exit 3 for a path that does not exist, with --json too', async () => {
  const result = await mctlIn(['validate', 'no/such/score.py', '--json']);
  assert.equal(result.code, 3);
  const doc = result.json<{ error: { code: string; message: string } }>();
  assert.equal(doc.error.code, 'PATH_NOT_FOUND');
  assert.match(doc.error.message, /no\/such\/score\.py/);
  const human = await mctlIn(['validate', 'no/such/score.py']);
  assert.equal(human.stdout, '');
  assert.match(human.stderr, /^error: no\/such\/score\.py: no such file or directory\nhint: /);
  assert.doesNotMatch(human.stderr, /at .*\.js:\d+/, 'no stack trace without --debug');
});

test('exit 3 for an invalid mctl.yaml, naming the line', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'mctl.yaml'), 'flavor: mms\nhandlr: model_handler:handle\n');
    const result = await mctlIn(['validate'], { cwd: dir });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /mctl\.yaml:2:1 handlr: unknown key 'handlr' \(did you mean 'handler'\?\)/);
  } finally {
    cleanup();
  }
});

test('--format json, sarif and github print to stdout; --json equals --format json', async () => {
  const dir = join(FIXTURES, 'invalid/signature/azureml-run-kwargs');
  const json = await mctlIn(['validate', 'score.py', '--format', 'json'], { cwd: dir });
  const viaFlag = await mctlIn(['validate', 'score.py', '--json'], { cwd: dir });
  assert.deepEqual(json.json(), viaFlag.json());
  const doc = json.json<{ ok: boolean; files: { findings: { ruleId: string; line: number }[] }[] }>();
  assert.equal(doc.ok, false);
  assert.equal(doc.files[0]!.findings[0]!.ruleId, 'signature');
  const sarif = await mctlIn(['validate', 'score.py', '--format', 'sarif'], { cwd: dir });
  assert.equal(sarif.code, 1);
  assert.equal(sarif.json<{ version: string }>().version, '2.1.0');
  const github = await mctlIn(['validate', 'score.py', '--format', 'github'], { cwd: dir });
  assert.equal(github.code, 1);
  assert.match(github.stdout, /^::error file=score\.py,line=5,col=19,title=mctl signature::run\(\) has \*\*kwargs/m);
  assert.match(github.stderr, /✖ 1 problem/);
});

test('directories: entry scripts are found, vendored and virtualenv code skipped', async () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/model_handler.py'), 'def handle(data, context):\n    return data\n');
    writeFileSync(join(dir, 'src/utils.py'), 'def helper():\n    return 1\n');
    for (const skipped of ['node_modules/pkg', '.venv/lib', 'venv', '.git']) {
      mkdirSync(join(dir, skipped), { recursive: true });
      writeFileSync(join(dir, skipped, 'bad.py'), 'print "python 2"\n');
    }
    mkdirSync(join(dir, 'myenv'));
    writeFileSync(join(dir, 'myenv/pyvenv.cfg'), 'home = /usr/bin\n');
    writeFileSync(join(dir, 'myenv/bad.py'), 'print "python 2"\n');
    const result = await mctlIn(['validate', '.', '--format', 'json'], { cwd: dir });
    assert.equal(result.code, 0, result.stdout);
    const doc = result.json<{ files: { file: string; role: string; flavor: string }[] }>();
    assert.deepEqual(
      doc.files.map((f) => [f.file, f.role, f.flavor]),
      [
        ['src/model_handler.py', 'entry', 'mms'],
        ['src/utils.py', 'module', null],
      ],
    );
  } finally {
    cleanup();
  }
});

test('a syntax error in a helper module next to the entry is reported', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'model_handler.py'), 'def handle(data, context):\n    return data\n');
    writeFileSync(join(dir, 'helpers.py'), 'def f(:\n    pass\n');
    const result = await mctlIn(['validate', '.'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /helpers\.py {2}\(module\)\n {2}1:\d+ +error +invalid syntax/);
  } finally {
    cleanup();
  }
});

test('validate never imports or runs the script: no side effects, no __pycache__, no delay', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(
      join(dir, 'score.py'),
      [
        'import os, sys, time',
        'open(os.path.join(os.path.dirname(__file__), "SIDE_EFFECT"), "w").write("ran")',
        'time.sleep(30)',
        'sys.exit(3)',
        '',
        'def init():',
        '    pass',
        '',
        'def run(raw_data):',
        '    return raw_data',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'score.ts'),
      'import { writeFileSync } from "node:fs";\nwriteFileSync("SIDE_EFFECT_TS", "ran");\nprocess.exit(4);\n' +
        'export function init() {}\nexport function run(x) { return x; }\n',
    );
    const started = Date.now();
    const result = mctl(['validate', 'score.py', 'score.ts'], { cwd: dir, timeout: 20_000 });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(Date.now() - started < 10_000, "did not wait for the script's sleep");
    assert.deepEqual(readdirSync(dir).sort(), ['score.py', 'score.ts']);
    assert.equal(existsSync(join(dir, '__pycache__')), false);
  } finally {
    cleanup();
  }
});

test('suppressions and mctl.yaml rules settings silence findings', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(
      join(dir, 'json.py'),
      '# mctl: disable=shadowed-module\ndef init():\n    pass\n\ndef run(raw_data):\n    return raw_data\n',
    );
    assert.match((await mctlIn(['validate', 'json.py'], { cwd: dir })).stdout, /no problems/);
    writeFileSync(
      join(dir, 'ranker.py'),
      'from deepdev.services.deploy import model_init\n\n' +
        '@model_init\ndef init(model_dir):\n    global model\n    model = model_dir\n\n' +
        'def run(raw_input):\n    return raw_input\n',
    );
    assert.match((await mctlIn(['validate', 'ranker.py'], { cwd: dir })).stdout, /1 note/);
    writeFileSync(join(dir, 'mctl.yaml'), 'rules:\n  main-block: "off"\n  shadowed-module: error\n');
    assert.match((await mctlIn(['validate', 'ranker.py'], { cwd: dir })).stdout, /no problems$/m);
  } finally {
    cleanup();
  }
});

test('--python-version decides version-dependent syntax; bad versions are usage errors', async () => {
  const dir = join(FIXTURES, 'invalid/python-version/match-statement');
  assert.equal((await mctlIn(['validate'], { cwd: dir })).code, 1);
  assert.equal((await mctlIn(['validate', 'model_handler.py', '--python-version', '3.10'], { cwd: dir })).code, 0);
  const bad = await mctlIn(['validate', 'model_handler.py', '--python-version', '2.7'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /give a version from 3\.7 to 3\.14/);
});

test('NO_COLOR and a pipe mean no escape codes; FORCE_COLOR turns them on', async () => {
  const dir = join(FIXTURES, 'invalid/missing-decorator/deepdev');
  assert.doesNotMatch((await mctlIn(['validate', 'ranker.py'], { cwd: dir })).stdout, /\u001b\[/);
  assert.match(
    (await mctlIn(['validate', 'ranker.py'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout,
    /\u001b\[/,
  );
});

test('--handler module:function looks the function up for any flavor', async () => {
  const dir = join(FIXTURES, 'projects/azureml');
  assert.equal((await mctlIn(['validate', '--handler', 'score:run', '--flavor', 'azureml'], { cwd: dir })).code, 0);
  const missing = await mctlIn(['validate', '--handler', 'score:predict', '--flavor', 'azureml', '--json'], {
    cwd: dir,
  });
  assert.equal(missing.code, 1);
  assert.ok(JSON.stringify(missing.json()).includes('handler-not-found'));
});
