/** mctl run when user code misbehaves: timeouts, exits, signals, floods, bad results, bad inputs. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, mctl, mctlIn, tempDir } from '../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON, pythonHas, waitGone } from '../helpers/run.ts';

const env = { MCTL_PYTHON: PYTHON };

/** An Azure ML score.py whose behaviour is picked by the MODE environment variable. */
const SCORE = `
import json, os, subprocess, sys, time
MODE = os.environ.get("MODE", "")
open("imported", "w").close()
def spawn_and_hang():
    child = subprocess.Popen(["sleep", "300"])
    detached = subprocess.Popen(["sleep", "300"], start_new_session=True)
    with open("pids", "w") as f:
        f.write("%d %d %d" % (os.getpid(), child.pid, detached.pid))
    time.sleep(300)
def init():
    print("init says hi")
    if MODE == "exit-init": sys.exit(3)
    if MODE == "os-exit-init": os._exit(5)
    if MODE == "hang-init": spawn_and_hang()
    if MODE == "os-exit-orphan":
        child = subprocess.Popen(["sleep", "300"])
        with open("pids", "w") as f:
            f.write("%d %d" % (os.getpid(), child.pid))
        os._exit(4)
def run(raw):
    print("a print to stdout", raw)
    if MODE == "exit-run": sys.exit(0)
    if MODE == "hang-run": spawn_and_hang()
    if MODE == "flood":
        for i in range(200000): print("flood line %d" % i)
    if MODE == "set": return {"scores": [{1, 2}]}
    if MODE == "numpy":
        import numpy as np
        return {"scores": np.arange(3) / 2, "n": np.int64(4)}
    if MODE == "raise": raise ValueError("bad row")
    if MODE == "detach":
        child = subprocess.Popen(["sleep", "300"], start_new_session=True)
        with open("pids", "w") as f:
            f.write("%d" % child.pid)
    if MODE == "env": return {"names": sorted(os.environ)}
    return {"echo": json.loads(raw)}
`;

function project(): {
  dir: string;
  cleanup: () => void;
  run: (mode: string, args?: string[]) => ReturnType<typeof mctlIn>;
} {
  const t = tempDir();
  writeFileSync(join(t.dir, 'score.py'), SCORE);
  writeFileSync(join(t.dir, 'in.json'), '{"a": 1}');
  return {
    ...t,
    run: (mode, args = []) =>
      mctlIn(['run', '--entry', 'score.py', '--flavor', 'azureml', '--input', 'in.json', ...args], {
        cwd: t.dir,
        env: { ...env, MODE: mode },
      }),
  };
}

const pids = (dir: string) => readFileSync(join(dir, 'pids'), 'utf8').split(' ').map(Number);

