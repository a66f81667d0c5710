/** Per-call timing summary: nearest-rank percentiles over the timed (non-warmup) calls. */
export interface CallStats {
  calls: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  totalMs: number;
}

export function summarise(times: readonly number[]): CallStats {
  if (times.length === 0) return { calls: 0, p50Ms: 0, p95Ms: 0, maxMs: 0, meanMs: 0, totalMs: 0 };
  const sorted = [...times].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    calls: sorted.length,
    p50Ms: round(rank(0.5)),
    p95Ms: round(rank(0.95)),
    maxMs: round(sorted.at(-1)!),
    meanMs: round(total / sorted.length),
    totalMs: round(total),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10_000) / 10_000;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}
