import type { CommandContext } from './io.ts';

/**
 * Progress of a long byte-moving job (bytes, rate, ETA) as an ora spinner on stderr — only
 * on a terminal, never in CI or with --json. ora is loaded only when it will be shown.
 */
export interface ByteProgress {
  add(bytes: number): void;
  stop(): void;
}

const QUIET: ByteProgress = { add() {}, stop() {} };
const MIN_TOTAL = 64 * 1024 * 1024;

export function progressWanted(ctx: CommandContext): boolean {
  return ctx.stderr.isTTY === true && !ctx.json && !ctx.env.CI;
}

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
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const eta = rate > 0 ? (total - done) / rate : 0;
      spinner.text = `${label} ${formatBytes(done)} / ${formatBytes(total)} · ${formatBytes(rate)}/s · ETA ${eta.toFixed(0)} s`;
    },
    stop() {
      spinner.stop();
    },
  };
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
