/**
 * The child host driven directly (no CLI): the real Python and Node harnesses, with entries that
 * misbehave towards the channel and the process tree.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { nodeChild, pythonChild } from '../../../src/runtime/hosts.ts';
import { createLogSink } from '../../../src/runtime/log-sink.ts';
import { runSession, type SessionPlan } from '../../../src/runtime/session.ts';
import { ROOT, tempDir } from '../../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON, pythonHas, waitGone } from '../../helpers/run.ts';

interface Setup {
  dir: string;
  log: () => string;
  plan: SessionPlan;
}

/** A session for an Azure ML score.py (or a native score.mjs) written into a temp dir. */
function session(
  file: 'score.py' | 'score.mjs',
  source: string,
  overrides: Partial<SessionPlan> = {},
  input = '{"a": 1}',
): Setup & { cleanup(): void } {
  const { dir, cleanup } = tempDir();
  writeFileSync(join(dir, file), source);
  let logged = '';
  const log = createLogSink(
    (text) => {
      logged += text;
    },
    { maxBytes: 100_000 },
  );
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  const python = file === 'score.py';
  const plan: SessionPlan = {
    child: python ? pythonChild(PYTHON!, env, dir, log, 2 ** 20) : nodeChild(env, dir, log, 2 ** 20),
    ...(python ? { flavor: 'azureml' } : {}),
    load: python
      ? { flavor: 'azureml', entry: join(dir, file), modelDir: dir, cwd: dir, sysPathFront: [], sysPathBack: [dir] }
      : { kind: 'native', entry: join(dir, file), modelDir: dir, device: 'cpu' },
    payloads: [
      { label: 'in.json', contentType: 'application/json', text: input, value: JSON.parse(input), bytes: input.length },
    ],
    calls: [{ inputs: [0], batch: false }],
    warmup: 0,
    repeat: 1,
    initTimeoutMs: 20_000,
    callTimeoutMs: 20_000,
    entryName: file,
    maxTextBytes: 100_000,
    ...overrides,
  };
  return { dir, plan, log: () => logged, cleanup };
}

const failure = async (plan: SessionPlan) => {
  try {
    await runSession(plan);
  } catch (error) {
    assert.ok(error instanceof MctlError, String(error));
    return error;
  }
  return assert.fail('the session succeeded');
};

const PY = (body: string) =>
  `import json, os, subprocess, sys\ndef init():\n    pass\ndef run(raw):\n${body.replace(/^/gm, '    ')}\n`;

test(
  'a result user code writes to fd 4 is refused as a forgery (exit 6), not taken',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const forged = '{"op":"result","value":42,"timesMs":[1],"warnings":[]}';
    for (const written of [
      forged,
      'garbage \\x1b[31m',
      'abcdefghijklmnopqrstuvwxyzabcdefghijklmnop {"op":"result","value":1,"timesMs":[],"warnings":[]}',
    ]) {
      const s = session('score.py', PY(`os.write(4, b'${written}\\n')\nreturn {"real": True}`));
      try {
        const error = await failure(s.plan);
        assert.equal(error.code, 'CHANNEL_FORGED', error.message);
        assert.equal(error.exit, 'USER_CODE');
        assert.match(
          error.message,
          /during call 1 \(in\.json\), something other than mctl's harness wrote to its result channel \(fd 4\)/,
        );
        assert.doesNotMatch(error.message, /\x1b/);
      } finally {
        s.cleanup();
      }
    }
  },
);

test('the token is in no environment variable or argument of the child', { skip: SKIP_NO_PYTHON }, async () => {
  const s = session(
    'score.py',
    PY(`
with open("/proc/self/cmdline", "rb") as f:
    cmdline = f.read()
with open("/proc/self/environ", "rb") as f:
    environ = f.read()
return {"cmdline": cmdline.decode(), "environ": environ.decode()}`),
  );
  try {
    const result = await runSession(s.plan);
    const seen = result.outputs[0]!.value as { cmdline: string; environ: string };
    assert.doesNotMatch(seen.cmdline + seen.environ, /token/i);
    assert.match(seen.environ, /MCTL_RUN_[0-9a-f]{16}=1/, 'the run marker, which is no secret');
  } finally {
    s.cleanup();
  }
});

