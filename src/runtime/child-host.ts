import type { ResultPromise } from 'execa';
import { MctlError } from '../errors.ts';
import { onInterrupt } from '../util/cleanup.ts';
import type { LogSink } from './log-sink.ts';
import { killProcessTree } from './kill-tree.ts';

/**
 * A child process that runs entry code (the Python harness or the Node harness) and speaks
 * JSON lines on a channel of its own: requests on fd 3, replies on fd 4. Its stdout and
 * stderr are only ever logs. It runs in its own process group, so a timeout, Ctrl-C or the
 * end of the run kills it together with anything it started.
 */
export interface ChildSpec {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** 'python' or 'node', for messages. */
  runtime: string;
  log: LogSink;
  /** A reply line longer than this is refused (the child is killed). */
  maxReplyBytes: number;
}

export interface Reply {
  op: string;
  [key: string]: unknown;
}

export interface AskOptions {
  /** ms; restarted by every {"op":"tick"} the child sends. */
  timeoutMs: number;
  /**
   * The child ticks before a call at most once per tickMs. A call starts less than tickMs
   * after the last tick, so the timer runs timeoutMs + tickMs from a tick: a hung call is
   * killed after at least timeoutMs, at most tickMs late, and fast calls need no message each.
   */
  tickMs?: number;
  /** What the child is doing, for messages: "init", "call 2 (sample.json)". */
  phase: string;
  /** The option that sets the limit, for the hint. */
  timeoutFlag: string;
}

interface Pending {
  resolve(reply: Reply): void;
  reject(error: unknown): void;
  options: AskOptions;
  timer: NodeJS.Timeout | undefined;
}

export class ChildHost {
  readonly pid: number;
  private readonly subprocess: ResultPromise;
  private readonly spec: ChildSpec;
  private pending: Pending | undefined;
  private buffered = '';
  private exited: { code: number | undefined; signal: string | undefined } | undefined;
  private failure: MctlError | undefined;
  private channelClosed = false;
  private readonly unregister: () => void;

  private constructor(subprocess: ResultPromise, spec: ChildSpec) {
    this.subprocess = subprocess;
    this.spec = spec;
    if (subprocess.pid === undefined) {
      throw new MctlError('CHILD_START_FAILED', `could not start ${spec.file}`, { exit: 'ENVIRONMENT', hint: 'check that the interpreter exists and is executable' });
    }
    this.pid = subprocess.pid;
    // Ctrl-C / SIGTERM: main.ts runs this synchronously before exiting 130.
    this.unregister = onInterrupt(() => this.kill());
    subprocess.stdout?.on('data', (chunk: Uint8Array) => spec.log.write('stdout', chunk));
    subprocess.stderr?.on('data', (chunk: Uint8Array) => spec.log.write('stderr', chunk));
    const replies = subprocess.stdio[4] as NodeJS.ReadableStream;
    replies.setEncoding('utf8');
    replies.on('data', (text: string) => this.onReplyData(text));
    // The reply channel closes when the child dies, even while a grandchild still holds its
    // stdout open (which delays the exit execa reports until that grandchild ends).
    replies.on('end', () => setTimeout(() => this.onChannelClosed(), 300).unref());
    (subprocess.stdio[3] as NodeJS.WritableStream).on('error', () => undefined);
    void subprocess.then((result) => this.onExit(result.exitCode, result.signal), (error: { exitCode?: number; signal?: string }) => this.onExit(error.exitCode, error.signal));
  }

