import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MctlError, errnoCode } from '../errors.ts';
import { checkFile, type CheckOptions, type FileJob, type FileReport } from './check-file.ts';

// Below this many files, starting threads costs more than it saves.
const PARALLEL_THRESHOLD = 48;
const BATCH = 8;

type WorkerResult =
  | { ok: true; report: FileReport }
  | { ok: false; kind: 'read' | 'internal'; path: string; message: string; code?: string };

/** Check every job, spread over worker threads (one per core) when there are many. */
export async function runJobs(jobs: FileJob[], options: CheckOptions): Promise<FileReport[]> {
  const threads = Math.min(availableParallelism(), 8);
  if (jobs.length < PARALLEL_THRESHOLD || threads < 2) {
    return jobs.map((job) => checkFile(job, readSource(job.path), options));
  }
  const reports = new Array<FileReport>(jobs.length);
  let next = 0;
  const workerUrl = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  await Promise.all(Array.from({ length: threads }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: options });
    let batchStart = 0;
    const send = () => {
      if (next >= jobs.length) {
        void worker.terminate().then(() => resolve());
        return;
      }
      batchStart = next;
      next = Math.min(jobs.length, next + BATCH);
      worker.postMessage(jobs.slice(batchStart, next));
    };
    worker.on('message', (results: WorkerResult[]) => {
      for (let i = 0; i < results.length; i++) {
        const result = results[i]!;
        if (!result.ok) {
          void worker.terminate();
          reject(result.kind === 'read' ? unreadable(result.path, result.code, result.message) : new Error(`checking ${result.path} failed: ${result.message}`));
          return;
        }
        reports[batchStart + i] = result.report;
      }
      send();
    });
    worker.on('error', reject);
    send();
  })));
  return reports;
}

function readSource(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw unreadable(path, errnoCode(error), String(error));
  }
}

function unreadable(path: string, code: string | undefined, message: string): MctlError {
  return new MctlError('PATH_UNREADABLE', `cannot read ${path}: ${code ?? message}`, {
    exit: 'BAD_INPUT',
    hint: code === 'EACCES' ? 'check the file permissions' : 'check that the file exists and is a regular file',
    details: { path },
  });
}
