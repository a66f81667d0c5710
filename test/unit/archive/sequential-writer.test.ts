/** The writers' output: staged and unbuffered appends land in order, rewrites after them, short writes retried. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SequentialWriter } from '../../../src/archive/sequential-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'mctl-seqw-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const MiB = 1024 * 1024;

/** A file handle whose writes take at most `most` bytes each, as a write near a full disk or a size limit may. */
function stingy(handle: FileHandle, most: number): FileHandle {
  return new Proxy(handle, {
    get(target, key) {
      if (key === 'write') {
        return (data: Uint8Array, offset: number, length: number, position: number) =>
          target.write(data, offset, Math.min(length, most), position);
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function roundTrip(most: number): Promise<void> {
  const path = join(dir, `out-${most}`);
  const handle = await open(path, 'w+');
  const out = new SequentialWriter(stingy(handle, most));
  const pieces = [randomBytes(100), randomBytes(MiB - 50), randomBytes(3 * MiB + 7), Buffer.from('header')];
  const large = [randomBytes(MiB), randomBytes(12345)];
  for (const piece of pieces.slice(0, 3)) await out.append(piece);
  await out.flush();
  // Unbuffered chunks may be in flight together, each with the offset it was given.
  await Promise.all(large.map((chunk) => out.appendUnbuffered(chunk)));
  await out.append(pieces[3]!);
  await out.rewrite(Buffer.from('HEAD'), 0);
  await out.finish();
  await handle.close();
  const expected = Buffer.concat([...pieces.slice(0, 3), ...large, pieces[3]!]);
  expected.write('HEAD', 0);
  assert.equal(out.position, expected.length);
  assert.ok(readFileSync(path).equals(expected), `bytes differ with writes of at most ${most} bytes`);
}

test('appends across several stages, unbuffered chunks and a rewrite give the bytes in order', async () => {
  await roundTrip(Number.MAX_SAFE_INTEGER);
});

test('short writes are retried until every byte is written (no holes)', async () => {
  await roundTrip(4096 + 3);
});

test('an unbuffered chunk with staged bytes not yet flushed is a programming error', async () => {
  const handle = await open(join(dir, 'misuse'), 'w+');
  const out = new SequentialWriter(handle);
  await out.append(Buffer.from('staged'));
  assert.throws(() => out.appendUnbuffered(Buffer.from('chunk')), /flush\(\) before appendUnbuffered/);
  await out.finish();
  await handle.close();
});
