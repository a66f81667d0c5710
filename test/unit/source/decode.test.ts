import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeSource } from '../../../src/source/decode.ts';

test('a file of NUL bytes is reported as null bytes (as CPython does), not as UTF-16', () => {
  for (const bytes of [new Uint8Array(4096), Uint8Array.from({ length: 4096 }, (_, i) => (i % 97 === 0 ? 0x41 : 0))]) {
    const { text, problems } = decodeSource(bytes, 'python');
    assert.equal(text, null);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.message]),
      [['binary', 'source code cannot contain null bytes']],
    );
  }
});

test('UTF-16 without a BOM is still recognised, in either byte order', () => {
  const le = Buffer.from('import os\nprint(os.getcwd())\n', 'utf16le');
  const be = Buffer.from(le).swap16();
  for (const bytes of [le, be]) {
    const { problems } = decodeSource(bytes, 'python');
    assert.match(problems[0]?.message ?? '', /UTF-16/);
  }
});

test('with a UTF-8 BOM the coding cookie must spell utf-8 as CPython normalises it', () => {
  const withBom = (cookie: string) =>
    decodeSource(Buffer.from(`\ufeff# coding: ${cookie}\nx = 1\n`), 'python').problems.map((p) => p.message);
  assert.deepEqual(withBom('utf-8'), []);
  assert.deepEqual(withBom('UTF_8'), []);
  assert.deepEqual(withBom('utf8'), ['encoding problem: utf8 with BOM']);
  assert.deepEqual(withBom('latin-1'), ['encoding problem: latin-1 with BOM']);
});
