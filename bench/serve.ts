/**
 * bench/serve: what `mctl serve` adds per request, and how it holds under load, loopback only.
 *
 *   npm run bench:serve                               (30 s at 64 clients per target, 3 pairs)
 *   node bench/serve.ts --duration 10 --pairs 5 --only onnx,native
 *
 * For each target (a trivial native entry, the linear ONNX fixture, trivial Azure ML and
 * TorchServe handlers):
 * 1. Added latency, in A B A B pairs: A = `mctl run --repeat` per-call p50 (the harness with
 *    no HTTP); B = p50 of requests from one keep-alive client to `mctl serve` (the round trip
 *    as a client sees it). Added = B − A, median of the pairs. Targets: ≤ 1 ms for native and
 *    ONNX, ≤ 2 ms for the Python flavors.
 * 2. Load: autocannon, N keep-alive connections for a fixed time. Requests/s, p50/p99, errors,
 *    timeouts and non-2xx answers; lost = requests autocannon sent that the server's own
 *    /metrics never counted as answered (target 0); RSS of mctl and its workers sampled each
 *    second, middle third against last (the first third is warm-up).
 * 3. Memory: the server in-process under rounds of load, its JavaScript heap after a full GC
 *    each round (bench/serve-heap.ts): no growth after the first round.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback;
const DURATION_S = Math.min(Number(arg('--duration', '30')), 120);
const CONNECTIONS = Math.min(Number(arg('--connections', '64')), 256);
const PAIRS = Number(arg('--pairs', '3'));
const CALLS = 1000;
const WARMUP = 200;
const ONLY = arg('--only', '').split(',').filter(Boolean);
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => Promise<Cannon>;

interface Cannon {
  requests: { average: number; sent: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

interface Target {
  name: string;
  /** The added-latency target in ms. */
  budgetMs: number;
  files: Record<string, string>;
  serveArgs: string[];
  runArgs: string[];
  path: (model: string) => string;
  body: string;
}

const TARGETS: Target[] = [
  {
    name: 'native',
    budgetMs: 1,
    files: {
      'score.js': 'export function run(input) { return { ok: input.x }; }\n',
      'package.json': '{"type": "module"}\n',
    },
    serveArgs: ['--entry', 'score.js'],
    runArgs: ['--entry', 'score.js'],
    path: () => '/predict',
    body: '{"x": [1, 2, 3]}',
  },
  {
    name: 'onnx',
    budgetMs: 1,
    files: {},
    serveArgs: ['--model', join(ROOT, 'fixtures/onnx/linear.onnx')],
    runArgs: ['--model', join(ROOT, 'fixtures/onnx/linear.onnx')],
    path: () => '/predict',
    body: '{"x": [[1, 2, 3]]}',
  },
  {
    name: 'azureml',
    budgetMs: 2,
    files: { 'score.py': 'def init():\n    pass\n\ndef run(raw):\n    return {"ok": 1}\n' },
    serveArgs: ['--entry', 'score.py'],
    runArgs: ['--entry', 'score.py'],
    path: () => '/score',
    body: '{"x": [1, 2, 3]}',
  },
  {
    name: 'mms',
    budgetMs: 2,
    files: { 'h.py': 'def handle(data, context):\n    return None if data is None else [{"ok": 1} for _ in data]\n' },
    serveArgs: ['--handler', 'h:handle', '--model-name', 'm'],
    runArgs: ['--handler', 'h:handle'],
    path: () => '/predictions/m',
    body: '{"x": [1, 2, 3]}',
  },
];

function runPerCallP50(dir: string, target: Target): number {
  writeFileSync(join(dir, 'input.json'), target.body);
  const result = spawnSync(
    process.execPath,
    [
      BIN,
      'run',
      ...target.runArgs,
      '--input',
      'input.json',
      '--repeat',
      String(CALLS),
      '--warmup',
      String(WARMUP),
      '--json',
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, MCTL_PYTHON: PYTHON } },
  );
  if (result.status !== 0) throw new Error(`mctl run (${target.name}) failed:\n${result.stderr}`);
  return (JSON.parse(result.stdout) as { timings: { p50Ms: number } }).timings.p50Ms;
}

interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<number | null>;
}

async function startServer(dir: string, target: Target): Promise<Server> {
  const log = openSync(join(dir, `serve-${target.name}.log`), 'w');
  const child = spawn(process.execPath, [BIN, 'serve', ...target.serveArgs, '--port', '0', '--json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', log],
    env: { ...process.env, MCTL_PYTHON: PYTHON },
  });
  closeSync(log);
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolveUrl((JSON.parse(out.split('\n')[0]!) as { url: string }).url);
    });
    void exited.then((code) => reject(new Error(`mctl serve (${target.name}) exited ${code}: see ${dir}`)));
  });
  return { child, url, stop: () => (child.kill('SIGTERM'), exited) };
}

