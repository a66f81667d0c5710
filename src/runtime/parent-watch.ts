/**
 * The Node harness's watchdog (a worker thread, so a busy entry cannot starve it): when mctl
 * dies, even by SIGKILL, the harness is re-parented; then everything carrying the run's marker
 * is killed, and the harness's own process group with it.
 */
import { workerData } from 'node:worker_threads';
import { takeDownRun } from '../util/process/kill-tree.ts';

const { marker, ppid } = workerData as { marker?: string; ppid: number };

setInterval(() => {
  if (process.ppid !== ppid) takeDownRun(marker);
}, 500);
