import type { WorkItem, WorkOutcome } from '../flavors/types.ts';
import type { StartWorker, Worker, WorkerReady } from './worker.ts';

export interface PoolOptions {
  size: number;
  /** TorchServe's batch_size: requests grouped into one call (1: no grouping). */
  batchSize: number;
  /** TorchServe's max_batch_delay: how long a worker waits to fill a batch, from its first request. */
  maxBatchDelayMs: number;
  /** Requests waiting beyond this are refused (TorchServe's job_queue_size). */
  maxQueue: number;
  log(line: string): void;
  onRestart?(): void;
}

interface Job {
  item: WorkItem;
  resolve(outcome: WorkOutcome): void;
}

interface Slot {
  worker: Worker;
  generation: number;
  busy: boolean;
  retiring: boolean;
}

// TorchServe's worker restart back-off (WorkerThread.BACK_OFF), in seconds.
const BACK_OFF_S = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55];

/**
 * The workers behind one model: a queue, TorchServe's batching (a free worker takes the first
 * request and waits up to max_batch_delay for batch_size of them), a replacement for every
 * worker that crashes or times out, and reloads that keep the old workers serving until the
 * new ones have loaded.
 */
export class WorkerPool {
  private readonly options: PoolOptions;
  private start: StartWorker | undefined;
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private generation = 0;
  private gathering: { slot: Slot; jobs: Job[]; timer: NodeJS.Timeout } | undefined;
  private starting = 0;
  private startFailures = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private draining = false;
  private inFlight = 0;
  private nextId = 1;
  private idleWaiters: (() => void)[] = [];
  private readonly pendingStarts = new Set<Promise<unknown>>();

  constructor(options: PoolOptions) {
    this.options = options;
  }

  /** Starts the workers; rejects with the first load error (the others are closed). */
  async open(start: StartWorker): Promise<WorkerReady> {
    const ready = await this.startGeneration(start, 0);
    this.start = start;
    return ready;
  }

  /**
   * Queues one request; resolves with its outcome (failure kind `unavailable` when no worker can
   * take it). A request whose client left (`gone` aborted) while it waited is dropped unrun.
   */
  submit(item: WorkItem, gone?: AbortSignal): Promise<WorkOutcome> {
    const refuse = this.refusal();
    if (refuse) return Promise.resolve({ ok: false, failure: { kind: 'unavailable', message: refuse } });
    return new Promise((resolve) => {
      const job: Job = { item, resolve };
      this.queue.push(job);
      gone?.addEventListener(
        'abort',
        () => {
          const at = this.queue.indexOf(job);
          if (at === -1) return;
          this.queue.splice(at, 1);
          resolve({
            ok: false,
            failure: { kind: 'unavailable', message: 'the client left before a worker took the request' },
          });
          this.checkIdle();
        },
        { once: true },
      );
      this.pump();
    });
  }

  /**
   * Starts a new set of workers with new code; only when all of them have loaded do they take
   * over, and the old ones finish what they are running, then close. A failed load leaves the
   * old workers serving and rejects with its error.
   */
  async reload(start: StartWorker): Promise<WorkerReady> {
    const generation = this.generation + 1;
    const ready = await this.startGeneration(start, generation);
    this.generation = generation;
    this.start = start;
    this.startFailures = 0;
    for (const slot of this.slots) {
      if (slot.generation === generation) continue;
      slot.retiring = true;
      if (!slot.busy) this.remove(slot);
    }
    this.pump();
    return ready;
  }

