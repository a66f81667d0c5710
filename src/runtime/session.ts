import { MctlError, type ExitClass } from '../errors.ts';
import { ChildHost, type ChildSpec, type Reply } from './child-host.ts';
import type { Payload } from './inputs.ts';

/** One child process driven through the harness protocol: checks, load, calls, close. */
export interface SessionPlan {
  child: ChildSpec;
  /** The flavor whose request checks run before user code (Python only). */
  flavor?: string;
  load: Record<string, unknown>;
  payloads: Payload[];
  /** Calls to make: indexes into payloads; batch = one call with all of them (TorchServe). */
  calls: { inputs: number[]; batch: boolean }[];
  warmup: number;
  repeat: number;
  initTimeoutMs: number;
  callTimeoutMs: number;
  /** Shown in messages: "ranker.py", "model.onnx". */
  entryName: string;
  /** At most this many bytes of the script's own words in an error (exception message and traceback) are shown. */
  maxTextBytes: number;
}

export interface SessionResult {
  startMs: number;
  initMs: number;
  convention: string;
  standins: string[];
  warnings: string[];
  outputs: { inputs: number[]; value: unknown }[];
  timesMs: number[];
  /** Wall time of all calls as mctl saw them (round trips included). */
  wallMs: number;
}

export async function runSession(plan: SessionPlan): Promise<SessionResult> {
  const started = performance.now();
  const host = await ChildHost.start(plan.child);
  try {
    const items = plan.payloads.map(({ label, contentType, text, base64 }) => ({
      label,
      contentType,
      ...(text !== undefined ? { text } : { base64 }),
    }));
    expectOp(
      await host.ask(
        { op: 'inputs', items, ...(plan.flavor ? { flavor: plan.flavor } : {}) },
        { timeoutMs: plan.initTimeoutMs, phase: 'start-up', timeoutFlag: '--init-timeout' },
      ),
      'checked',
      plan,
      'start-up',
    );
    const startMs = performance.now() - started;
    const ready = expectOp(
      await host.ask(
        { op: 'load', spec: plan.load },
        {
          timeoutMs: plan.initTimeoutMs,
          phase: `init (import and initialise ${plan.entryName})`,
          timeoutFlag: '--init-timeout',
        },
      ),
      'ready',
      plan,
      'init',
    );
    const warnings = new Set<string>(ready.warnings as string[]);
    const outputs: SessionResult['outputs'] = [];
    const timesMs: number[] = [];
    const tickMs = Math.min(250, plan.callTimeoutMs / 10);
    const callsStarted = performance.now();
    for (const [i, call] of plan.calls.entries()) {
      const label = call.inputs.map((k) => plan.payloads[k]?.label ?? 'zeros').join(', ');
      const phase = `call ${i + 1} (${label})`;
      const reply = expectOp(
        await host.ask(
          { op: 'call', inputs: call.inputs, batch: call.batch, warmup: plan.warmup, repeat: plan.repeat, tickMs },
          { timeoutMs: plan.callTimeoutMs, tickMs, phase, timeoutFlag: '--timeout' },
        ),
        'result',
        plan,
        phase,
      );
      for (const w of reply.warnings as string[]) warnings.add(w);
      timesMs.push(...(reply.timesMs as number[]));
      outputs.push({ inputs: call.inputs, value: reply.value });
    }
    const wallMs = performance.now() - callsStarted;
    return {
      startMs,
      initMs: ready.initMs as number,
      convention: ready.convention as string,
      standins: (ready.standins as string[] | undefined) ?? [],
      warnings: [...warnings],
      outputs,
      timesMs,
      wallMs,
    };
  } finally {
    await host.close();
  }
}

