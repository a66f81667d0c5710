import { stat } from 'node:fs/promises';
import { MctlError } from '../errors.ts';
import { outputError } from '../util/os-error.ts';
import { writeDirectory } from './dir-writer.ts';
import { HashWorker } from './hasher.ts';
import { openOutputDir, openOutputFile } from './output-file.ts';
import { WORKER_HASH_SIZE } from './stream-file.ts';
import { writeTgz } from './tgz-writer.ts';
import type { ArchivePlan, PlannedFile } from './types.ts';
import { writeZip, type WrittenEntry } from './zip-writer.ts';

export interface WriteResult {
  output: string;
  entries: WrittenEntry[];
  /** Bytes of input read (files and generated content). */
  inputBytes: number;
  /** Size of the archive (the sum of the files for no-archive). */
  outputBytes: number;
}

export interface WriteArchiveOptions {
  force: boolean;
  /** The output path as shown to the user. */
  shown: string;
  progress?: (bytes: number) => void;
  display: (file: PlannedFile) => string;
}

/** Carries out a plan: temp output, the format's writer, then the rename into place. */
export async function writeArchive(plan: ArchivePlan, options: WriteArchiveOptions): Promise<WriteResult> {
  if (plan.handler.failed || plan.refused.length > 0) {
    throw new MctlError('PLAN_NOT_WRITABLE', 'refusing to write an archive whose plan has problems', {
      exit: 'INTERNAL',
    });
  }
  const inputBytes = plan.files.reduce((sum, file) => sum + file.size, 0);
  const hashWorker = new HashWorker();
  if (plan.files.some((file) => file.size >= WORKER_HASH_SIZE)) hashWorker.warm();
  try {
    return await writeFormat(plan, { ...options, hashWorker }, inputBytes);
  } finally {
    await hashWorker.close();
  }
}

async function writeFormat(
  plan: ArchivePlan,
  options: WriteArchiveOptions & { hashWorker: HashWorker },
  inputBytes: number,
): Promise<WriteResult> {
  if (plan.format === 'no-archive') {
    const out = await openOutputDir(plan.output, options.force, options.shown);
    try {
      const entries = await writeDirectory(plan, out.temp, options);
      await out.commit();
      return { output: plan.output, entries, inputBytes, outputBytes: entries.reduce((sum, e) => sum + e.size, 0) };
    } catch (error) {
      await out.abort();
      throw outputError(error, { temp: out.temp, shown: options.shown, what: 'archive' });
    }
  }
  const out = await openOutputFile(plan.output, options.force, options.shown);
  try {
    const entries =
      plan.format === 'tgz'
        ? await writeTgz(plan, out.handle, options)
        : await writeZip(plan, out.handle, { ...options, storeOnly: plan.format === 'zip-store' });
    const { size } = await out.handle.stat();
    await out.commit();
    return { output: plan.output, entries, inputBytes, outputBytes: size };
  } catch (error) {
    await out.abort();
    throw outputError(error, { temp: out.temp, shown: options.shown, what: 'archive' });
  }
}

export async function outputExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
