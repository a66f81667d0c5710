/**
 * The process `mctl run` starts for ONNX models and native TS/JS entries, and the TorchServe
 * shim of an archived native entry starts from Python (python/mctl_runtime/native_host.py).
 * Same protocol as python/mctl_runtime/harness.py: JSON lines in on fd 3, out on fd 4, the
 * first request a hello with the token every reply line starts with (child-host.ts says why);
 * the entry's console output goes to stdout/stderr, which mctl (or the server) shows as logs.
 */
import { writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { createInterface } from 'node:readline';
import { MctlError } from '../errors.ts';
import { takeDownRun } from '../util/process/kill-tree.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError, userStack, type InputItem, type LoadedEntry, type LoadSpec } from './harness-types.ts';
import { loadNativeEntry } from './native-entry.ts';
import { loadOnnxEntry } from './onnx-entry.ts';

const REQUESTS_FD = 3;
const RESULTS_FD = 4;
let phase = 'import';

const results = new Socket({ fd: RESULTS_FD, readable: false, writable: true });
// Set from the hello, before any user code is imported; module scope is out of the entry's reach.
let prefix = '';
const send = (message: Record<string, unknown>) => results.write(`${prefix}${JSON.stringify(message)}\n`);

/**
 * Last words when the entry ends the process itself: written synchronously, then exit.
 * `fatal` tells a client that keeps the process for many requests (native_host.py) that it is gone.
 */
function sendNow(message: Record<string, unknown>): void {
  try {
    writeSync(RESULTS_FD, `${prefix}${JSON.stringify({ ...message, fatal: true })}\n`);
  } catch {
    // The channel is gone; mctl sees the exit anyway.
  }
}

const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  sendNow({
    op: 'error',
    kind: phase,
    message: `the script called process.exit(${code ?? ''}) during ${phase}`,
    hint: 'return or throw instead; the platform would stop serving',
    exitCode: Number(code ?? 0),
  });
  realExit(code ?? 0);
}) as typeof process.exit;
process.on('uncaughtException', (error) => {
  sendNow({ op: 'error', kind: phase, message: `uncaught ${describe(error)}`, traceback: userStack(error) });
  realExit(1);
});
process.on('unhandledRejection', (reason) => {
  sendNow({
    op: 'error',
    kind: phase,
    message: `unhandled promise rejection: ${describe(reason)}`,
    traceback: userStack(reason),
  });
  realExit(1);
});

/**
 * If mctl dies (even by SIGKILL), take down what the run started (the marker reaches new
 * sessions) and our process group. A worker thread, so that an entry stuck in a busy loop
 * cannot keep it from checking.
 */
function watchParent(marker: string | undefined): void {
  const here = import.meta.url;
  const file = new URL(`./parent-watch${here.endsWith('.ts') ? '.ts' : '.js'}`, here);
  new Worker(file, { workerData: { marker, ppid: process.ppid } }).unref();
}

let entry: LoadedEntry | undefined;
let inputs: InputItem[] = [];

async function handle(message: { op: string; [key: string]: unknown }): Promise<void> {
  switch (message.op) {
    case 'inputs':
      inputs = message.items as InputItem[];
      // After load: a server's next requests (python/mctl_runtime/native_host.py sends each batch so).
      if (entry) {
        phase = 'input';
        await entry.prepare(inputs);
      }
      send({ op: 'checked' });
      return;
    case 'load': {
      const spec = message.spec as LoadSpec;
      const started = performance.now();
      // Where a server's worker starts it (anywhere), the entry still runs in its model directory, as under mctl run.
      if (spec.cwd) process.chdir(spec.cwd);
      phase = spec.kind === 'onnx' ? 'init' : 'import';
      entry =
        spec.kind === 'onnx'
          ? await loadOnnxEntry(spec)
          : await loadNativeEntry(spec, (p) => {
              phase = p;
            });
      phase = 'input';
      // mctl serve sends each request's input with its call.
      if (!spec.serve) await entry.prepare(inputs);
      send({
        op: 'ready',
        initMs: performance.now() - started,
        convention: entry.convention,
        warnings: entry.warnings,
        standins: [],
        ...(entry.signature ? { signature: entry.signature } : {}),
      });
      return;
    }
    case 'serve':
      await serve(message.requests as InputItem[]);
      return;
    case 'call':
      await call(message as unknown as { inputs: number[]; warmup?: number; repeat?: number; tickMs?: number });
      return;
    default:
      throw new HarnessError('internal', `unknown message ${message.op}`);
  }
}