test('prints to stdout are logs on stderr and never corrupt the result', { skip: SKIP_NO_PYTHON }, async () => {
  const p = project();
  try {
    const result = await p.run('', ['--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.json<{ results: { output: unknown }[] }>().results[0]!.output, { echo: { a: 1 } });
    assert.match(result.stderr, /│ init says hi\n│ a print to stdout \{"a": 1\}/);
  } finally {
    p.cleanup();
  }
});

test('per-call timeout: exit 124, the child and its grandchildren are killed', { skip: SKIP_NO_PYTHON }, async () => {
  const p = project();
  try {
    const result = await p.run('hang-run', ['--timeout', '1']);
    assert.equal(result.code, 124, result.stderr);
    assert.match(
      result.stderr,
      /call 1 \(in\.json\) did not finish within 1 s; the python process and everything it started were killed/,
    );
    assert.match(result.stderr, /hint: raise --timeout/);
    assert.deepEqual(await waitGone(pids(p.dir)), []);
  } finally {
    p.cleanup();
  }
});

test('init timeout: exit 124 naming --init-timeout, grandchildren killed', { skip: SKIP_NO_PYTHON }, async () => {
  const p = project();
  try {
    const result = await p.run('hang-init', ['--init-timeout', '1.5', '--json']);
    assert.equal(result.code, 124);
    const doc = result.json<{ error: { code: string; hint: string; details: { phase: string } } }>();
    assert.equal(doc.error.code, 'TIMEOUT');
    assert.match(doc.error.hint, /--init-timeout/);
    assert.deepEqual(await waitGone(pids(p.dir)), []);
  } finally {
    p.cleanup();
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} while the script runs: exit 130, the process tree is killed`, { skip: SKIP_NO_PYTHON }, async () => {
    const p = project();
    try {
      const child = spawn(
        process.execPath,
        [BIN, 'run', '--entry', 'score.py', '--flavor', 'azureml', '--input', 'in.json'],
        {
          cwd: p.dir,
          env: { ...process.env, ...env, MODE: 'hang-init', NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += String(d);
      });
      const deadline = Date.now() + 10_000;
      while (!existsSync(join(p.dir, 'pids')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(existsSync(join(p.dir, 'pids')), stderr);
      await new Promise((r) => setTimeout(r, 100));
      const code = await new Promise<number | null>((resolve) => {
        child.once('exit', (c) => resolve(c));
        child.kill(signal);
      });
      assert.equal(code, 130);
      assert.match(stderr, new RegExp(`interrupted \\(${signal}\\)`));
      assert.deepEqual(await waitGone(pids(p.dir)), []);
    } finally {
      p.cleanup();
    }
  });
}

test(
  'kill -9 of mctl itself: the harness notices and takes its process group down',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const p = project();
    try {
      const child = spawn(
        process.execPath,
        [BIN, 'run', '--entry', 'score.py', '--flavor', 'azureml', '--input', 'in.json'],
        { cwd: p.dir, env: { ...process.env, ...env, MODE: 'hang-init' }, stdio: 'ignore' },
      );
      const deadline = Date.now() + 10_000;
      while (!existsSync(join(p.dir, 'pids')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGKILL');
      assert.deepEqual(await waitGone(pids(p.dir), 5000), []);
    } finally {
      p.cleanup();
    }
  },
);

test('sys.exit in init or run is a failure (exit 6), never a success', { skip: SKIP_NO_PYTHON }, async () => {
  const p = project();
  try {
    const init = await p.run('exit-init');
    assert.equal(init.code, 6);
    assert.match(init.stderr, /init error: the script called sys\.exit\(3\) during init/);
    assert.match(init.stderr, /File ".*score\.py", line \d+, in init/);
    const run = await p.run('exit-run', ['--json']);
    assert.equal(run.code, 6);
    const doc = run.json<{ ok: boolean; error: { code: string; details: { phase: string; exitCode: number } } }>();
    assert.equal(doc.ok, false);
    assert.equal(doc.error.code, 'ENTRY_RUN_FAILED');
    assert.equal(doc.error.details.exitCode, 0);
    const hard = await p.run('os-exit-init');
    assert.equal(hard.code, 6);
    assert.match(hard.stderr, /the python process exited with code 5 during init/);
  } finally {
    p.cleanup();
  }
});

test(
  'os._exit while a grandchild holds stdout open: exit 6 at once, the grandchild killed',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const p = project();
    try {
      const started = Date.now();
      const result = await p.run('os-exit-orphan');
      assert.equal(result.code, 6);
      assert.match(result.stderr, /the python process (ended|exited with code 4) during init/);
      assert.ok(Date.now() - started < 10_000, 'not left waiting for the grandchild');
      assert.deepEqual(await waitGone(pids(p.dir)), []);
    } finally {
      p.cleanup();
    }
  },
);

test(
  'a grandchild in a new session holding stdout: mctl prints the result and exits; the grandchild is gone',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const p = project();
    try {
      const result = mctl(['run', '--entry', 'score.py', '--flavor', 'azureml', '--input', 'in.json'], {
        cwd: p.dir,
        env: { ...env, MODE: 'detach' },
        timeout: 15_000,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), { echo: { a: 1 } });
      assert.deepEqual(await waitGone(pids(p.dir)), []);
    } finally {
      p.cleanup();
    }
  },
);

test('--input - with a slow producer is waited for (no EAGAIN)', { skip: SKIP_NO_PYTHON }, async () => {
  const p = project();
  try {
    const command =
      `(sleep 1; echo '{"a": 2}') | "${process.execPath}" "${BIN}" ` +
      'run --entry score.py --flavor azureml --input -';
    const result = spawnSync('sh', ['-c', command], {
      cwd: p.dir,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { echo: { a: 2 } });
  } finally {
    p.cleanup();
  }
});

test(
  'secret-looking variables are named (never shown) when passed; --env-clear and --env-keep leave them out',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const p = project();
    try {
      const secrets = {
        ...env,
        MODE: 'env',
        MY_API_TOKEN: 'do-not-print',
        AWS_SECRET_ACCESS_KEY: 'nor-this',
        KEEP_ME: 'x',
      };
      const plain = await mctlIn(['run', '--entry', 'score.py', '--flavor', 'azureml', '--input', 'in.json'], {
        cwd: p.dir,
        env: secrets,
      });
      assert.equal(plain.code, 0, plain.stderr);
      assert.ok(JSON.parse(plain.stdout).names.includes('MY_API_TOKEN'));
      assert.match(
        plain.stderr,
        new RegExp(
          /note: the script gets \d+ secret-looking environment variables? /.source +
            /\([^)]*AWS_SECRET_ACCESS_KEY[^)]*MY_API_TOKEN[^)]*\); pass --env-clear/.source,
        ),
      );
      assert.doesNotMatch(plain.stderr, /do-not-print|nor-this/);
      const cleared = await mctlIn(
        [
          'run',
          '--entry',
          'score.py',
          '--flavor',
          'azureml',
          '--input',
          'in.json',
          '--env-keep',
          'KEEP_ME',
          '--env-keep',
          'MODE',
        ],
        { cwd: p.dir, env: secrets },
      );
      assert.equal(cleared.code, 0, cleared.stderr);
      const names: string[] = JSON.parse(cleared.stdout).names;
      assert.ok(names.includes('KEEP_ME') && names.includes('PATH'), names.join(' '));
      assert.ok(
        !names.includes('MY_API_TOKEN') && !names.includes('AWS_SECRET_ACCESS_KEY') && !names.includes('NO_COLOR'),
        names.join(' '),
      );
      assert.doesNotMatch(cleared.stderr, /secret-looking/);
    } finally {
      p.cleanup();
    }
  },
);

test(
  'exceptions are classified and the user traceback shown without mctl frames',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const p = project();
    try {
      const result = await p.run('raise', ['--json']);
      assert.equal(result.code, 6);
      const error = result.json<{
        error: { code: string; message: string; details: { traceback: string; exceptionType: string } };
      }>().error;
      assert.equal(error.code, 'ENTRY_RUN_FAILED');
      assert.equal(error.details.exceptionType, 'ValueError');
      assert.match(error.details.traceback, /score\.py", line \d+, in run/);
      assert.doesNotMatch(error.details.traceback, /mctl_runtime/);
      writeFileSync(join(p.dir, 'score.py'), 'import not_installed_anywhere\n');
      const imported = await p.run('');
      assert.equal(imported.code, 6);
      assert.match(imported.stderr, /import error: .*ModuleNotFoundError: No module named 'not_installed_anywhere'/);
    } finally {
      p.cleanup();
    }
  },
);

test('a result that is not JSON-serialisable names where ($.scores[0])', { skip: SKIP_NO_PYTHON }, async () => {
  const p = project();
  try {
    const result = await p.run('set', ['--json']);
    assert.equal(result.code, 6);
    const error = result.json<{ error: { code: string; message: string; hint: string; details: { path: string } } }>()
      .error;
    assert.equal(error.code, 'RESULT_NOT_JSON');
    assert.equal(error.details.path, '$.scores[0]');
    assert.match(error.message, /\$\.scores\[0\]: a set is not JSON-serialisable/);
  } finally {
    p.cleanup();
  }
});

test(
  'numpy arrays are converted, with a warning where the platform would refuse them',
  { skip: pythonHas('numpy') ? false : 'numpy is not installed' },
  async () => {
    const p = project();
    try {
      const result = await p.run('numpy');
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), { scores: [0, 0.5, 1], n: 4 });
      assert.match(result.stderr, /warning: \$\.scores is a numpy\.ndarray .*json\.dumps would fail/);
    } finally {
      p.cleanup();
    }
  },
);

test('a print flood is capped; the result still arrives', { skip: SKIP_NO_PYTHON }, async () => {
  const p = project();
  try {
    const result = await p.run('flood', ['--max-log-bytes', '2000']);
    assert.equal(result.code, 0);
    assert.deepEqual(JSON.parse(result.stdout), { echo: { a: 1 } });
    assert.ok(result.stderr.length < 4000, `stderr is ${result.stderr.length} bytes`);
    assert.match(result.stderr, /more bytes of output not shown/);
  } finally {
    p.cleanup();
  }
});

test('bad inputs are rejected with exit 3 before user code runs', { skip: SKIP_NO_PYTHON }, async () => {
  const p = project();
  try {
    writeFileSync(join(p.dir, 'broken.json'), '{"a": 1,\n "b": }');
    writeFileSync(join(p.dir, 'latin1.json'), Buffer.from('{"name": "caf\xe9"}', 'latin1'));
    writeFileSync(join(p.dir, 'big.json'), `[${'1,'.repeat(600_000)}1]`);
    const cases: [string[], RegExp][] = [
      [['--input', 'broken.json'], /broken\.json:2:7: not valid JSON/],
      [['--input', 'latin1.json'], /latin1\.json is not valid UTF-8 \(first bad byte at offset 13\)/],
      [['--input', 'big.json', '--max-input-mb', '1'], /big\.json: the input is larger than the 1 MiB limit/],
      [['--input', 'missing.json'], /missing\.json: cannot read the input: no such file/],
    ];
    for (const [args, message] of cases) {
      const result = await mctlIn(['run', '--entry', 'score.py', '--flavor', 'azureml', ...args], { cwd: p.dir, env });
      assert.equal(result.code, 3, `${args}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    assert.ok(!existsSync(join(p.dir, 'imported')), 'user code never ran');
    const stdin = mctl(['run', '--entry', 'score.py', '--flavor', 'azureml', '--input', '-'], {
      cwd: p.dir,
      env,
      input: '{"from": "stdin"}',
    });
    assert.deepEqual(JSON.parse(stdin.stdout), { echo: { from: 'stdin' } });
  } finally {
    p.cleanup();
  }
});

test(
  '--device cuda without a GPU is exit 7 (no silent CPU fallback); auto says it chose the CPU',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const p = project();
    try {
      const cuda = await p.run('', ['--device', 'cuda', '--json']);
      assert.equal(cuda.code, 7);
      assert.equal(cuda.json<{ error: { code: string } }>().error.code, 'NO_GPU');
      assert.ok(!existsSync(join(p.dir, 'imported')));
      const auto = await p.run('', ['--device', 'auto', '--json']);
      assert.equal(auto.code, 0);
      const device = auto.json<{ device: { name: string; reason: string } }>().device;
      assert.equal(device.name, 'cpu');
      assert.match(device.reason, /auto chose the CPU: no usable NVIDIA GPU/);
      assert.equal((await p.run('', ['--device', 'tpu'])).code, 2);
    } finally {
      p.cleanup();
    }
  },
);

