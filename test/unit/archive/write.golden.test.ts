/**
 * The writers' bytes, pinned: a deterministic project archived in every format must hash to
 * what mctl wrote before the write path was made faster (issue 11). Any change to these bytes
 * is a change to every user's archives, so it has to be deliberate.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { planArchive } from '../../../src/archive/plan.ts';
import { resolveRequest } from '../../../src/archive/request.ts';
import type { ArchiveFormat } from '../../../src/archive/types.ts';
import { writeArchive } from '../../../src/archive/write.ts';
import { VERSION } from '../../../src/version.ts';

// The version is written into MAR-INF/mctl.json and the manifest; deflated members are zlib's bytes.
const PINNED_FOR = { mctl: '0.1.0', zlib: '1.3.2.1-motley-8002e91' };
const GOLDEN: Record<ArchiveFormat, string> = {
  default: '523d351dd42c36efc9ef388a7dc40e1f619c8b1bbab5196d6e541627d8596452',
  'zip-store': '2966aa4c2f1ef4acabde6a41409a05833331b0a56c31ec891b50fcf858af1825',
  tgz: 'e4a7f961772d040fe74c1d4c075604e7ea8a502c5b70f627d4247268a64e6d2f',
  'no-archive': '85753e9ff9ccba519867c66df93903b9912aa084ab03271441422467507bf2f1',
};

const root = mkdtempSync(join(tmpdir(), 'mctl-golden-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** xorshift32 bytes: incompressible, and the same on every machine. */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i + 4 <= length; i += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes.writeUInt32LE(state >>> 0, i);
  }
  return bytes;
}

// Sizes straddle the writers' thresholds: 1 MiB (small files), odd tails, several MiB-sized reads.
const FILES: Record<string, { content: Buffer | string; mode?: number }> = {
  'model_handler.py': { content: 'def handle(data, context):\n    return data\n' },
  'weights/model.bin': { content: noise(9 * 1024 * 1024 + 12_345, 0x9e3779b9) },
  'weights/exact.bin': { content: noise(1024 * 1024 + 1, 0x1234567) },
  'vocab.txt': { content: Array.from({ length: 300_000 }, (_, i) => `token_${i % 5000} ${i}`).join('\n') },
  'config.json': { content: JSON.stringify({ layers: 12, hidden: 768, labels: ['a', 'b'] }) },
  'tools/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
  'caf\u00e9.txt': { content: 'unicode name' },
  'empty.txt': { content: '' },
};

function project(): string {
  const dir = join(root, 'project');
  for (const [path, { content, mode }] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    chmodSync(join(dir, path), mode ?? 0o644);
  }
  return dir;
}

async function build(dir: string, format: ArchiveFormat): Promise<string> {
  const exportPath = join(root, `out-${format}`);
  const names = { modelName: 'golden', handler: 'model_handler:handle' };
  const request = resolveRequest({ cwd: dir, env: {}, ...names, modelDir: '.', archiveFormat: format, exportPath });
  const plan = await planArchive(request);
  return (await writeArchive(plan, { force: false, shown: plan.output, display: (f) => f.path })).output;
}

/** A directory's files as one hash: each path, mode and content, in name order. */
function hashTree(dir: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    const content = readFileSync(join(dir, file));
    const mode = (statSync(join(dir, file)).mode & 0o777).toString(8);
    hash.update(`${file}\0${mode}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

test('every format writes exactly the bytes it wrote before', async () => {
  const repin = 'a new version changes the hashes: check that only the version differs (diff the members), then re-pin';
  assert.equal(VERSION, PINNED_FOR.mctl, `mctl's version is written into the archive; ${repin}`);
  assert.equal(process.versions.zlib, PINNED_FOR.zlib, `deflated members are zlib's output; ${repin}`);
  const dir = project();
  for (const format of ['default', 'zip-store', 'tgz', 'no-archive'] as const) {
    const output = await build(dir, format);
    const digest =
      format === 'no-archive'
        ? hashTree(output, [...Object.keys(FILES), 'MAR-INF/MANIFEST.json', 'MAR-INF/mctl.json'])
        : createHash('sha256').update(readFileSync(output)).digest('hex');
    assert.equal(digest, GOLDEN[format], `${format}: the archive's bytes changed`);
  }
});
