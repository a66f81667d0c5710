import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { MctlError } from '../errors.ts';
import { printable } from '../util/printable.ts';
import { timerMs } from '../util/timer.ts';
import { spawnContained, type ContainedProcess } from '../util/process/contained.ts';
import { createLineReader } from './line-reader.ts';
import type { LogSink } from './log-sink.ts';

/**
 * A child process that runs entry code (the Python harness or the Node harness) and speaks
 * JSON lines on a channel of its own: requests on fd 3, replies on fd 4. Its stdout and
 * stderr are only ever logs. It is contained (contained.ts): a timeout, Ctrl-C or the end of
 * the run kills it together with anything it started, and mctl never waits on pipes that an
 * escaped grandchild holds.
 *
 * The channel is authenticated: the first request carries a random token, sent before any
 * user code is loaded and never put in the child's environment or command line, and every
 * reply line must start with it. User code in the child can write to fd 4, but what it writes
 * is refused as a forgery (exit 6), not taken as the result.
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
  timeoutFlag: '--timeout' | '--init-timeout';
}

interface Pending {
  resolve(reply: Reply): void;
  reject(error: unknown): void;
  options: AskOptions;
  timer: NodeJS.Timeout | undefined;
}

// How long replies may keep arriving after the process has exited (they are already in the pipe).
const DRAIN_MS = 250;

export class ChildHost {
  readonly pid: number;
  private readonly process: ContainedProcess;
  private readonly spec: ChildSpec;
  private readonly token: Buffer;
  private pending: Pending | undefined;
  private exited: { code: number | null; signal: string | null } | undefined;
  private failure: MctlError | undefined;
  private channelClosed = false;

  private constructor(process: ContainedProcess, spec: ChildSpec, token: string) {
    this.process = process;
    this.spec = spec;
    this.pid = process.pid;
    this.token = Buffer.from(`${token} `);
    const { stdio } = process.child;
    (stdio[1] as Readable).on('data', (chunk: Uint8Array) => spec.log.write('stdout', chunk));
    (stdio[2] as Readable).on('data', (chunk: Uint8Array) => spec.log.write('stderr', chunk));
    const lines = createLineReader(spec.maxReplyBytes, {
      line: (line) => this.onLine(line),
      tooLong: (bytes) => this.onTooLong(bytes),
    });
    const replies = stdio[4] as Readable;
    replies.on('data', (chunk: Buffer) => lines.push(chunk));
    replies.on('end', () => this.onChannelEnd());
    replies.on('error', () => undefined);
    this.requests.on('error', () => undefined);
    void process.exited.then((status) => this.onExit(status));
    this.requests.write(`${JSON.stringify({ op: 'hello', token, marker: process.marker })}\n`);
  }

  static async start(spec: ChildSpec): Promise<ChildHost> {
    let process: ContainedProcess;
    try {
      const stdio = ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] as const;
      process = await spawnContained(spec.file, spec.args, { cwd: spec.cwd, env: spec.env, stdio: [...stdio] });
    } catch (error) {
      const message = `could not start ${spec.runtime} (${spec.file}): ${(error as Error).message}`;
      throw new MctlError('CHILD_START_FAILED', message, {
        exit: 'ENVIRONMENT',
        hint:
          spec.runtime === 'python'
            ? 'point --python or MCTL_PYTHON at a working Python 3 interpreter'
            : 'check the Node.js installation',
      });
    }
    return new ChildHost(process, spec, randomBytes(24).toString('base64url'));
  }

  /** Sends one message and waits for the reply that ends it (ticks restart the timer). */
  ask(message: Record<string, unknown>, options: AskOptions): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.exited) return Promise.reject(this.exitError(options.phase));
    return new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject, options, timer: undefined };
      this.armTimer();
      this.requests.write(`${JSON.stringify(message)}\n`);
    });
  }

  /** Asks the child to finish, then kills everything it started, whatever happened. */
  async close(): Promise<void> {
    if (!this.exited && !this.channelClosed && !this.failure) {
      // Its descendants now, while they are still its descendants: once it exits they are orphans.
      this.process.snapshot();
      this.requests.end(`${JSON.stringify({ op: 'close' })}\n`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.process.exited,
        new Promise((r) => {
          timer = setTimeout(r, 2000);
        }),
      ]);
      clearTimeout(timer);
    }
    await this.process.release();
    this.spec.log.flush();
  }

  /** SIGKILL to the child and everything it started; synchronous. */
  kill(): void {
    this.process.kill();
  }

  private get requests(): Writable {
    return this.process.child.stdio[3] as Writable;
  }

  private armTimer(): void {
    const pending = this.pending;
    if (!pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    const ms = timerMs(pending.options.timeoutMs + (pending.options.tickMs ?? 0));
    pending.timer = setTimeout(() => this.onTimeout(), ms);
  }

  private onTimeout(): void {
    const pending = this.pending;
    if (!pending) return;
    const { phase, timeoutFlag, timeoutMs } = pending.options;
    const seconds = timeoutMs / 1000;
    const what = `the ${this.spec.runtime} process and everything it started were killed`;
    this.fail(
      new MctlError('TIMEOUT', `${phase} did not finish within ${seconds} s; ${what}`, {
        exit: 'TIMEOUT',
        hint:
          timeoutFlag === '--init-timeout'
            ? 'raise --init-timeout if importing the script and loading the model take longer'
            : 'raise --timeout if one call takes longer (loading the model is governed by --init-timeout)',
        details: { phase, timeoutSeconds: seconds },
      }),
    );
  }

  private onTooLong(bytes: number): void {
    const phase = this.pending?.options.phase ?? 'the call';
    const limit = `${Math.round(this.spec.maxReplyBytes / 2 ** 20)} MiB`;
    const message =
      `the result of ${phase} is larger than the ${limit} limit (${bytes} bytes and more); ` +
      `the ${this.spec.runtime} process was stopped`;
    this.fail(
      new MctlError('RESULT_TOO_LARGE', message, {
        exit: 'USER_CODE',
        hint: 'return less data, or raise --max-output-mb',
        details: { phase, limitBytes: this.spec.maxReplyBytes },
      }),
    );
  }

  private onLine(line: Buffer): void {
    if (this.failure || line.length === 0) return;
    const size = this.token.length;
    if (line.length <= size || line.compare(this.token, 0, size, 0, size) !== 0) {
      this.onForged(line);
      return;
    }
    let reply: Reply;
    try {
      reply = JSON.parse(line.toString('utf8', size)) as Reply;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_STRING_TOO_LONG') return this.onTooLong(line.length);
      const details = { line: line.subarray(0, 200).toString() };
      const message = `the ${this.spec.runtime} harness sent an unreadable reply`;
      const unreadable = new MctlError('PROTOCOL', message, { exit: 'INTERNAL', cause: error, details });
      this.settle((p) => p.reject(unreadable));
      return;
    }
    if (reply.op === 'tick') {
      this.armTimer();
      return;
    }
    this.settle((p) => p.resolve(reply));
  }

  /** A line without the token: user code wrote to the reply channel. */
  private onForged(line: Buffer): void {
    const phase = this.pending?.options.phase ?? 'the run';
    const shown = printable(line.subarray(0, 80).toString());
    const what = `${JSON.stringify(shown)}${line.length > 80 ? '…' : ''}`;
    const message = `during ${phase}, something other than mctl's harness wrote to its result channel (fd 4): ${what}`;
    this.fail(
      new MctlError('CHANNEL_FORGED', message, {
        exit: 'USER_CODE',
        hint:
          "file descriptors 3 and 4 of the process are mctl's; the script (or a library) must not write to them: " +
          'return the result instead',
        details: { phase },
      }),
    );
  }

  /** Kills the child and rejects what is pending (and every later ask) with error. */
  private fail(error: MctlError): void {
    this.kill();
    this.failure ??= error;
    this.settle((p) => p.reject(this.failure));
  }

  private onExit(status: { code: number | null; signal: string | null }): void {
    this.exited = status;
    if (!this.pending) return;
    // Replies the child wrote before it exited are still in the pipe: let them arrive first.
    const replies = this.process.child.stdio[4] as Readable;
    const drained = replies.readableEnded
      ? Promise.resolve()
      : new Promise((r) => {
          replies.once('end', r);
          setTimeout(r, DRAIN_MS);
        });
    void drained.then(() => {
      if (this.pending && !this.failure) {
        const phase = this.pending.options.phase;
        this.settle((p) => p.reject(this.exitError(phase)));
      }
    });
  }

  private onChannelEnd(): void {
    this.channelClosed = true;
    if (!this.pending) return;
    // The channel ends when the child exits; one that ends while the child lives was closed by user code.
    setTimeout(() => {
      if (this.pending && !this.failure) {
        const phase = this.pending.options.phase;
        this.kill();
        this.settle((p) => p.reject(this.exitError(phase)));
      }
    }, DRAIN_MS);
  }

  private exitError(phase: string): MctlError {
    const how = !this.exited
      ? 'ended'
      : this.exited.signal
        ? `was killed by ${this.exited.signal}`
        : `exited with code ${this.exited.code ?? '?'}`;
    return new MctlError('ENTRY_EXITED', `the ${this.spec.runtime} process ${how} during ${phase}, without a result`, {
      exit: 'USER_CODE',
      hint:
        this.spec.runtime === 'python'
          ? 'the script (or a library) ended the process: ' +
            'look for os._exit(), a crash in native code, or an out-of-memory kill in the log above'
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
