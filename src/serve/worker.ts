import type { TensorInfo, WorkItem, WorkOutcome } from '../flavors/types.ts';

/**
 * One worker process serving the entry, as the pool sees it. The harness implementation is
 * harness-worker.ts; tests drive the pool with in-process fakes of this interface.
 */
export interface Worker {
  readonly id: string;
  readonly pid: number;
  readonly startedAt: Date;
  /**
   * One call: one request, or a batch of them (one handle() call for TorchServe). Never
   * rejects: every failure is an outcome; after `crashed` or `timeout` the worker is gone.
   */
  call(items: WorkItem[], batch: boolean): Promise<WorkOutcome[]>;
  /** Whether the process is still there (a crash between calls is noticed before the next one). */
  alive(): boolean;
  /** Ends the process and anything it started. */
  close(): Promise<void>;
}

/** What a worker reports once init succeeded. */
export interface WorkerReady {
  initMs: number;
  convention: string;
  warnings: string[];
  standins: string[];
  signature?: { inputs: TensorInfo[]; outputs: TensorInfo[] };
  schema?: { input?: unknown; output?: unknown };
}

/** Starts one worker and loads the entry (rejects with the load's error: import, init, environment). */
export type StartWorker = (id: string) => Promise<{ worker: Worker; ready: WorkerReady }>;