const KINDS: Record<string, { code: string; exit: ExitClass; what: string }> = {
  input: { code: 'INPUT_REJECTED', exit: 'BAD_INPUT', what: 'the input was rejected before user code ran' },
  import: { code: 'ENTRY_IMPORT_FAILED', exit: 'USER_CODE', what: 'import error' },
  init: { code: 'ENTRY_INIT_FAILED', exit: 'USER_CODE', what: 'init error' },
  run: { code: 'ENTRY_RUN_FAILED', exit: 'USER_CODE', what: 'run error' },
  result: { code: 'RESULT_NOT_JSON', exit: 'USER_CODE', what: 'result error' },
  contract: { code: 'ENTRY_CONTRACT', exit: 'USER_CODE', what: 'the entry does not fit the platform contract' },
  device: { code: 'CUDA_UNUSABLE', exit: 'ENVIRONMENT', what: 'device error' },
  // The host lacks what the entry needs: Node.js or mctl for a native entry served from an archive.
  environment: { code: 'SERVING_HOST_INCOMPLETE', exit: 'ENVIRONMENT', what: 'this host cannot run the entry' },
  internal: { code: 'HARNESS_FAILED', exit: 'INTERNAL', what: 'internal error in the harness' },
};

export function expectOp(reply: Reply, op: string, plan: SessionPlan, phase: string): Reply {
  if (reply.op === op) return reply;
  if (reply.op !== 'error')
    throw new MctlError('PROTOCOL', `unexpected ${reply.op} reply during ${phase}`, { exit: 'INTERNAL' });
  throw replyError(reply, plan, phase);
}

function replyError(reply: Reply, plan: SessionPlan, phase: string): MctlError {
  const given = typeof reply.traceback === 'string' ? reply.traceback.trimEnd() : '';
  const [message, traceback] = capText(String(reply.message ?? 'failed'), given, plan.maxTextBytes);
  if (reply.kind === 'mctl') {
    return new MctlError(String(reply.code), message, {
      exit: reply.exit as ExitClass,
      ...(reply.hint ? { hint: String(reply.hint) } : {}),
      ...(reply.details ? { details: reply.details as Record<string, unknown> } : {}),
    });
  }
  const kind = KINDS[String(reply.kind)] ?? KINDS.internal!;
  const inputIndex = typeof reply.input === 'number' ? reply.input : undefined;
  const where =
    inputIndex !== undefined
      ? ` (${plan.payloads[inputIndex]?.label})`
      : reply.kind === 'run' || reply.kind === 'result'
        ? ` (${phase})`
        : '';
  const text = `${plan.entryName}: ${kind.what}${where}: ${message}${traceback ? `\n${indent(traceback)}` : ''}`;
  const details: Record<string, unknown> = { phase: reply.kind, during: phase };
  for (const key of ['path', 'exceptionType', 'exitCode', 'input'])
    if (reply[key] !== undefined) details[key] = reply[key];
  if (traceback) details.traceback = traceback;
  return new MctlError(kind.code, text, {
    exit: kind.exit,
    hint: reply.hint ? String(reply.hint) : hintFor(String(reply.kind)),
    details,
  });
}

/**
 * The script's message and traceback within max bytes together (--max-log-bytes): a 30 MB
 * exception message is cut, with a note, instead of flooding the terminal (twice: the
 * traceback ends with the message too).
 */
function capText(message: string, traceback: string, max: number): [string, string | undefined] {
  const cut = (text: string, room: number) => {
    const bytes = Buffer.byteLength(text);
    if (bytes <= room) return text;
    const kept = Buffer.from(text)
      .subarray(0, Math.max(room, 0))
      .toString()
      .replace(/\uFFFD$/, '');
    return `${kept}… (${bytes - Buffer.byteLength(kept)} more bytes not shown; see --max-log-bytes)`;
  };
  const head = cut(message, Math.max(max, 200));
  const tail = traceback.trim() === '' ? undefined : cut(traceback, max - Buffer.byteLength(head));
  return [head, tail];
}

function hintFor(kind: string): string {
  switch (kind) {
    case 'import':
      return (
        'the script failed while being imported: ' +
        'a missing package, a syntax error or a failing module-level statement (see the traceback)'
      );
    case 'init':
      return 'the script failed while initialising (loading the model): see the traceback; is --model-dir right?';
    case 'run':
      return 'the script failed on this input: see the traceback';
    default:
      return 'see the message above';
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