async function call(message: { inputs: number[]; warmup?: number; repeat?: number; tickMs?: number }): Promise<void> {
  const current = entry!;
  const index = message.inputs[0]!;
  const warmup = message.warmup ?? 0;
  const repeat = Math.max(1, message.repeat ?? 1);
  const times: number[] = [];
  let result: unknown;
  phase = 'run';
  const tickMs = message.tickMs ?? 0;
  let lastTick = -Infinity;
  const fn = current.bind(index);
  try {
    for (let n = 0; n < warmup + repeat; n++) {
      // A tick restarts mctl's per-call timer; at most one per tickMs, so fast calls stay fast.
      const now = performance.now();
      if (now - lastTick >= tickMs) {
        send({ op: 'tick' });
        lastTick = now;
      }
      // Timed from here: the tick is mctl's bookkeeping, not the call.
      const started = performance.now();
      result = await fn();
      if (n >= warmup) times.push(performance.now() - started);
    }
  } catch (error) {
    throw current.failure ? current.failure(error, index) : error;
  }
  send({ op: 'result', value: jsonResult(current, result), timesMs: times, warnings: current.warnings });
}

/** mctl serve: each request is one call, with its own input; results as JSON values. */
async function serve(requests: InputItem[]): Promise<void> {
  const current = entry!;
  phase = 'input';
  await current.prepare(requests);
  const results: { value: unknown }[] = [];
  for (let index = 0; index < requests.length; index++) {
    phase = 'run';
    let result: unknown;
    try {
      result = await current.bind(index)();
    } catch (error) {
      throw current.failure ? current.failure(error, index) : error;
    }
    results.push({ value: jsonResult(current, result) });
  }
  send({ op: 'served', results, warnings: current.warnings });
}

function jsonResult(current: LoadedEntry, result: unknown): unknown {
  try {
    return current.toJson(result);
  } catch (error) {
    const path = (error as { path?: string }).path;
    throw new HarnessError(
      'result',
      `the result is not JSON-serialisable: ${(error as Error).message}`,
      (error as { hint?: string }).hint,
      path ? { path } : {},
    );
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

async function main(): Promise<void> {
  // A socket (polled by the event loop), not an fs stream (a blocking read on a thread-pool thread).
  const lines = createInterface({
    input: new Socket({ fd: REQUESTS_FD, readable: true, writable: false }),
    crlfDelay: Infinity,
  });
  let first = true;
  let closed = false;
  let marker: string | undefined;
  const parent = process.ppid;
  for await (const line of lines) {
    const message = JSON.parse(line) as { op: string; token?: string; marker?: string };
    if (first) {
      first = false;
      if (message.op !== 'hello' || typeof message.token !== 'string') {
        process.stderr.write('node-harness: the first message must be hello (this harness is started by mctl)\n');
        realExit(2);
      }
      prefix = `${message.token} `;
      marker = message.marker;
      watchParent(marker);
      continue;
    }
    if (message.op === 'close') {
      closed = true;
      break;
    }
    try {
      await handle(message);
    } catch (error) {
      if (error instanceof MctlError) {
        send({
          op: 'error',
          kind: 'mctl',
          code: error.code,
          exit: error.exit,
          message: error.message,
          ...(error.hint ? { hint: error.hint } : {}),
          ...(error.details ? { details: error.details } : {}),
        });
      } else if (error instanceof HarnessError) {
        send({
          op: 'error',
          kind: error.kind,
          message: error.message,
          ...(error.hint ? { hint: error.hint } : {}),
          ...error.extra,
        });
      } else {
        const kind = phase;
        // Anything can be thrown: null and undefined have no properties to read.
        const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
        send({
          op: 'error',
          kind,
          message:
            `${kind === 'import' ? 'importing the entry' : kind === 'init' ? 'init()' : 'run()'} ` +
            `threw ${describe(error)}`,
          traceback: userStack(error),
          ...(code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX' || code === 'ERR_INVALID_TYPESCRIPT_SYNTAX'
            ? {
                hint:
                  'Node runs TypeScript by stripping types: ' +
                  'enums, namespaces and parameter properties need a build step; compile it, or use plain types',
              }
            : {}),
        });
      }
    }
  }
  // The channel ended without close: mctl is gone. Its pipes close a moment before this process
  // is re-parented; then do what the watchdog would, before this process exits and leaves the
  // entry's children running.
  if (!closed) {
    for (let waited = 0; process.ppid === parent && waited < 1000; waited += 20) await sleep(20);
    if (process.ppid !== parent) takeDownRun(marker);
  }
  results.end(() => realExit(0));
}

void main();
