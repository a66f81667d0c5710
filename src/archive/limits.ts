import { MctlError } from '../errors.ts';

/**
 * Bounds on what an archive may claim before mctl reads it: entry count, sizes and the
 * compression ratio. DEFLATE cannot expand more than 1032:1 (a 258-byte match costs at
 * least two bits), so a header claiming more is a lie and is refused at any size; that is
 * also the default ratio limit, because mctl itself deflates mostly-zero weights at ~1029:1
 * and must read its own archives. What a real bomb can still do — expand a lot at 1032:1 —
 * is bounded by the size limits, by the space free where `run --archive` extracts, and by
 * checking every member's declared size against the data as it inflates.
 */
export interface ArchiveLimits {
  maxEntries: number;
  maxEntrySize: number;
  maxTotalSize: number;
  /** Uncompressed : compressed, judged past ratioFloor (--max-ratio lowers it). */
  maxRatio: number;
  /** Expansion below this many bytes is never judged against maxRatio. */
  ratioFloor: number;
}

const GiB = 1024 ** 3;

/** 258 bytes per two bits: no DEFLATE stream expands further. */
export const DEFLATE_MAX_RATIO = 1032;

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 10_000,
  maxEntrySize: 64 * GiB,
  maxTotalSize: 64 * GiB,
  maxRatio: DEFLATE_MAX_RATIO,
  ratioFloor: 256 * 1024 * 1024,
};

/** Every refusal of a hostile or corrupt archive: exit class 4, nothing written. */
export function unsafe(
  code: string,
  archive: string,
  message: string,
  hint?: string,
  details?: Record<string, unknown>,
): MctlError {
  return new MctlError(code, `${archive}: ${message}`, {
    exit: 'UNSAFE',
    hint: hint ?? 'the archive is corrupt or crafted to attack extractors; nothing was extracted',
    details: { archive, ...details },
  });
}

export function checkSizes(
  archive: string,
  name: string,
  size: number,
  compressedSize: number | null,
  limits: ArchiveLimits,
): void {
  if (size > limits.maxEntrySize) {
    throw unsafe(
      'ARCHIVE_TOO_LARGE',
      archive,
      `member '${name}' claims ${size} bytes, over the limit of ${limits.maxEntrySize}`,
      'raise --max-size if the archive is trusted',
      { member: name },
    );
  }
  if (compressedSize === null) return;
  const ratio = size / Math.max(compressedSize, 1);
  if (ratio > DEFLATE_MAX_RATIO) {
    throw unsafe(
      'ARCHIVE_BOMB',
      archive,
      `member '${name}' claims ${size} bytes from ${compressedSize}: ${Math.round(ratio)}:1, ` +
        `more than DEFLATE can expand (${DEFLATE_MAX_RATIO}:1), so its header lies`,
      undefined,
      { member: name },
    );
  }
  if (size > limits.ratioFloor && ratio > limits.maxRatio) {
    throw unsafe(
      'ARCHIVE_BOMB',
      archive,
      `member '${name}' expands ${Math.round(ratio)}:1 (${compressedSize} → ${size} bytes), ` +
        `over the limit of ${limits.maxRatio}:1`,
      'a compression bomb; raise --max-ratio only if the archive is trusted',
      { member: name },
    );
  }
}

export function checkTotal(archive: string, total: number, limits: ArchiveLimits): void {
  if (total > limits.maxTotalSize) {
    throw unsafe(
      'ARCHIVE_TOO_LARGE',
      archive,
      `members add up to ${total} bytes, over the limit of ${limits.maxTotalSize}`,
      'raise --max-size if the archive is trusted',
    );
  }
}

/** Many members each under the floor must not add up to a bomb: the whole archive's ratio. */
export function checkArchiveRatio(archive: string, total: number, archiveSize: number, limits: ArchiveLimits): void {
  if (total > limits.ratioFloor && total / Math.max(archiveSize, 1) > limits.maxRatio) {
    throw unsafe(
      'ARCHIVE_BOMB',
      archive,
      `${archiveSize} bytes expand to ${total} (${Math.round(total / Math.max(archiveSize, 1))}:1), ` +
        `over the limit of ${limits.maxRatio}:1`,
      'a compression bomb; raise --max-ratio only if the archive is trusted',
    );
  }
}
