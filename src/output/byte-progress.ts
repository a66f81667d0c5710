import type { CommandContext } from './io.ts';

/** What a running progress display takes: bytes done, and the end. */
export interface ByteProgress {
  add(bytes: number): void;
  stop(): void;
}

const QUIET: ByteProgress = { add() {}, stop() {} };
const MIN_TOTAL = 64 * 1024 * 1024;

export function progressWanted(ctx: CommandContext): boolean {
  // A pseudo-terminal can report 0 columns (script(1) without a size); ora then loops forever.
  const columns = (ctx.stderr as { columns?: number }).columns;
  return ctx.stderr.isTTY === true && !ctx.json && !ctx.env.CI && columns !== undefined && columns > 0;
}

/**
 * Progress of a long byte-moving job (bytes, rate, ETA) as an ora spinner on stderr — only
 * on a terminal, never in CI or with --json. ora is loaded only when it will be shown.
 */
export async function startByteProgress(ctx: CommandContext, label: string, total: number): Promise<ByteProgress> {
  // Small jobs finish before a spinner would be read.
  if (!progressWanted(ctx) || total < MIN_TOTAL) return QUIET;
  const { default: ora } = await import('ora');
  const spinner = ora({ text: label, stream: ctx.stderr as NodeJS.WritableStream }).start();
  const started = performance.now();
  let done = 0;
  let shown = 0;
  return {
    add(bytes) {
      done += bytes;
      const now = performance.now();
      if (now - shown < 100 && done < total) return;
      shown = now;
      spinner.text = progressText(label, done, total, (now - started) / 1000);
    },
    stop() {
      spinner.stop();
    },
  };
}

/**
 * `archiving x.mar 100.0 MiB / 512.0 MiB · 250.0 MiB/s · ETA 2 s`. The job may move a few bytes
 * more than announced (the writer's own hash list comes last): never more than the total, and
 * never a negative ETA ("ETA -0 s").
 */
export function progressText(label: string, done: number, total: number, seconds: number): string {
  const moved = Math.min(done, total);
  const rate = moved / seconds;
  // A rate from the first fraction of a second says nothing yet.
  if (seconds < 0.3 || rate <= 0) return `${label} ${formatBytes(moved)} / ${formatBytes(total)}`;
  const eta = Math.ceil((total - moved) / rate);
  return `${label} ${formatBytes(moved)} / ${formatBytes(total)} · ${formatBytes(rate)}/s · ETA ${eta} s`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