test(
  'a grandchild in a new session holding stdout is killed when the run ends; the session does not wait for it',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const s = session(
      'score.py',
      PY(`
child = subprocess.Popen(["sleep", "300"], start_new_session=True)
with open("pid", "w") as f:
    f.write(str(child.pid))
return {"ok": True}`),
    );
    try {
      const started = Date.now();
      const result = await runSession(s.plan);
      assert.deepEqual(result.outputs[0]!.value, { ok: true });
      assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms`);
      assert.deepEqual(await waitGone([Number(readFileSync(join(s.dir, 'pid'), 'utf8'))]), []);
    } finally {
      s.cleanup();
    }
  },
);

test("a native entry's detached child with inherited stdio is killed when the run ends", async () => {
  const s = session(
    'score.mjs',
    `
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
export function run(input) {
  const child = spawn('sleep', ['300'], { detached: true, stdio: 'inherit' });
  child.unref();
  writeFileSync('pid', String(child.pid));
  return input;
}
`,
  );
  try {
    const result = await runSession(s.plan);
    assert.deepEqual(result.outputs[0]!.value, { a: 1 });
    assert.deepEqual(await waitGone([Number(readFileSync(join(s.dir, 'pid'), 'utf8'))]), []);
  } finally {
    s.cleanup();
  }
});

test('a result over the cap is its own error (exit 6) at once, not a timeout', { skip: SKIP_NO_PYTHON }, async () => {
  const s = session('score.py', PY('return "x" * (3 * 2**20)'), { callTimeoutMs: 10_000 });
  try {
    const started = Date.now();
    const error = await failure(s.plan);
    assert.equal(error.code, 'RESULT_TOO_LARGE');
    assert.equal(error.exit, 'USER_CODE');
    assert.match(error.message, /the result of call 1 \(in\.json\) is larger than the 1 MiB limit/);
    assert.ok(Date.now() - started < 8000);
  } finally {
    s.cleanup();
  }
});

test(
  'a huge exception message arrives cut, and what is shown stays within --max-log-bytes',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const s = session('score.py', PY('raise ValueError("line of a long message\\n" * 1_000_000)'), {
      maxTextBytes: 5000,
    });
    try {
      const error = await failure(s.plan);
      assert.equal(error.code, 'ENTRY_RUN_FAILED');
      assert.ok(Buffer.byteLength(error.message) < 8000, `${Buffer.byteLength(error.message)} bytes`);
      assert.match(error.message, /more bytes not shown; see --max-log-bytes/);
    } finally {
      s.cleanup();
    }
  },
);

test(
  'a result Python cannot print as JSON (10**5000, deep nesting) is a result error, not an internal one',
  { skip: SKIP_NO_PYTHON },
  async () => {
    for (const [body, message] of [
      ['return {"n": 10**5000}', /\$\.n: an int of 16610 bits does not fit a JSON number/],
      ['x = []\nfor _ in range(100000):\n    x = [x]\nreturn x', /nested too deeply/],
    ] as const) {
      const s = session('score.py', PY(body));
      try {
        const error = await failure(s.plan);
        assert.equal(error.code, 'RESULT_NOT_JSON', error.message);
        assert.equal(error.exit, 'USER_CODE');
        assert.match(error.message, message);
      } finally {
        s.cleanup();
      }
    }
  },
);

test('native throw null (and undefined) is reported as what was thrown', async () => {
  for (const thrown of ['null', 'undefined', '42']) {
    const s = session('score.mjs', `export function run() { throw ${thrown}; }\n`);
    try {
      const error = await failure(s.plan);
      assert.equal(error.code, 'ENTRY_RUN_FAILED', error.message);
      assert.match(error.message, new RegExp(`run error \\(call 1 \\(in\\.json\\)\\): run\\(\\) threw ${thrown}$`));
    } finally {
      s.cleanup();
    }
  }
});

test('float32 values print as the shortest decimal from native entries and numpy alike', async () => {
  const native = session(
    'score.mjs',
    'export function run() { return { v: new Float32Array([3.1, 0.1, 1e-7]), d: new Float64Array([0.1]) }; }\n',
  );
  try {
    assert.deepEqual((await runSession(native.plan)).outputs[0]!.value, { v: [3.1, 0.1, 1e-7], d: [0.1] });
  } finally {
    native.cleanup();
  }
  if (!pythonHas('numpy')) return;
  const numpy = session(
    'score.py',
    PY('import numpy as np\nreturn {"v": np.array([3.1, 0.1, 1e-7], np.float32), "s": np.float32(3.1)}'),
  );
  try {
    assert.deepEqual((await runSession(numpy.plan)).outputs[0]!.value, { v: [3.1, 0.1, 1e-7], s: 3.1 });
  } finally {
    numpy.cleanup();
  }
});

test(
  'a timeout hint names the flag of the phase: --init-timeout for loading, --timeout for a call',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const init = session('score.py', 'import time\ndef init():\n    time.sleep(30)\ndef run(raw):\n    return 1\n', {
      initTimeoutMs: 500,
    });
    try {
      const error = await failure(init.plan);
      assert.equal(error.code, 'TIMEOUT');
      assert.match(error.hint!, /^raise --init-timeout if importing the script and loading the model take longer$/);
    } finally {
      init.cleanup();
    }
    const call = session('score.py', PY('import time\ntime.sleep(30)'), { callTimeoutMs: 500 });
    try {
      const error = await failure(call.plan);
      assert.match(
        error.hint!,
        /^raise --timeout if one call takes longer \(loading the model is governed by --init-timeout\)$/,
      );
    } finally {
      call.cleanup();
    }
  },
);

test("a timeout beyond Node's longest timer waits instead of firing at once", { skip: SKIP_NO_PYTHON }, async () => {
  const s = session('score.py', PY('return 7'), { callTimeoutMs: 1e12, initTimeoutMs: 1e12 });
  try {
    assert.equal((await runSession(s.plan)).outputs[0]!.value, 7);
  } finally {
    s.cleanup();
  }
});

test('ESC sequences the script prints reach the log escaped', { skip: SKIP_NO_PYTHON }, async () => {
  const s = session('score.py', PY('print("\\x1b]0;owned\\x07\\x1b[2J red \\x1b[31mx")\nreturn 1'));
  try {
    await runSession(s.plan);
    assert.match(s.log(), /│ \\x1b\]0;owned\\x07\\x1b\[2J red \\x1b\[31mx\n/);
    assert.doesNotMatch(s.log(), /\x1b/);
  } finally {
    s.cleanup();
  }
});

test('an ONNX session in the harness leaves nothing in the temp dir (onnxruntime telemetry off)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir };
    delete env.ORT_DISABLE_TELEMETRY;
    const log = createLogSink(() => undefined, { maxBytes: 1000 });
    const model = join(ROOT, 'fixtures/onnx/linear.onnx');
    const text = '{"x": [[1, 2, 3]]}';
    const result = await runSession({
      child: nodeChild(env, dir, log, 2 ** 20),
      load: { kind: 'onnx', model, device: 'cpu' },
      payloads: [
        { label: 'in.json', contentType: 'application/json', text, value: JSON.parse(text), bytes: text.length },
      ],
      calls: [{ inputs: [0], batch: false }],
      warmup: 0,
      repeat: 1,
      initTimeoutMs: 20_000,
      callTimeoutMs: 20_000,
      entryName: 'linear.onnx',
      maxTextBytes: 1000,
    });
    assert.ok(result.outputs[0]!.value);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    cleanup();
  }
});
