/** Worker thread entry: checks the batches of files the main thread sends. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, type CheckOptions, type FileJob } from './check-file.ts';

const options = workerData as CheckOptions;

parentPort?.on('message', (batch: FileJob[]) => {
  const results = batch.map((job) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(job.path);
    } catch (error) {
      return { ok: false as const, kind: 'read' as const, path: job.path, message: String(error), code: (error as { code?: string }).code };
    }
    try {
      return { ok: true as const, report: checkFile(job, bytes, options) };
    } catch (error) {
      return { ok: false as const, kind: 'internal' as const, path: job.path, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
  });
  parentPort?.postMessage(results);
});