  /** Stops taking requests, lets the queued and running ones finish, then ends every worker. */
  async drain(): Promise<void> {
    this.draining = true;
    // Restarts not begun yet are dropped; those under way are awaited below and then closed.
    this.starting -= this.timers.size;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.readyCount() === 0) this.failQueued('the server is shutting down and no worker is running');
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
    await Promise.all([...this.slots.map((slot) => slot.worker.close()), ...this.pendingStarts]);
    this.slots = [];
  }

  stats(): {
    workers: { id: string; pid: number; startedAt: Date; ready: boolean }[];
    ready: number;
    queued: number;
    inFlight: number;
  } {
    const live = this.slots.filter((s) => !s.retiring);
    return {
      workers: live.map((s) => ({ id: s.worker.id, pid: s.worker.pid, startedAt: s.worker.startedAt, ready: true })),
      ready: live.length,
      queued: this.queue.length,
      inFlight: this.inFlight,
    };
  }

  private async startGeneration(start: StartWorker, generation: number): Promise<WorkerReady> {
    const ids = Array.from({ length: this.options.size }, () => `w${this.nextId++}`);
    const results = await Promise.allSettled(ids.map((id) => start(id)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.worker.close() : undefined)));
      throw failed.reason;
    }
    const started = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<StartWorker>>>).value);
    for (const { worker } of started) this.slots.push({ worker, generation, busy: false, retiring: false });
    return started[0]!.ready;
  }

  private refusal(): string | undefined {
    if (this.draining) return 'the server is shutting down';
    if (this.readyCount() === 0 && (this.starting === 0 || this.startFailures > 0))
      return 'no worker is running (the last start failed; see the log)';
    if (this.queue.length >= this.options.maxQueue)
      return `${this.queue.length} requests are already waiting (the queue limit)`;
    return undefined;
  }

  private readyCount(): number {
    return this.slots.filter((s) => !s.retiring).length;
  }

  private pump(): void {
    if (this.gathering) this.fillGathering();
    for (;;) {
      if (this.queue.length === 0) return;
      const slot = this.slots.find((s) => !s.busy && !s.retiring);
      if (!slot) return;
      if (!slot.worker.alive()) {
        this.lost(slot, 'exited while idle');
        continue;
      }
      const head = this.queue[0]!;
      if (!head.item.batchable || this.options.batchSize <= 1) {
        this.dispatch(slot, [this.queue.shift()!]);
        continue;
      }
      const jobs = this.takeBatchable(this.options.batchSize);
      if (jobs.length < this.options.batchSize && this.options.maxBatchDelayMs > 0) {
        slot.busy = true;
        const timer = setTimeout(() => this.fireGathering(), this.options.maxBatchDelayMs);
        this.gathering = { slot, jobs, timer };
        return;
      }
      this.dispatch(slot, jobs);
    }
  }

  private takeBatchable(max: number): Job[] {
    const jobs: Job[] = [];
    while (jobs.length < max && this.queue[0]?.item.batchable) jobs.push(this.queue.shift()!);
    return jobs;
  }

  private fillGathering(): void {
    const g = this.gathering!;
    g.jobs.push(...this.takeBatchable(this.options.batchSize - g.jobs.length));
    if (g.jobs.length >= this.options.batchSize) this.fireGathering();
  }

  private fireGathering(): void {
    const g = this.gathering;
    if (!g) return;
    clearTimeout(g.timer);
    this.gathering = undefined;
    g.slot.busy = false;
    if (!g.slot.worker.alive()) {
      this.queue.unshift(...g.jobs);
      this.lost(g.slot, 'exited while idle');
      this.pump();
      return;
    }
    this.dispatch(g.slot, g.jobs);
    this.pump();
  }

  private dispatch(slot: Slot, jobs: Job[]): void {
    slot.busy = true;
    this.inFlight += jobs.length;
    const batch = jobs[0]!.item.batchable === true;
    void slot.worker
      .call(
        jobs.map((j) => j.item),
        batch,
      )
      .then((outcomes) => {
        this.inFlight -= jobs.length;
        jobs.forEach((job, i) => job.resolve(outcomes[i] ?? outcomes[0]!));
        const failure = outcomes.find((o) => !o.ok && (o.failure.kind === 'crashed' || o.failure.kind === 'timeout'));
        slot.busy = false;
        if (failure && !failure.ok) this.lost(slot, failure.failure.message);
        else if (slot.retiring) this.remove(slot);
        this.pump();
        this.checkIdle();
      });
  }

  /** A worker that died: removed, and another started in its place (with TorchServe's back-off). */
  private lost(slot: Slot, why: string): void {
    const wasCurrent = slot.generation === this.generation && !slot.retiring;
    this.remove(slot);
    if (wasCurrent && !this.draining) {
      this.options.log(`worker ${slot.worker.id} (pid ${slot.worker.pid}) is gone: ${why}; starting another`);
      this.options.onRestart?.();
      this.replace();
    }
  }

  private remove(slot: Slot): void {
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.close();
    this.checkIdle();
  }

  private replace(): void {
    const start = this.start;
    if (!start) return;
    const delayS = BACK_OFF_S[Math.min(this.startFailures, BACK_OFF_S.length - 1)]!;
    const generation = this.generation;
    this.starting++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const id = `w${this.nextId++}`;
      const pending = start(id).then(
        ({ worker }) => {
          this.starting--;
          if (this.draining || generation !== this.generation) {
            void worker.close();
            this.checkIdle();
            return;
          }
          this.startFailures = 0;
          this.slots.push({ worker, generation, busy: false, retiring: false });
          this.options.log(`worker ${id} (pid ${worker.pid}) ready`);
          this.pump();
        },
        (error: unknown) => {
          this.starting--;
          this.startFailures++;
          this.options.log(`worker ${id} failed to start: ${(error as Error).message}`);
          if (this.readyCount() === 0) this.failQueued('no worker is running (the restart failed; see the log)');
          if (!this.draining && generation === this.generation) this.replace();
          this.checkIdle();
        },
      );
      this.pendingStarts.add(pending);
      void pending.finally(() => this.pendingStarts.delete(pending));
    }, delayS * 1000);
    this.timers.add(timer);
  }

  private failQueued(message: string): void {
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, failure: { kind: 'unavailable', message } });
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return;
    if (this.queue.length > 0 || this.inFlight > 0 || this.gathering) return;
    if (this.timers.size > 0 && !this.draining) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
