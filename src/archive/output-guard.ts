import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { MctlError, errnoCode } from '../errors.ts';
import { MANIFEST_PATH } from './manifest.ts';
import { MCTL_FILE, parseMctlRecord } from './mctl-file.ts';
import type { ArchiveFormat } from './types.ts';
import { readRegularFile } from '../util/read-file.ts';
import { refuseOutputOverInput, type ProtectedPath } from '../util/output-over-input.ts';

/**
 * `--force` replaces only what mctl itself wrote. Two guards keep it from destroying the
 * user's work: the output may not be, or contain, anything the archive is built from (the
 * project, the working directory, a named file or directory), and an existing directory is
 * replaced only when it is a complete no-archive output of mctl's (its MAR-INF/mctl.json
 * lists every file it holds). Both run before anything is written.
 */

/** Refuses (exit 3) an archive output that is, or contains, one of its inputs. */
export function refuseArchiveOverInput(output: string, shown: string, inputs: ProtectedPath[]): void {
  refuseOutputOverInput(output, shown, inputs, {
    command: 'the archive',
    hint: 'choose another --export-path or --model-name (the output must lie beside its inputs, not over them)',
  });
}

/**
 * Checks that an existing target may be replaced under --force: a regular file for the
 * archive formats, a previous mctl no-archive output for directories. Anything else is
 * refused (exit 3) with the reason, and left as it is.
 */
export function refuseUnreplaceable(target: string, format: ArchiveFormat, shown: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(target);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  const refuse = (why: string) =>
    new MctlError('OUTPUT_NOT_REPLACEABLE', `${shown} exists and ${why}: --force replaces only what mctl wrote`, {
      exit: 'BAD_INPUT',
      hint: 'move or delete it yourself if it is no longer needed, or choose another --export-path or --model-name',
      details: { path: shown },
    });
  if (format !== 'no-archive') {
    if (stats.isFile() || stats.isSymbolicLink()) return;
    throw refuse(stats.isDirectory() ? 'is a directory' : 'is not a regular file');
  }
  if (!stats.isDirectory()) throw refuse('is not a directory');
  const reason = foreignContent(target);
  if (reason) throw refuse(reason);
}

const MAX_ENTRIES = 1_000_000;

/** Why a directory is not an mctl no-archive output, or null when it is one. */
function foreignContent(dir: string): string | null {
  let record;
  try {
    // Bounded and non-blocking: the directory being judged is not ours until it passes.
    record = parseMctlRecord(
      readRegularFile(join(dir, MCTL_FILE), { shown: MCTL_FILE, maxBytes: 64 * 1024 * 1024, what: 'mctl record' }),
    );
  } catch {
    return `is not an mctl output (no ${MCTL_FILE})`;
  }
  if ('error' in record) return `is not an mctl output (${MCTL_FILE}: ${record.error})`;
  const known = new Set([...record.files.map((f) => f.path), MCTL_FILE, MANIFEST_PATH]);
  const knownDirs = new Set<string>();
  for (const path of known) for (let d = dirname(path); d !== '.'; d = dirname(d)) knownDirs.add(d);
  let seen = 0;
  const walk = (rel: string): string | null => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (++seen > MAX_ENTRIES) return 'holds more entries than mctl writes';
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!knownDirs.has(path)) return `holds ${path}/, which mctl did not write`;
        const inner = walk(path);
        if (inner) return inner;
      } else if (!entry.isFile() || !known.has(path)) {
        return `holds ${path}, which mctl did not write`;
      }
    }
    return null;
  };
  return walk('');
}
