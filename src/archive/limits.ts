import { MctlError } from '../errors.ts';

/**
 * Bounds on what an archive may claim before mctl reads it: entry count, sizes and the
 * compression ratio (a zip bomb inflates ~1000:1; real models and code stay far below 200:1).
 */
export interface ArchiveLimits {
  maxEntries: number;
  maxEntrySize: number;
  maxTotalSize: number;
  /** Uncompressed : compressed, for entries and archives over RATIO_FLOOR bytes. */
  maxRatio: number;
}

const GiB = 1024 ** 3;

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 10_000,
  maxEntrySize: 64 * GiB,
  maxTotalSize: 64 * GiB,
  maxRatio: 200,
};

/** Below this size a high ratio is harmless (a small file of zeros). */
export const RATIO_FLOOR = 1024 * 1024;

/** Every refusal of a hostile or corrupt archive: exit class 4, nothing written. */
export function unsafe(code: string, archive: string, message: string, hint?: string, details?: Record<string, unknown>): MctlError {
  return new MctlError(code, `${archive}: ${message}`, {
    exit: 'UNSAFE',
    hint: hint ?? 'the archive is corrupt or crafted to attack extractors; nothing was extracted',
    details: { archive, ...details },
  });
}

export function checkSizes(archive: string, name: string, size: number, compressedSize: number | null, limits: ArchiveLimits): void {
  if (size > limits.maxEntrySize) {
    throw unsafe('ARCHIVE_TOO_LARGE', archive, `member '${name}' claims ${size} bytes, over the limit of ${limits.maxEntrySize}`, 'raise --max-size if the archive is trusted', { member: name });
  }
  if (compressedSize !== null && size > RATIO_FLOOR && size / Math.max(compressedSize, 1) > limits.maxRatio) {
    throw unsafe('ARCHIVE_BOMB', archive, `member '${name}' expands ${Math.round(size / Math.max(compressedSize, 1))}:1 (${compressedSize} → ${size} bytes), over the limit of ${limits.maxRatio}:1`, 'a compression bomb; raise --max-ratio only if the archive is trusted', { member: name });
  }
}

export function checkTotal(archive: string, total: number, limits: ArchiveLimits): void {
  if (total > limits.maxTotalSize) {
    throw unsafe('ARCHIVE_TOO_LARGE', archive, `members add up to ${total} bytes, over the limit of ${limits.maxTotalSize}`, 'raise --max-size if the archive is trusted');
  }
}
