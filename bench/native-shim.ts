/**
 * bench/native-shim: what serving a native (TS/JS) entry from a Python worker costs, measured
 * against baselines in the same invocation.
 *
 *   npm run bench:native-shim            (1000 requests)
 *   node bench/native-shim.ts --requests 5000
 *
 * The native fixture is archived, extracted, and its mctl_shim.handle is called the way
 * TorchServe's worker calls it: handle(None, context) once (start-up: Node.js child, harness,
 * init), then handle([{"body": json}], context) per request. Baselines: the same entry's
 * run() inside Node (`mctl run --repeat N`: no Python, no round trip), and a Python entry
 * (the Azure ML fixture) through its shim in the same Python loop. Target: ≤ 0.3 ms added per
 * request over the entry's own run() (the Python harness's budget); start-up ≤ 0.5 s besides init().
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const N = Number(process.argv[process.argv.indexOf('--requests') + 1]) || 1000;
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
const ENV = { ...process.env, NO_COLOR: '1', MCTL_HOME: ROOT, MCTL_NODE: process.execPath };

function run(file: string, args: string[], cwd = ROOT): string {
  const result = spawnSync(file, args, { cwd, encoding: 'utf8', env: ENV });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Archives a fixture project into work/<name> (extracted, as the server's frontend leaves it). */
function extracted(fixture: string, work: string, extra: string[] = []): string {
  const project = join(ROOT, 'fixtures/projects', fixture);
  const mar = join(work, `${fixture}.mar`);
  run(process.execPath, [BIN, 'archive', '--model-name', fixture, '--export-path', work, ...extra], project);
  const dir = join(work, fixture);
  run(PYTHON, ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', mar, dir]);
  return dir;
}

/** The worker's calls, timed in Python: start-up, then N requests one at a time. */
const WORKER = `
import json, os, sys, time
model_dir, body, n = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, model_dir)
os.chdir(model_dir)
class Context:  # what the shim reads of TorchServe's context (the archive carries no fake of it)
    system_properties = {"model_dir": model_dir, "gpu_id": None, "batch_size": 1}
    manifest = None
    model_name = "m"

    def get_request_header(self, idx, key):
        return None
context = Context()
import mctl_shim
started = time.perf_counter()
mctl_shim.handle(None, context)
start_ms = (time.perf_counter() - started) * 1000
for _ in range(50):
    mctl_shim.handle([{"body": body}], context)
times = []
for _ in range(n):
    t = time.perf_counter()
    mctl_shim.handle([{"body": body}], context)
    times.append((time.perf_counter() - t) * 1e6)
times.sort()
print(json.dumps({"startMs": start_ms, "p50Us": times[len(times) // 2], "meanUs": sum(times) / n}))
`;

interface Worker {
  startMs: number;
  p50Us: number;
  meanUs: number;
}

function worker(dir: string, body: unknown): Worker {
  return JSON.parse(run(PYTHON, ['-B', '-c', WORKER, dir, JSON.stringify(body), String(N)])) as Worker;
}

const work = mkdtempSync(join(tmpdir(), 'mctl-bench-native-'));
try {
  const sample = {
    x: [
      [1, 2, 3],
      [0, 0, 0],
    ],
  };
  const native = worker(extracted('native', work), sample);
  const direct = JSON.parse(
    run(
      process.execPath,
      [BIN, 'run', '--input', 'sample.json', '--repeat', String(N), '--warmup', '50', '--json'],
      join(ROOT, 'fixtures/projects/native'),
    ),
  ) as { timings: { p50Ms: number; meanMs: number; initMs: number; startMs: number } };
  const python = worker(extracted('azureml', work), { data: [[0.7], [0.2]] });
  const entryUs = direct.timings.p50Ms * 1000;
  const added = native.p50Us - entryUs;
  const directStart = direct.timings.startMs + direct.timings.initMs;
  console.log(`requests: ${N} (p50, after 50 warm-up requests)`);
  console.log(
    `native entry through the shim (Python → Node child): ${native.p50Us.toFixed(1)} µs per request ` +
      `(mean ${native.meanUs.toFixed(1)})`,
  );
  console.log(
    `  baseline, its run() inside Node (mctl run --repeat): ${entryUs.toFixed(1)} µs ` +
      `→ ${(native.p50Us / entryUs).toFixed(1)}×, +${added.toFixed(1)} µs per request ` +
      `(target ≤ 300 µs) ${added <= 300 ? 'ok' : 'MISSED'}`,
  );
  console.log(
    `  baseline, a Python entry (azureml fixture) through its shim: ${python.p50Us.toFixed(1)} µs ` +
      `→ ${(native.p50Us / python.p50Us).toFixed(1)}×`,
  );
  console.log(
    `start-up, handle(None, context): Node child + harness + import + init(): ${native.startMs.toFixed(0)} ms`,
  );
  console.log(
    `  baseline, mctl run's child start + init (same entry): ${directStart.toFixed(0)} ms ` +
      `→ ${(native.startMs / directStart).toFixed(2)}× ` +
      `(target ≤ 500 ms besides init: ${native.startMs - direct.timings.initMs <= 500 ? 'ok' : 'MISSED'})`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
