import { mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SMALL_FILE } from './compress-choice.ts';
import { MCTL_FILE, buildMctlRecord } from './mctl-file.ts';
import { SequentialWriter } from './sequential-writer.ts';
import { digestBuffer, streamStored, wholeData, type Digest } from './stream-file.ts';
import type { ArchivePlan, PlannedFile } from './types.ts';
import type { WriteOptions, WrittenEntry } from './zip-writer.ts';

/**
 * The no-archive layout: the files as TorchServe would extract them, plus
 * MAR-INF/MANIFEST.json and mctl.json, in a directory the caller renames into place.
 * Small files are copied with synchronous calls, each directory made once: through the thread
 * pool, the mkdir, open, read, write and close of each would cost a round trip apiece.
 */
const YIELD_MS = 50;

export async function writeDirectory(
  plan: ArchivePlan,
  root: string,
  options: Omit<WriteOptions, 'storeOnly'>,
): Promise<WrittenEntry[]> {
  const written: WrittenEntry[] = [];
  const made = new Set<string>();
  const scratch = Buffer.allocUnsafe(SMALL_FILE + 1);
  let turn = performance.now();
  const addEntry = async (file: PlannedFile) => {
    const target = join(root, ...file.path.split('/'));
    if (!made.has(dirname(target))) mkdirSync(dirname(target), { recursive: true });
    made.add(dirname(target));
    const data = wholeData(file, options.display(file), scratch);
    let digest: Digest;
    if (data !== null) {
      writeFileSync(target, data, { mode: file.mode, flag: 'wx' });
      digest = digestBuffer(data);
      options.progress?.(data.length);
    } else {
      digest = await copyLarge(file, target, options);
    }
    written.push({
      path: file.path,
      size: digest.size,
      sha256: digest.sha256,
      compressedSize: digest.size,
      method: 'stored',
    });
    // Let signals, progress and pending writes through between runs of synchronous copies.
    if (performance.now() - turn > YIELD_MS) {
      await nextTurn();
      turn = performance.now();
    }
  };
  for (const file of plan.files) await addEntry(file);
  const record = buildMctlRecord(plan.handler, written);
  await addEntry({ path: MCTL_FILE, content: record, size: record.length, mode: 0o644, role: 'generated' });
  return written;
}

async function copyLarge(file: PlannedFile, target: string, options: Omit<WriteOptions, 'storeOnly'>): Promise<Digest> {
  const handle = await open(target, 'wx', file.mode);
  try {
    const out = new SequentialWriter(handle);
    const digest = await streamStored(file, out, options);
    await out.finish();
    return digest;
  } finally {
    await handle.close();
  }
}
