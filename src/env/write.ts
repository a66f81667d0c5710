import { dirname, resolve } from 'node:path';
import { refuseExisting } from '../util/atomic-write.ts';
import { displayPath } from '../util/paths.ts';
import { writeAllOrNothing } from '../util/write-all.ts';

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
 * Writes several files as one: all or none, so a failure or Ctrl-C part-way leaves no partial
 * set (a Dockerfile without its .dockerignore would copy secrets into the image).
 */
export function writeOutputs(files: OutputFile[], force: boolean): void {
  writeAllOrNothing(
    files.map((f) => ({ path: f.path, shown: f.display, content: f.content })),
    { force, createDirs: false },
  );
}

/** Where --output puts the built files: the spec, or the Dockerfile and its ignore file. */
export function plannedOutputs(
  form: 'conda' | 'docker',
  path: string,
  contextDir: string,
  cwd: string,
): { path: string; display: string; role: 'environment' | 'dockerfile' | 'dockerignore' }[] {
  if (form === 'conda') return [{ path, display: displayPath(cwd, path), role: 'environment' }];
  // BuildKit reads <Dockerfile>.dockerignore beside a Dockerfile outside the context root.
  const ignore = dirname(path) === contextDir ? resolve(contextDir, '.dockerignore') : `${path}.dockerignore`;
  return [
    { path, display: displayPath(cwd, path), role: 'dockerfile' },
    { path: ignore, display: displayPath(cwd, ignore), role: 'dockerignore' },
  ];
}
