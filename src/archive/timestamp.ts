import { MctlError } from '../errors.ts';

/**
 * One time for every entry and for the manifest's createdOn, so the same inputs give the same
 * bytes: `--created-on` if given, else SOURCE_DATE_EPOCH (reproducible-builds.org), else
 * 1980-01-01 00:00:00 UTC, the earliest time a zip entry can carry. Never the wall clock
 * unless asked for with `--created-on now`.
 */
export const FIXED_EPOCH = 315_532_800;
const DOS_MAX = 4_354_819_198; // 2107-12-31 23:59:58 UTC

export interface Timestamp {
  seconds: number;
  source: 'fixed' | 'SOURCE_DATE_EPOCH' | '--created-on';
}

export function resolveTimestamp(flag: string | undefined, env: NodeJS.ProcessEnv, now = () => Date.now()): Timestamp {
  if (flag !== undefined) return { seconds: clamp(parseWhen(flag, now)), source: '--created-on' };
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) {
      throw new MctlError(
        'SOURCE_DATE_EPOCH_INVALID',
        `SOURCE_DATE_EPOCH is '${epoch}', not a whole number of seconds`,
        {
          exit: 'BAD_INPUT',
          hint: 'set it to seconds since 1970-01-01 UTC, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)',
          details: { value: epoch },
        },
      );
    }
    return { seconds: clamp(Number(epoch)), source: 'SOURCE_DATE_EPOCH' };
  }
  return { seconds: FIXED_EPOCH, source: 'fixed' };
}

function parseWhen(value: string, now: () => number): number {
  if (value === 'now') return Math.floor(now() / 1000);
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new MctlError('CREATED_ON_INVALID', `--created-on: '${value}' is not a time`, {
      exit: 'USAGE',
      hint: "give 'now', seconds since the epoch, or an ISO 8601 time such as 2025-03-17T11:20:57Z",
      details: { value },
    });
  }
  return Math.floor(ms / 1000);
}

// Zip entries hold local DOS times in two-second steps between 1980 and 2107.
function clamp(seconds: number): number {
  const even = seconds - (seconds % 2);
  return Math.min(Math.max(even, FIXED_EPOCH), DOS_MAX);
}

/** MS-DOS date and time words of a UTC time, as zip headers store them. */
export function dosDateTime(seconds: number): { date: number; time: number } {
  const d = new Date(seconds * 1000);
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

/** torch-model-archiver's createdOn format, `dd/mm/YYYY HH:MM:SS`, here in UTC. */
export function createdOnText(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  );
}
