/**
 * mctl run --input-file field=path: one multipart/form-data request, which a ModelArts service
 * receives as {field: {file_name: file}} (the inference-code guide's form-data request).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { FIXTURES, mctlIn, tempDir } from '../helpers/cli.ts';
import { SKIP_NO_PYTHON } from '../helpers/run.ts';

function png(width: number, height: number): Buffer {
  const chunk = (kind: string, payload: Buffer) => {
    const body = Buffer.concat([Buffer.from(kind, 'latin1'), payload]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(payload.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((width + 1) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test(
  '--input-file field=path, repeated over fields: one form request with the real file names',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, 'model'));
      mkdirSync(join(dir, 'shots'));
      // The guide's _preprocess loop over fields and files, reading each PNG's size with the standard library.
      copyFileSync(join(FIXTURES, 'shapes/modelarts_form_sizes.py'), join(dir, 'model/customize_service.py'));
      writeFileSync(join(dir, 'shots/cat.png'), png(32, 24));
      writeFileSync(join(dir, 'shots/horse.png'), png(28, 28));
      writeFileSync(join(dir, 'test.png'), png(1, 2));
      const args = [
        'run',
        '--entry',
        'model/customize_service.py',
        '--input-file',
        'image1=shots/cat.png',
        '--input-file',
        'images2=shots/horse.png',
        '--input-file',
        'image1=test.png',
        '--json',
      ];
      const result = await mctlIn(args, { cwd: dir });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const doc = result.json<{ results: { input: string; output: unknown }[] }>();
      assert.deepEqual(doc.results, [
        {
          input: 'image1=shots/cat.png images2=shots/horse.png image1=test.png',
          output: { image1: { 'cat.png': [32, 24], 'test.png': [1, 2] }, images2: { 'horse.png': [28, 28] } },
        },
      ]);
      // A plain path keeps its meaning: the raw body, as {"images": {name: file}}.
      const plain = await mctlIn(
        ['run', '--entry', 'model/customize_service.py', '--input-file', 'test.png', '--json'],
        { cwd: dir },
      );
      assert.equal(plain.code, 0, plain.stdout + plain.stderr);
      assert.deepEqual(plain.json<{ results: { output: unknown }[] }>().results[0]!.output, {
        images: { file: [1, 2] },
      });
    } finally {
      cleanup();
    }
  },
);
