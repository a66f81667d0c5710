import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { MctlError } from '../errors.ts';
import { osError } from './os-error.ts';

/**
 * The one way mctl reads a file the user named (an entry script, an input, an environment
 * spec, mctl.yaml). The file is opened non-blocking and checked with fstat on the open
 * descriptor before a byte is read: a FIFO, a device (`/dev/zero`), a socket or a directory
 * is refused at once (exit 3) instead of blocking forever or growing without end, and the size
 * cap is enforced on the bytes actually read, so a file that grows while it is read cannot
 * slip past it. Reads of a regular file never block indefinitely, so a synchronous read is safe.
 */

export interface ReadFileOptions {
  /** The path as shown to the user. */
  shown: string;
  /** Refuse files larger than this many bytes. */
  maxBytes: number;
  /** What the file is, for messages: 'input', 'entry script', 'environment spec'. */
  what: string;
  /** The fix to suggest for a file that is too large. */
  tooLargeHint?: string;
  /**
   * Read into this buffer when it has room for maxBytes + 1 (a caller reading thousands of
   * files saves an allocation each); the result is then a view of it, valid until its next use.
   */
  into?: Buffer;
}

export function readRegularFile(path: string, options: ReadFileOptions): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw fileError(error, options);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegular(stats, options);
    if (stats.size > options.maxBytes) throw tooLarge(stats.size, options);
    // One byte more than the cap tells a file that grew past it from one that fits exactly.
    const wanted = Math.min(stats.size, options.maxBytes) + 1;
    const into = options.into && options.into.length > options.maxBytes ? options.into : null;
    const buffer = into ? into.subarray(0, wanted) : Buffer.allocUnsafe(wanted);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > options.maxBytes) throw tooLarge(length, options);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    throw error instanceof MctlError ? error : fileError(error, options);
  } finally {
    closeSync(fd);
  }
}

/** What kind of non-regular file this is, in words. */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(stats: Stats, options: ReadFileOptions): MctlError {
  return new MctlError(
    'INPUT_NOT_REGULAR',
    `${options.shown}: the ${options.what} is ${fileKind(stats)}, not a regular file`,
    {
      exit: 'BAD_INPUT',
      hint: stats.isDirectory()
        ? `name a file, not a directory`
        : 'mctl reads regular files only; copy the data into a file first (a link to a device or pipe is refused too)',
      details: { path: options.shown },
    },
  );
}

function tooLarge(size: number, options: ReadFileOptions): MctlError {
  return new MctlError(
    'INPUT_TOO_LARGE',
    `${options.shown}: the ${options.what} is larger than the ${formatLimit(options.maxBytes)} limit ` +
      `(${size} bytes or more)`,
    {
      exit: 'BAD_INPUT',
      hint: options.tooLargeHint ?? `check that this is the ${options.what} you meant`,
      details: { path: options.shown, size, limit: options.maxBytes },
    },
  );
}

/** An OS error opening or reading the file, as exit 3 with the path and the OS reason. */
export function fileError(error: unknown, options: Pick<ReadFileOptions, 'shown' | 'what'>): MctlError {
  return osError(error, { shown: options.shown, action: 'read', what: options.what });
}

function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes}-byte`;
}
