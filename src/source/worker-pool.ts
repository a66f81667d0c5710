import { availableParallelism } from 'node:os';
import { Worker, parentPort } from 'node:worker_threads';
import { MctlError, type ExitClass } from '../errors.ts';

/**
 * Worker threads that parse and check source files. The parsers are single-threaded, so a
 * pool spreads files over the cores; and the main thread only waits, so Ctrl-C and SIGTERM
 * are handled at once (main.ts exits 130, which ends the threads) even while a large file
 * is being parsed. Items are queued and sent to the first idle thread, several per message
 * when the queue is long; each item's promise settles with its own result or error.
 */
export class WorkerPool<T, R> {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[];
  private readonly queue: Task<T, R>[] = [];
  private readonly inFlight = new Map<Worker, Task<T, R>[]>();
  private readonly batch: number;
  private broken: Error | undefined;

  /** `size`: threads wanted (capped by the cores); `batch`: most items per message. */
  constructor(url: URL, workerData: unknown, size: number, batch = 1) {
    this.batch = batch;
    const threads = Math.max(1, Math.min(size, availableParallelism(), MAX_THREADS));
    this.workers = Array.from({ length: threads }, () => this.start(url, workerData));
    this.idle.push(...this.workers);
  }

  submit(item: T): Promise<R> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  run(items: T[]): Promise<R[]> {
    return Promise.all(items.map((item) => this.submit(item)));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private start(url: URL, workerData: unknown): Worker {
    const worker = new Worker(url, { workerData });
    worker.on('message', (replies: BatchReply<R>[]) => {
      const tasks = this.inFlight.get(worker) ?? [];
      this.inFlight.delete(worker);
      tasks.forEach((task, i) => {
        const reply = replies[i];
        if (reply?.ok) task.resolve(reply.value);
        else task.reject(reply ? reviveError(reply.error) : new Error('a worker thread skipped an item'));
      });
      this.idle.push(worker);
      this.pump();
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`a worker thread stopped (exit code ${code})`)));
    return worker;
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const size = Math.min(this.batch, Math.ceil(this.queue.length / this.workers.length));
      const tasks = this.queue.splice(0, Math.max(1, size));
      this.inFlight.set(worker, tasks);
      worker.postMessage(tasks.map((task) => task.item));
    }
  }

  /** A thread died: nothing queued or in flight can be answered any more. */
  private fail(error: Error): void {
    this.broken ??= error;
    const pending = [...this.queue.splice(0), ...[...this.inFlight.values()].flat()];
    this.inFlight.clear();
    for (const task of pending) task.reject(this.broken);
  }
}

interface Task<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: Error) => void;
}

/** In a worker thread: answer each batch the pool sends with `handle`'s result per item. */
export function serveBatches<T, R>(handle: (item: T) => R | Promise<R>): void {
  parentPort?.on('message', (batch: T[]) => {
    void (async () => {
      const replies: BatchReply<R>[] = [];
      for (const item of batch) {
        try {
          replies.push({ ok: true, value: await handle(item) });
        } catch (error) {
          replies.push({ ok: false, error: serializeError(error) });
        }
      }
      parentPort?.postMessage(replies);
    })();
  });
}

const MAX_THREADS = 8;

type BatchReply<R> = { ok: true; value: R } | { ok: false; error: SerializedError };

interface SerializedError {
  message: string;
  mctl?: { code: string; exit: ExitClass; hint: string | undefined; details: Record<string, unknown> | undefined };
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof MctlError) {
    return {
      message: error.message,
      mctl: { code: error.code, exit: error.exit, hint: error.hint, details: error.details },
    };
  }
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** An MctlError from a thread is the same error here; anything else is a bug in mctl. */
function reviveError(error: SerializedError): Error {
  if (!error.mctl) return new Error(`in a worker thread: ${error.message}`);
  const { code, exit, hint, details } = error.mctl;
  return new MctlError(code, error.message, { exit, ...(hint ? { hint } : {}), ...(details ? { details } : {}) });
}
