import type { WorkItem, WorkOutcome } from '../../../src/flavors/types.ts';
import type { StartWorker, Worker } from '../../../src/serve/worker.ts';

/** In-process workers for the pool and the server: each call answers after `delayMs` with what it got. */
export interface FakeOptions {
  delayMs?: number;
  /** The version the workers of this starter report (reloads start a new one). */
  version?: string;
  /** Fails to load (a broken reload). */
  failLoad?: boolean;
  /** How long init takes. */
  loadMs?: number;
  /** `text` that makes the call crash (the worker is gone) or time out. */
  crashOn?: string;
  hangOn?: string;
}

export interface FakeLog {
  /** Every call: the worker, the items' texts, batch or not. */
  calls: { worker: string; texts: string[]; batch: boolean; version: string }[];
  started: string[];
  closed: string[];
}

export function fakeStarter(options: FakeOptions, log: FakeLog): StartWorker {
  return async (id) => {
    if (options.loadMs) await new Promise((r) => setTimeout(r, options.loadMs));
    if (options.failLoad) throw new Error(`${id}: init failed`);
    log.started.push(id);
    let gone = false;
    const worker: Worker = {
      id,
      pid: process.pid,
      startedAt: new Date(),
      alive: () => !gone,
      close: async () => {
        gone = true;
        log.closed.push(id);
      },
      call: (items: WorkItem[], batch: boolean) =>
        new Promise<WorkOutcome[]>((resolve) => {
          const texts = items.map((i) => i.text ?? '');
          log.calls.push({ worker: id, texts, batch, version: options.version ?? 'v1' });
          setTimeout(() => {
            if (texts.includes(options.crashOn ?? '\0') || texts.includes(options.hangOn ?? '\0')) {
              gone = true;
              const kind = texts.includes(options.crashOn ?? '\0') ? 'crashed' : 'timeout';
              resolve(items.map(() => ({ ok: false, failure: { kind, message: `${id} ${kind}` } })));
              return;
            }
            resolve(
              items.map((item) => ({
                ok: true,
                value: { echo: item.text, worker: id, version: options.version ?? 'v1', batch: items.length },
              })),
            );
          }, options.delayMs ?? 5);
        }),
    };
    return { worker, ready: { initMs: 1, convention: 'fake', warnings: [], standins: [] } };
  };
}

export function fakeLog(): FakeLog {
  return { calls: [], started: [], closed: [] };
}
