/**
 * Node's timers hold at most 2^31-1 ms (24.8 days); a longer delay fires after 1 ms with a
 * TimeoutOverflowWarning. A timeout that long means "no limit" in practice, so it is clamped
 * to the longest timer instead of refused (docs/decisions.md).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function timerMs(ms: number): number {
  return Math.min(Math.max(ms, 0), MAX_TIMER_MS);
}