/** One keep-alive client, one request at a time: the round trip as a client sees it. */
async function clientP50(url: string, body: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const once = () =>
    new Promise<number>((done, fail) => {
      const started = performance.now();
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? done(performance.now() - started) : fail(new Error(`status ${res.statusCode}`)),
          );
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  for (let i = 0; i < WARMUP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) times.push(await once());
  agent.destroy();
  return median(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function treeRssMb(pid: number): number {
  const pids = [
    pid,
    ...spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .map(Number)
      .filter(Boolean),
  ];
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return kb / 1024;
}

async function answered(url: string, route: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(`mctl_requests_total{route="${route}"`)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  return total;
}

const work = mkdtempSync(join(tmpdir(), 'mctl-bench-serve-'));
const rows: string[] = [];
let failed = false;
try {
  console.log(
    `bench/serve: ${PAIRS} A/B pairs of ${CALLS} calls (after ${WARMUP} warm-up); ` +
      `load ${CONNECTIONS} connections × ${DURATION_S} s; node ${process.version}, python ${PYTHON}\n`,
  );
  for (const target of TARGETS.filter((t) => ONLY.length === 0 || ONLY.includes(t.name))) {
    const dir = mkdtempSync(join(work, `${target.name}-`));
    for (const [name, text] of Object.entries(target.files)) writeFileSync(join(dir, name), text);
    const added: number[] = [];
    const pairs: string[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const perCall = runPerCallP50(dir, target);
      const server = await startServer(dir, target);
      const http = await clientP50(`${server.url}${target.path('m')}`, target.body);
      await server.stop();
      added.push(http - perCall);
      pairs.push(`run ${perCall.toFixed(3)} / serve ${http.toFixed(3)}`);
    }
    const addedMs = median(added);
    const verdict = `added p50 ${addedMs.toFixed(3)} ms (target ≤ ${target.budgetMs} ms)`;
    console.log(`${target.name}: per-call p50 (ms) ${pairs.join(' · ')} → ${verdict}`);

    const server = await startServer(dir, target);
    const route = target.path('{model}').replace('/m', '/{model}');
    const before = await answered(server.url, route);
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(treeRssMb(server.child.pid!)), 1000);
    const result = await autocannon({
      url: `${server.url}${target.path('m')}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: target.body,
      connections: CONNECTIONS,
      duration: DURATION_S,
    });
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 200));
    const served = (await answered(server.url, route)) - before;
    const code = await server.stop();
    // The first third is warm-up (JIT, heap growth to its working size); growth after it would be a leak.
    const third = Math.max(1, Math.floor(rss.length / 3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const early = mean(rss.slice(third, 2 * third));
    const late = mean(rss.slice(-third));
    const lost = result.requests.sent - served;
    const bad = result.errors + result.timeouts + result.non2xx + Math.max(lost, 0);
    const rate = Math.round(result.requests.average);
    console.log(
      [
        `  load: ${rate} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
        `${result.requests.sent} sent, ${served} answered, ${result.errors} errors, ${result.timeouts} timeouts`,
        `${result.non2xx} non-2xx, ${lost} lost; RSS ${early.toFixed(1)} → ${late.toFixed(1)} MB; exit ${code}`,
      ].join('; '),
    );
    // RSS as a guard against gross growth; V8 grows its heap in steps and keeps the pages, so the
    // leak check proper is the heap after GC (serve-heap.ts, below).
    const ok = addedMs <= target.budgetMs && bad === 0 && late <= early * 1.25 + 2;
    failed ||= !ok;
    rows.push(
      [
        `${target.name.padEnd(8)} added p50 ${addedMs.toFixed(3)} ms (≤ ${target.budgetMs})`,
        `${rate} req/s`,
        `p99 ${result.latency.p99} ms`,
        `failed/lost ${bad}`,
        `RSS ${early.toFixed(0)}→${late.toFixed(0)} MB`,
        ok ? 'ok' : 'MISSED',
      ].join('  '),
    );
  }
  console.log(`\n${rows.join('\n')}`);
  console.log(
    '\nJavaScript heap of the server under load (RSS keeps the pages V8 grew into; the heap after GC shows a leak):',
  );
  const heap = spawnSync(
    process.execPath,
    ['--expose-gc', join(ROOT, 'bench/serve-heap.ts'), '--seconds', String(Math.max(5, Math.round(DURATION_S / 3)))],
    { stdio: 'inherit', env: { ...process.env, MCTL_PYTHON: PYTHON } },
  );
  failed ||= heap.status !== 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
