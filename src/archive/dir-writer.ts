import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MCTL_FILE, buildMctlRecord } from './mctl-file.ts';
import { digestBuffer, streamFile } from './stream-file.ts';
import type { ArchivePlan, PlannedFile } from './types.ts';
import type { WriteOptions, WrittenEntry } from './zip-writer.ts';

/**
 * The no-archive layout: the files as TorchServe would extract them, plus
 * MAR-INF/MANIFEST.json and mctl.json, in a directory the caller renames into place.
 */
export async function writeDirectory(plan: ArchivePlan, root: string, options: Omit<WriteOptions, 'storeOnly'>): Promise<WrittenEntry[]> {
  const written: WrittenEntry[] = [];
  const addEntry = async (file: PlannedFile) => {
    const target = join(root, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    let digest;
    if (file.content) {
      await writeFile(target, file.content, { mode: file.mode, flag: 'wx' });
      digest = digestBuffer(file.content);
      options.progress?.(file.size);
    } else {
      const handle = await open(target, 'wx', file.mode);
      try {
        let at = 0;
        digest = await streamFile(file.source!, file.size, options.display(file), (chunk) => {
          options.progress?.(chunk.length);
          const position = at;
          at += chunk.length;
          return handle.write(chunk, 0, chunk.length, position);
        }, { hashWorker: options.hashWorker });
      } finally {
        await handle.close();
      }
    }
    written.push({ path: file.path, size: digest.size, sha256: digest.sha256, compressedSize: digest.size, method: 'stored' });
  };
  for (const file of plan.files) await addEntry(file);
  const record = buildMctlRecord(plan.handler, written);
  await addEntry({ path: MCTL_FILE, content: record, size: record.length, mode: 0o644, role: 'generated' });
  return written;
}
