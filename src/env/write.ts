import { rmSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MctlError, errnoCode } from '../errors.ts';
import { onInterrupt } from '../util/cleanup.ts';
import { refuseExisting, tempPathFor } from '../util/atomic-write.ts';
import { displayPath } from '../util/paths.ts';

export interface OutputFile {
  path: string;
  /** As shown to the user. */
  display: string;
  content: string;
}

/** Refuses (exit 5) when any output exists and --force was not given; call before any work is written. */
export function refuseExistingOutputs(files: { path: string; display: string }[], force: boolean): void {
  for (const file of files) refuseExisting(file.path, force, file.display);
}

/**
 * Writes several files as one: every temp file is written first, then all are renamed into
 * place, so a failure or Ctrl-C part-way leaves no partial file (a Dockerfile without its
 * .dockerignore would copy secrets into the image).
 */
export function writeOutputs(files: OutputFile[], force: boolean): void {
  refuseExistingOutputs(files, force);
  const temps = files.map((f) => tempPathFor(f.path));
  const cleanup = () => temps.forEach((t) => {
    try {
      rmSync(t, { force: true });
    } catch {
      // The temp file was never created (its directory is missing or not a directory).
    }
  });
  const unregister = onInterrupt(cleanup);
  try {
    files.forEach((f, i) => writeFileSync(temps[i]!, f.content, { mode: 0o644, flag: 'wx' }));
    // Re-check: another process may have created a target while we wrote.
    refuseExistingOutputs(files, force);
    files.forEach((f, i) => renameSync(temps[i]!, f.path));
  } catch (error) {
    cleanup();
    if (error instanceof MctlError) throw error;
    const code = errnoCode(error);
    throw new MctlError('OUTPUT_UNWRITABLE', `cannot write ${files.map((f) => f.display).join(' and ')}: ${code ?? String(error)}`, {
      exit: 'BAD_INPUT',
      hint: code === 'ENOENT' ? 'the output directory does not exist; create it first' : 'check the permissions of the output directory',
      cause: error,
    });
  } finally {
    unregister();
  }
}

/** Where --output puts the built files: the spec, or the Dockerfile and its ignore file. */
export function plannedOutputs(form: 'conda' | 'docker', path: string, contextDir: string, cwd: string): { path: string; display: string; role: 'environment' | 'dockerfile' | 'dockerignore' }[] {
  if (form === 'conda') return [{ path, display: displayPath(cwd, path), role: 'environment' }];
  // BuildKit reads <Dockerfile>.dockerignore beside a Dockerfile outside the context root.
  const ignore = dirname(path) === contextDir ? resolve(contextDir, '.dockerignore') : `${path}.dockerignore`;
  return [
    { path, display: displayPath(cwd, path), role: 'dockerfile' },
    { path: ignore, display: displayPath(cwd, ignore), role: 'dockerignore' },
  ];
}
