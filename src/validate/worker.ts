/** Worker thread entry: checks the batches of files run-jobs sends. */
import { workerData } from 'node:worker_threads';
import { prepareParser } from '../source/index.ts';
import { readSourceFile } from '../source/read.ts';
import { serveBatches } from '../source/worker-pool.ts';
import { checkFile, type CheckOptions, type FileJob } from './check-file.ts';

const options = workerData as CheckOptions;

serveBatches(async (job: FileJob) => {
  const bytes = readSourceFile(job.path, job.display);
  await prepareParser(job.path);
  return checkFile(job, bytes, options);
});
