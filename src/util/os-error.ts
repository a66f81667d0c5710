import { MctlError, errnoCode } from '../errors.ts';
import { displayPath } from './paths.ts';

/**
 * OS errors that say something about the user's machine or files, not about mctl: a full
 * disk, a read-only mount, a missing permission, a name the file system cannot hold. Each
 * becomes exit 3 with the path and the reason in words; anything else stays a bug (exit 70).
 */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the file name is too long (ENAMETOOLONG)',
  EIO: 'input/output error (EIO)',
  ENXIO: 'no such device or address (ENXIO)',
  ENOSPC: 'no space left on the device (ENOSPC)',
  EDQUOT: 'disk quota exceeded (EDQUOT)',
  EFBIG: 'the file is too large for the file system (EFBIG)',
  EROFS: 'the file system is read-only (EROFS)',
  ETXTBSY: 'the file is busy (ETXTBSY)',
  EBUSY: 'the device or resource is busy (EBUSY)',
  EMFILE: 'too many open files (EMFILE)',
  ENFILE: 'too many open files in the system (ENFILE)',
  EXDEV: 'it is on another file system (EXDEV)',
  ENOTEMPTY: 'the directory is not empty',
  EEXIST: 'it already exists',
};

const HINTS: Record<string, string> = {
  ENOENT: 'check the path; relative paths are resolved against the current directory',
  EACCES: 'check the permissions of the file and of the directories above it',
  EPERM: 'check the permissions (and immutable or append-only attributes: lsattr)',
  ENOSPC: 'free some space on that file system, or write somewhere else',
  EDQUOT: 'free some space within your quota, or write somewhere else',
  EROFS: 'write somewhere writable',
  ENAMETOOLONG: 'use a shorter name (most file systems allow 255 bytes per name)',
  EMFILE: 'raise the open-file limit (ulimit -n)',
};

export interface OsErrorContext {
  /** The path as shown to the user; defaults to the path Node attached to the error. */
  shown?: string;
  /** 'read', 'write', 'create', …: what mctl was doing. */
  action: string;
  /** What the file is, for messages: 'input', 'archive', 'output'. */
  what?: string;
}

/** True for an OS error that describes the environment (errno code mctl knows in words). */
export function isOsError(error: unknown): boolean {
  const code = errnoCode(error);
  return code !== undefined && code in REASONS && !(error instanceof MctlError);
}

/** The OS reason in words (`no space left on the device (ENOSPC)`), or the error's message. */
export function osReason(error: unknown): string {
  return REASONS[errnoCode(error) ?? ''] ?? (error instanceof Error ? error.message : String(error));
}

/** An OS error as exit 3: `<path>: cannot <action> the <what>: <reason>`. */
export function osError(error: unknown, context: OsErrorContext): MctlError {
  const code = errnoCode(error);
  const path = context.shown ?? nodePath(error);
  const object = context.what ? ` the ${context.what}` : '';
  const where = path !== undefined ? `${path}: ` : '';
  const reading = READING.has(context.action);
  const missingDir = code === 'ENOENT' && !reading;
  const reason = missingDir ? 'its directory does not exist' : osReason(error);
  return new MctlError(errorCode(code, reading), `${where}cannot ${context.action}${object}: ${reason}`, {
    exit: 'BAD_INPUT',
    hint: missingDir ? 'create the directory first, or write somewhere else' : (HINTS[code ?? ''] ?? 'check the path'),
    details: { ...(path !== undefined ? { path } : {}), ...(code ? { errno: code } : {}) },
    cause: error,
  });
}

/** Rethrows an OS error as exit 3 naming `shown`; anything else unchanged. */
export function rethrowOsError(error: unknown, context: OsErrorContext): never {
  throw isOsError(error) ? osError(error, context) : error;
}

/**
 * An error met while writing an output through a temp file: an OS error about the temp file,
 * or about no file at all (ENOSPC under a stream), names the output; one about another file
 * (an input that cannot be read) is left for main.ts to name.
 */
export function outputError(error: unknown, output: { temp: string; shown: string; what?: string }): unknown {
  const path = nodePath(error);
  if (!isOsError(error) || (path !== undefined && path !== output.temp && !path.startsWith(`${output.temp}/`)))
    return error;
  return osError(error, { shown: output.shown, action: 'write', ...(output.what ? { what: output.what } : {}) });
}

function errorCode(code: string | undefined, reading: boolean): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'NO_SPACE';
  if (!reading) return 'PATH_UNWRITABLE';
  return code === 'ENOENT' ? 'PATH_NOT_FOUND' : 'PATH_UNREADABLE';
}

const READING = new Set(['read', 'open', 'access', 'list the directory']);

function nodePath(error: unknown): string | undefined {
  const path = typeof error === 'object' && error !== null && 'path' in error ? error.path : undefined;
  return typeof path === 'string' ? path : undefined;
}

// Errors that are never a bug in mctl, even without a path to name.
const ENVIRONMENT_ONLY = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS', 'EMFILE', 'ENFILE', 'EIO']);

/**
 * An OS error that escaped the domain code unwrapped (a directory walk meeting an unreadable
 * subdirectory, a full disk under a stream): exit 3 with the path and the reason, not exit 70.
 */
export function environmentError(error: unknown, cwd: string): Error | undefined {
  if (!isOsError(error)) return undefined;
  const path = (error as { path?: unknown }).path;
  const code = (error as { code: string }).code;
  if (typeof path !== 'string' && !ENVIRONMENT_ONLY.has(code)) return undefined;
  return osError(error, {
    action: actionOf(error),
    ...(typeof path === 'string' ? { shown: displayPath(cwd, path) } : {}),
  });
}

/** What a syscall was doing, in words, for an error that reached main.ts unwrapped. */
export function actionOf(error: unknown): string {
  const syscall = typeof error === 'object' && error !== null && 'syscall' in error ? String(error.syscall) : '';
  return ACTIONS[syscall] ?? 'access';
}

const ACTIONS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  writev: 'write',
  ftruncate: 'write',
  fsync: 'write',
  close: 'write',
  copyfile: 'copy',
  mkdir: 'create the directory',
  mkdtemp: 'create the directory',
  rename: 'rename',
  link: 'link',
  symlink: 'link',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  scandir: 'list the directory',
  opendir: 'list the directory',
};
