/**
 * Paired timing for bench/archive: two commands run in turn, A B A B, each after its output
 * is removed (outside the timing), so a drift in the machine's speed hits both sides of a
 * pair. Medians of the walls and of the pair-by-pair ratios; peak RSS from /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

export interface Command {
  label: string;
  argv: string[];
  /** Removed before every run. */
  output: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface Run {
  seconds: number;
  rssMB: number | null;
  /** User + system CPU seconds: on a busy machine a steadier figure than the wall. */
  cpu: number | null;
}

export interface Pairing {
  a: Command;
  b: Command;
  aRuns: Run[];
  bRuns: Run[];
  /** Median of A/B over the pairs. */
  ratio: number;
  cpuRatio: number | null;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

export function runOnce(command: Command): Run {
  rmSync(command.output, { recursive: true, force: true });
  const argv = TIME ? [TIME, '-f', '%M %U %S', ...command.argv] : command.argv;
  const started = performance.now();
  const env = command.env ?? process.env;
  const options = { cwd: command.cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 } as const;
  const result = spawnSync(argv[0]!, argv.slice(1), options);
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command.label} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const [rss, user, system] = TIME ? result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) : [];
  return { seconds, rssMB: rss === undefined ? null : rss / 1024, cpu: user === undefined ? null : user + system! };
}

/** One unmeasured run of each first: the page cache and the file system settle. */
export function paired(a: Command, b: Command, pairs: number): Pairing {
  runOnce(a);
  runOnce(b);
  const aRuns: Run[] = [];
  const bRuns: Run[] = [];
  for (let i = 0; i < pairs; i++) {
    aRuns.push(runOnce(a));
    bRuns.push(runOnce(b));
  }
  const ratio = median(aRuns.map((run, i) => run.seconds / bRuns[i]!.seconds));
  const cpuRatio = TIME ? median(aRuns.map((run, i) => run.cpu! / Math.max(bRuns[i]!.cpu!, 0.01))) : null;
  return { a, b, aRuns, bRuns, ratio, cpuRatio };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * `A 0.41 s [0.40–0.55] vs B 0.20 s [0.19–0.23]: 2.05× (median of 5 pairs) · cpu 0.71 s vs 0.20 s (3.5×)
 * · peak RSS 97 MB`: medians, [min–max] of the walls, and A's peak RSS.
 */
export function describe(pairing: Pairing, target?: number): string {
  const wall = (runs: Run[]) => {
    const seconds = runs.map((r) => r.seconds);
    return `${median(seconds).toFixed(3)} s [${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)}]`;
  };
  const of = (runs: Run[], key: 'rssMB' | 'cpu', digits: number) => median(runs.map((r) => r[key]!)).toFixed(digits);
  const rss = pairing.aRuns[0]!.rssMB === null ? '' : ` · peak RSS ${of(pairing.aRuns, 'rssMB', 0)} MB`;
  const cpu =
    pairing.cpuRatio === null
      ? ''
      : ` · cpu ${of(pairing.aRuns, 'cpu', 2)} s vs ${of(pairing.bRuns, 'cpu', 2)} s ` +
        `(${pairing.cpuRatio.toFixed(2)}×)`;
  const met = target !== undefined && pairing.ratio <= target;
  const verdict = target === undefined ? '' : ` (target ≤ ${target}×: ${met ? 'met' : 'MISSED'})`;
  return (
    `  ${pairing.a.label} ${wall(pairing.aRuns)} vs ${pairing.b.label} ${wall(pairing.bRuns)}: ` +
    `${pairing.ratio.toFixed(2)}× (median of ${pairing.aRuns.length} pairs)${verdict}${cpu}${rss}`
  );
}
