import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { contentTypeOf, readPayloads } from '../../../src/runtime/inputs.ts';
import { multipartBody, splitFormParts } from '../../../src/runtime/multipart-input.ts';
import { tempDir } from '../../helpers/cli.ts';

test('--input-file field=path is a form part; a plain path, or an existing file whose name holds =, is not', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'a=b.png'), 'x');
    const split = splitFormParts(['images=cat.png', 'raw.bin', 'a=b.png', 'image2=@sub/horse.jpg', '=x.png'], dir);
    assert.deepEqual(split.plain, ['raw.bin', 'a=b.png', '=x.png']);
    assert.deepEqual(split.parts, [
      { field: 'images', file: 'cat.png' },
      { field: 'image2', file: 'sub/horse.jpg' },
    ]);
  } finally {
    cleanup();
  }
});

test('the parts become one multipart/form-data body with real file names and content types', () => {
  const files: Record<string, Buffer> = {
    'cat.jpg': Buffer.from('CAT'),
    'dir/horse.png': Buffer.from([0x89, 0x0d, 0x0a]),
  };
  const form = multipartBody(
    [
      { field: 'image1', file: 'cat.jpg' },
      { field: 'image2', file: 'dir/horse.png' },
    ],
    (f) => files[f]!,
    contentTypeOf,
  );
  const boundary = /^multipart\/form-data; boundary=(mctl-[0-9a-f]{24})$/.exec(form.contentType)?.[1];
  assert.ok(boundary, form.contentType);
  assert.equal(form.label, 'image1=cat.jpg image2=dir/horse.png');
  assert.deepEqual(
    form.bytes,
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="image1"; filename="cat.jpg"\r\n` +
          'Content-Type: image/jpeg\r\n\r\nCAT\r\n',
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="image2"; filename="horse.png"\r\n` +
          'Content-Type: image/png\r\n\r\n',
      ),
      Buffer.from([0x89, 0x0d, 0x0a]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  );
  const again = multipartBody(
    [
      { field: 'image1', file: 'cat.jpg' },
      { field: 'image2', file: 'dir/horse.png' },
    ],
    (f) => files[f]!,
    contentTypeOf,
  );
  assert.deepEqual(again.bytes, form.bytes, 'the same files give the same body');
  assert.throws(
    () =>
      multipartBody(
        [
          { field: 'a', file: 'cat.jpg' },
          { field: 'a', file: 'x/cat.jpg' },
        ],
        () => Buffer.from('1'),
        contentTypeOf,
      ),
    { code: 'INPUT_DUPLICATE_PART', exit: 'USAGE' },
  );
});

test(
  'readPayloads: plain files one request each, ' + 'the form parts one more; the whole body is held to --max-input-mb',
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'cat.png'), Buffer.alloc(300, 1));
      writeFileSync(join(dir, 'horse.png'), Buffer.alloc(300, 2));
      writeFileSync(join(dir, 'raw.bin'), 'r');
      const read = (inputFile: string[], maxBytes = 1024) =>
        readPayloads({ input: [], inputFile, cwd: dir, maxBytes, readStdin: async () => Buffer.alloc(0) });
      const payloads = await read(['images=cat.png', 'raw.bin', 'images=horse.png']);
      assert.deepEqual(
        payloads.map((p) => [p.label, p.contentType.split(';')[0]]),
        [
          ['raw.bin', 'application/octet-stream'],
          ['images=cat.png images=horse.png', 'multipart/form-data'],
        ],
      );
      assert.ok(payloads[1]!.bytes > 600);
      await assert.rejects(read(['images=cat.png', 'images=horse.png'], 650), { code: 'INPUT_TOO_LARGE' });
      await assert.rejects(read(['images=nothere.png']), { code: 'PATH_NOT_FOUND', message: /nothere\.png/ });
    } finally {
      cleanup();
    }
  },
);
