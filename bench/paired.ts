/**
 * Paired timing for the benches: A and B run in turn (A B A B …) so that the machine's
 * drifting load affects both alike; the ratio is taken pair by pair and its median quoted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Timed {
  seconds: number;
  /** Peak resident memory in MB, when /usr/bin/time could measure it. */
  peakMb: number | null;
  status: number | null;
}

const TIME = '/usr/bin/time';
const haveTime = existsSync(TIME);

/** Runs a command to completion (wall time around it); stdout and stderr are discarded. */
export function timeCommand(command: string, args: string[], options: { cwd?: string } = {}): Timed {
  const [file, argv] = haveTime ? [TIME, ['-f', '%M', command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { cwd: options.cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const last = result.stderr?.trim().split('\n').pop() ?? '';
  return { seconds, peakMb: haveTime && /^\d+$/.test(last) ? Number(last) / 1024 : null, status: result.status };
}

export interface PairedResult {
  a: number[];
  b: number[];
  ratios: number[];
  median: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `pairs` runs of A then B; each function returns its wall seconds. */
export function paired(a: () => number, b: () => number, pairs: number): PairedResult {
  const out: PairedResult = { a: [], b: [], ratios: [], median: 0 };
  for (let i = 0; i < pairs; i++) {
    const ta = a();
    const tb = b();
    out.a.push(ta);
    out.b.push(tb);
    out.ratios.push(ta / tb);
  }
  out.median = median(out.ratios);
  return out;
}

export function describe(label: string, result: PairedResult): string {
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
  return (
    `${label}: A ${fmt(result.a)} s | B ${fmt(result.b)} s | ` +
    `ratios ${fmt(result.ratios)} | median ratio ${result.median.toFixed(2)}`
  );
}
