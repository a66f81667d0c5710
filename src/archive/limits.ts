import { MctlError } from '../errors.ts';

/**
 * Bounds on what an archive may claim before mctl reads it: entry count, sizes and the
 * compression ratio. Deflate tops out near 1032:1, which a bomb uses and real weights do
 * not approach; small files may exceed any ratio harmlessly (mctl deflates a 3 MB
 * repetitive text 400:1), so the ratio is judged only on members, and archives, that
 * expand past ratioFloor. Declared sizes are also checked against the data as it inflates.
 */
export interface ArchiveLimits {
  maxEntries: number;
  maxEntrySize: number;
  maxTotalSize: number;
  /** Uncompressed : compressed. */
  maxRatio: number;
  /** Expansion below this many bytes is never a bomb. */
  ratioFloor: number;
}

const GiB = 1024 ** 3;

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 10_000,
  maxEntrySize: 64 * GiB,
  maxTotalSize: 64 * GiB,
  maxRatio: 200,
  ratioFloor: 256 * 1024 * 1024,
};

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
  if (compressedSize !== null && size > limits.ratioFloor && size / Math.max(compressedSize, 1) > limits.maxRatio) {
    throw unsafe('ARCHIVE_BOMB', archive, `member '${name}' expands ${Math.round(size / Math.max(compressedSize, 1))}:1 (${compressedSize} → ${size} bytes), over the limit of ${limits.maxRatio}:1`, 'a compression bomb; raise --max-ratio only if the archive is trusted', { member: name });
  }
}

export function checkTotal(archive: string, total: number, limits: ArchiveLimits): void {
  if (total > limits.maxTotalSize) {
    throw unsafe('ARCHIVE_TOO_LARGE', archive, `members add up to ${total} bytes, over the limit of ${limits.maxTotalSize}`, 'raise --max-size if the archive is trusted');
  }
}

/** Many members each under the floor must not add up to a bomb: the whole archive's ratio. */
export function checkArchiveRatio(archive: string, total: number, archiveSize: number, limits: ArchiveLimits): void {
  if (total > limits.ratioFloor && total / Math.max(archiveSize, 1) > limits.maxRatio) {
    throw unsafe('ARCHIVE_BOMB', archive, `${archiveSize} bytes expand to ${total} (${Math.round(total / Math.max(archiveSize, 1))}:1), over the limit of ${limits.maxRatio}:1`, 'a compression bomb; raise --max-ratio only if the archive is trusted');
  }
}
