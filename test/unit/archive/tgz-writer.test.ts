/** A .tar.gz whose output fails mid-way (a full disk) rejects with that error: no crash, no hang. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeTgz } from '../../../src/archive/tgz-writer.ts';
import type { ArchivePlan } from '../../../src/archive/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'mctl-tgz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('ENOSPC while an incompressible member switches the deflate level', async () => {
  // Random bytes over 1 MiB make the writer call params() to store them at level 0.
  const weights = join(dir, 'w.bin');
  writeFileSync(weights, randomBytes(3 * 1024 * 1024));
  const plan = {
    modelName: 'm',
    timestamp: 0,
    handler: { entryPath: null, flavor: null },
    files: [
      { path: 'a.json', content: Buffer.from('{}'), size: 2, mode: 0o644, role: 'generated' },
      { path: 'w.bin', source: weights, size: 3 * 1024 * 1024, mode: 0o644, role: 'model-dir' },
    ],
  } as unknown as ArchivePlan;
  let room = 1024 * 1024;
  const handle = {
    async write(buffer: Buffer, _offset: number, length: number) {
      room -= length;
      if (room < 0)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      return { bytesWritten: length, buffer };
    },
    async truncate() {},
  } as unknown as FileHandle;
  await assert.rejects(writeTgz(plan, handle, { display: (f) => f.path }), { code: 'ENOSPC' });
});
