import type { WorkFailure, WorkItem, WorkOutcome } from '../flavors/types.ts';
import { MctlError } from '../errors.ts';
import { ChildHost, type ChildSpec, type Reply } from '../runtime/child-host.ts';
import type { LogSink } from '../runtime/log-sink.ts';
import { expectOp, type SessionPlan } from '../runtime/session.ts';
import type { StartWorker, Worker, WorkerReady } from './worker.ts';

/** How a worker of this target starts: the session plan `mctl run` would use, without its inputs and calls. */
export interface HarnessSpec {
  plan: SessionPlan;
  /** Each worker's own log (its prints, prefixed with its id). */
  log(id: string): LogSink;
  /** The whole text of a failed call (traceback included), for mctl's log; the response carries the short message. */
  report(id: string, text: string): void;
}

/**
 * Workers over the harness `mctl run` drives: the same child (Python harness or Node harness),
 * the same load message, and the `serve` op for one request or a batch at a time.
 */
export function harnessStarter(spec: HarnessSpec): StartWorker {
  return async (id) => {
    const child: ChildSpec = { ...spec.plan.child, log: spec.log(id) };
    const host = await ChildHost.start(child);
    const startedAt = new Date();
    try {
      const init = { timeoutMs: spec.plan.initTimeoutMs, timeoutFlag: '--init-timeout' as const };
      expectOp(
        await host.ask(
          { op: 'inputs', items: [], ...(spec.plan.flavor ? { flavor: spec.plan.flavor } : {}) },
          { ...init, phase: 'start-up' },
        ),
        'checked',
        spec.plan,
        'start-up',
      );
      const ready = expectOp(
        await host.ask(
          { op: 'load', spec: spec.plan.load },
          { ...init, phase: `init (import and initialise ${spec.plan.entryName})` },
        ),
        'ready',
        spec.plan,
        'init',
      );
      return { worker: new HarnessWorker(id, host, startedAt, spec), ready: readyInfo(ready) };
    } catch (error) {
      await host.close();
      throw error;
    }
  };
}

class HarnessWorker implements Worker {
  readonly id: string;
  readonly pid: number;
  readonly startedAt: Date;
  private readonly host: ChildHost;
  private readonly spec: HarnessSpec;
  private gone = false;

  constructor(id: string, host: ChildHost, startedAt: Date, spec: HarnessSpec) {
    this.id = id;
    this.host = host;
    this.pid = host.pid;
    this.startedAt = startedAt;
    this.spec = spec;
  }

  async call(items: WorkItem[], batch: boolean): Promise<WorkOutcome[]> {
    // The Node harness names an input in its messages by label.
    const requests = items.map(({ batchable: _b, ...item }) => ({ label: 'the request', ...item }));
    let reply: Reply;
    try {
      reply = await this.host.ask(
        { op: 'serve', requests, batch },
        { timeoutMs: this.spec.plan.callTimeoutMs, phase: 'a request', timeoutFlag: '--timeout' },
      );
    } catch (error) {
      this.gone = true;
      const failure: WorkFailure =
        error instanceof MctlError && error.code === 'TIMEOUT'
          ? { kind: 'timeout', message: error.message, timeoutMs: this.spec.plan.callTimeoutMs }
          : { kind: 'crashed', message: error instanceof Error ? error.message : String(error) };
      this.spec.report(this.id, failure.message);
      return items.map(() => ({ ok: false, failure }));
    }
    if (reply.op === 'served')
      return (reply.results as Record<string, unknown>[]).map((r) => outcomeOf(r, reply.runMs));
    const failure = failureOf(reply, this.spec.plan);
    this.spec.report(this.id, failure.full);
    if (reply.fatal === true) this.gone = true;
    return items.map(() => ({ ok: false, failure: failure.failure }));
  }

  alive(): boolean {
    if (this.gone) return false;
    try {
      process.kill(this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.gone = true;
    return this.host.close();
  }
}

function readyInfo(reply: Reply): WorkerReady {
  return {
    initMs: reply.initMs as number,
    convention: reply.convention as string,
    warnings: (reply.warnings as string[] | undefined) ?? [],
    standins: (reply.standins as string[] | undefined) ?? [],
    ...(reply.signature ? { signature: reply.signature as WorkerReady['signature'] } : {}),
    ...(reply.schema ? { schema: reply.schema as WorkerReady['schema'] } : {}),
  };
}

/** One item's result: a body the platform's encoder wrote (Python), or a JSON value (Node). */
function outcomeOf(result: Record<string, unknown>, runMs: unknown): WorkOutcome {
  const meta = {
    ...(typeof runMs === 'number' ? { runMs } : {}),
    ...(typeof result.status === 'number' ? { status: result.status } : {}),
    ...(result.headers ? { headers: result.headers as Record<string, string> } : {}),
  };
  if (typeof result.base64 === 'string') return { ok: true, body: Buffer.from(result.base64, 'base64'), ...meta };
  if (typeof result.body === 'string') return { ok: true, body: Buffer.from(result.body), ...meta };
  return { ok: true, value: result.value, ...meta };
}

const KINDS: Record<string, WorkFailure['kind']> = {
  input: 'input',
  run: 'run',
  contract: 'contract',
  result: 'result',
  device: 'environment',
  environment: 'environment',
  import: 'run',
  init: 'run',
};

function failureOf(reply: Reply, plan: SessionPlan): { failure: WorkFailure; full: string } {
  let full: string;
  try {
    expectOp(reply, 'served', plan, 'a request');
    full = String(reply.message);
  } catch (error) {
    full = error instanceof Error ? error.message : String(error);
  }
  // The Node harness reports its own checks (an ONNX input that does not fit the model) as mctl errors.
  const kind =
    reply.kind === 'mctl' ? (reply.exit === 'BAD_INPUT' ? 'input' : 'run') : (KINDS[String(reply.kind)] ?? 'run');
  return { failure: { kind, message: String(reply.message ?? 'failed') }, full };
}
