/** Worker thread entry: checks the batches of files run-jobs sends. */
import { workerData } from 'node:worker_threads';
import { readSourceFile } from '../source/read.ts';
import { serveBatches } from '../source/worker-pool.ts';
import { checkFile, type CheckOptions, type FileJob } from './check-file.ts';

const options = workerData as CheckOptions;

serveBatches((job: FileJob) => {
  const bytes = readSourceFile(job.path, job.display);
  return checkFile(job, bytes, options);
});
