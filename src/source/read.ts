import { readRegularFile } from '../util/read-file.ts';

/**
 * Source files larger than this are refused (exit 3) before a byte is read. Entry scripts
 * and their modules are far smaller; the limit keeps a stray data file or a link to a huge
 * file from costing minutes and gigabytes. A 50 MB file is still parsed, in chunks.
 */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/** The bytes of a source file: a regular file within the limit, or an MctlError (exit 3). */
export function readSourceFile(path: string, shown: string): Buffer {
  return readRegularFile(path, {
    shown,
    maxBytes: MAX_SOURCE_BYTES,
    what: 'source file',
    tooLargeHint: 'mctl checks source files up to 64 MiB; exclude this file, or check that it is the script you meant',
  });
}
