/** The bomb limits do not refuse what mctl archive writes: mostly-zero weights deflate ~1029:1. */
import assert from 'node:assert/strict';
import fsPromises from 'node:fs/promises';
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, mock, test } from 'node:test';
import { planArchive } from '../../../src/archive/plan.ts';
import { extractArchive, listArchive } from '../../../src/archive/read.ts';
import { resolveRequest } from '../../../src/archive/request.ts';
import { writeArchive } from '../../../src/archive/write.ts';
import { MctlError } from '../../../src/errors.ts';

const root = mkdtempSync(join(tmpdir(), 'mctl-limits-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** An archive mctl writes from a sparse file of zeros (small: the tests lower the 256 MiB floor). */
async function zeroWeightsArchive(): Promise<string> {
  const dir = join(root, 'project');
  mkdirSync(join(dir, 'model'), { recursive: true });
  writeFileSync(join(dir, 'model_handler.py'), 'def handle(data, context):\n    return data\n');
  writeFileSync(join(dir, 'model/weights.bin'), '');
  truncateSync(join(dir, 'model/weights.bin'), 16 * 1024 * 1024);
  const plan = await planArchive(
    resolveRequest({ cwd: dir, env: {}, modelName: 'zeros', handler: 'model_handler:handle', modelDir: 'model' }),
  );
  await writeArchive(plan, { force: false, shown: 'zeros.mar', display: (f) => f.path });
  return plan.output;
}

let archive: Promise<string> | undefined;

test("mctl's own archive of mostly-zero weights (about 1029:1) opens with the default ratio limit", async () => {
  archive ??= zeroWeightsArchive();
  // The floor stands in for weights of 256 MiB and more; the ratio limit is the default.
  const listing = await listArchive(await archive, { limits: { ratioFloor: 1024 * 1024 } });
  const weights = listing.members.find((m) => m.name === 'weights.bin')!;
  assert.equal(weights.method, 'deflated');
  assert.ok(weights.size / weights.compressedSize! > 1000, 'past the old 200:1 limit');
});

test(
  'extraction is refused (exit 3, nothing written) ' + 'when the file system cannot hold the expanded members',
  async () => {
    archive ??= zeroWeightsArchive();
    const statfs = mock.method(fsPromises, 'statfs', async () => ({
      bsize: 4096,
      bavail: 1000,
      blocks: 1e6,
      bfree: 1000,
      files: 0,
      ffree: 0,
      type: 0,
    }));
    syncBuiltinESMExports();
    const dest = join(root, 'out');
    try {
      await assert.rejects(extractArchive(await archive, dest, { shown: 'zeros.mar' }), (error: unknown) => {
        assert.ok(error instanceof MctlError);
        assert.equal(error.code, 'NO_SPACE');
        assert.equal(error.exitCode, 3);
        assert.match(
          error.message,
          /^zeros\.mar: extracting needs 16\.0 MiB, but the file system of .* has 3\.9 MiB free$/,
        );
        return true;
      });
    } finally {
      statfs.mock.restore();
      syncBuiltinESMExports();
    }
    assert.equal(existsSync(dest), false);
  },
);