test(
  '--expect: exit 0 when outputs match within --tolerance, 1 with a readable diff otherwise',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const p = project();
    try {
      writeFileSync(join(p.dir, 'golden.json'), '{"echo": {"a": 1.000001}}');
      assert.equal((await p.run('', ['--expect', 'golden.json', '--tolerance', '1e-5'])).code, 0);
      const diff = await p.run('', ['--expect', 'golden.json', '--tolerance', '1e-9']);
      assert.equal(diff.code, 1);
      assert.match(diff.stderr, /output differs from golden\.json/);
      assert.match(diff.stderr, /\$\.echo\.a: expected 1\.000001, got 1/);
      assert.deepEqual(JSON.parse(diff.stdout), { echo: { a: 1 } }, 'the output is still printed');
    } finally {
      p.cleanup();
    }
  },
);

test(
  '--output writes the outputs atomically and refuses to overwrite without --force (exit 5)',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const p = project();
    try {
      const first = await p.run('', ['--output', 'out.json']);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stdout, '');
      assert.deepEqual(JSON.parse(readFileSync(join(p.dir, 'out.json'), 'utf8')), { echo: { a: 1 } });
      writeFileSync(join(p.dir, 'out.json'), 'keep me');
      rmImported(p.dir);
      const again = await p.run('', ['--output', 'out.json']);
      assert.equal(again.code, 5);
      assert.equal(readFileSync(join(p.dir, 'out.json'), 'utf8'), 'keep me');
      assert.ok(!existsSync(join(p.dir, 'imported')), 'refused before running anything');
      assert.equal((await p.run('', ['--output', 'out.json', '--force'])).code, 0);
    } finally {
      p.cleanup();
    }
  },
);

function rmImported(dir: string): void {
  rmSync(join(dir, 'imported'), { force: true });
}
