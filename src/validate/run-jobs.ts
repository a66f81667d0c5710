import { statSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { readSourceFile } from '../source/read.ts';
import { WorkerPool } from '../source/worker-pool.ts';
import { checkFile, type CheckOptions, type FileJob, type FileReport } from './check-file.ts';

// Below this much source, starting threads costs more than it saves: one file of this size
// parses in well under 0.1 s, so Ctrl-C is still answered at once between files.
const IN_THREAD_FILES = 32;
const IN_THREAD_BYTES = 512 * 1024;

/**
 * Check every job: a few small files here, more in worker threads (one per core), where the
 * main thread only waits and so handles Ctrl-C and SIGTERM at once however long a parse takes.
 */
export async function runJobs(jobs: FileJob[], options: CheckOptions): Promise<FileReport[]> {
  if (jobs.length <= IN_THREAD_FILES && totalBytes(jobs) <= IN_THREAD_BYTES) return checkHere(jobs, options);
  const url = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const pool = new WorkerPool<FileJob, FileReport>(url, options, Math.ceil(jobs.length / 4), 8);
  try {
    return await pool.run(jobs);
  } finally {
    await pool.close();
  }
}

async function checkHere(jobs: FileJob[], options: CheckOptions): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const job of jobs) {
    const bytes = readSourceFile(job.path, job.display);
    reports.push(checkFile(job, bytes, options));
    await nextTurn();
  }
  return reports;
}

/** Sizes as stat sees them; a file that cannot be stat'ed is left for the reader to report. */
function totalBytes(jobs: FileJob[]): number {
  let total = 0;
  for (const job of jobs) {
    try {
      total += statSync(job.path).size;
    } catch {
      // readSourceFile names the problem.
    }
    if (total > IN_THREAD_BYTES) break;
  }
  return total;
}