  static async start(spec: ChildSpec): Promise<ChildHost> {
    const { execa } = await import('execa');
    const subprocess = execa(spec.file, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      extendEnv: false,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      buffer: false,
      reject: false,
      // Own process group: one kill reaches grandchildren, and Ctrl-C reaches only mctl,
      // which then cleans up in order.
      detached: true,
      cleanup: false,
      encoding: 'buffer',
    });
    if (subprocess.pid === undefined) {
      // The spawn failed (no such file, not executable): execa settles with the reason.
      const result = (await subprocess.catch((error: unknown) => error)) as { shortMessage?: string; message?: string };
      throw new MctlError('CHILD_START_FAILED', `could not start ${spec.runtime} (${spec.file}): ${result.shortMessage ?? result.message ?? 'unknown error'}`, {
        exit: 'ENVIRONMENT',
        hint: spec.runtime === 'python' ? 'point --python or MCTL_PYTHON at a working Python 3 interpreter' : 'check the Node.js installation',
      });
    }
    return new ChildHost(subprocess, spec);
  }

  /** Sends one message and waits for the reply that ends it (ticks restart the timer). */
  ask(message: Record<string, unknown>, options: AskOptions): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.exited) return Promise.reject(this.exitError(options.phase));
    return new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject, options, timer: undefined };
      this.armTimer();
      (this.subprocess.stdio[3] as NodeJS.WritableStream).write(`${JSON.stringify(message)}\n`);
    });
  }

  /** Asks the child to finish, then kills its group whatever happened (leftover grandchildren included). */
  async close(): Promise<void> {
    if (!this.exited && !this.channelClosed) {
      (this.subprocess.stdio[3] as NodeJS.WritableStream).end(`${JSON.stringify({ op: 'close' })}\n`);
      await Promise.race([this.subprocess.catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    this.kill();
    this.spec.log.flush();
  }

  /** SIGKILL to the child's whole process group and its descendants; synchronous. */
  kill(): void {
    this.unregister();
    killProcessTree(this.pid);
  }

  private armTimer(): void {
    const pending = this.pending;
    if (!pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    pending.timer = setTimeout(() => this.onTimeout(), pending.options.timeoutMs + (pending.options.tickMs ?? 0));
  }

  private onTimeout(): void {
    const pending = this.pending;
    if (!pending) return;
    this.kill();
    const seconds = pending.options.timeoutMs / 1000;
    this.failure = new MctlError('TIMEOUT', `${pending.options.phase} did not finish within ${seconds} s; the ${this.spec.runtime} process and everything it started were killed`, {
      exit: 'TIMEOUT',
      hint: `raise ${pending.options.timeoutFlag} if this is expected (for example a large model loading)`,
      details: { phase: pending.options.phase, timeoutSeconds: seconds },
    });
    this.settle((p) => p.reject(this.failure));
  }

  private onReplyData(text: string): void {
    this.buffered += text;
    if (this.buffered.length > this.spec.maxReplyBytes) {
      this.kill();
      this.failure = new MctlError('RESULT_TOO_LARGE', `the result of ${this.pending?.options.phase ?? 'the call'} is larger than ${Math.round(this.spec.maxReplyBytes / 2 ** 20)} MiB`, {
        exit: 'USER_CODE',
        hint: 'return less data, or raise --max-output-mb',
      });
      this.settle((p) => p.reject(this.failure));
      return;
    }
    let newline = this.buffered.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      this.onReply(line);
      newline = this.buffered.indexOf('\n');
    }
  }

  private onReply(line: string): void {
    if (line === '') return;
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch (error) {
      this.settle((p) => p.reject(new MctlError('PROTOCOL', `the ${this.spec.runtime} harness sent an unreadable reply`, { exit: 'INTERNAL', cause: error, details: { line: line.slice(0, 200) } })));
      return;
    }
    if (reply.op === 'tick') {
      this.armTimer();
      return;
    }
    this.settle((p) => p.resolve(reply));
  }

  private onExit(code: number | undefined, signal: string | undefined): void {
    this.exited = { code, signal };
    // Replies still in the pipe arrive before 'exit' is observed in practice, but let them drain.
    setImmediate(() => {
      if (this.pending && !this.failure) {
        const phase = this.pending.options.phase;
        this.settle((p) => p.reject(this.exitError(phase)));
      }
    });
  }

  private onChannelClosed(): void {
    this.channelClosed = true;
    if (this.pending && !this.failure) {
      const phase = this.pending.options.phase;
      this.settle((p) => p.reject(this.exitError(phase)));
    }
  }

  private exitError(phase: string): MctlError {
    const how = !this.exited ? 'ended' : this.exited.signal ? `was killed by ${this.exited.signal}` : `exited with code ${this.exited.code ?? '?'}`;
    return new MctlError('ENTRY_EXITED', `the ${this.spec.runtime} process ${how} during ${phase}, without a result`, {
      exit: 'USER_CODE',
      hint: this.spec.runtime === 'python'
        ? 'the script (or a library) ended the process: look for os._exit(), a crash in native code, or an out-of-memory kill in the log above'
        : 'the script ended the process: look for process.exit() or a crash in the log above',
      details: { phase, exitCode: this.exited?.code ?? null, signal: this.exited?.signal ?? null },
    });
  }

  private settle(fn: (pending: Pending) => void): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    if (pending.timer) clearTimeout(pending.timer);
    fn(pending);
  }
}
