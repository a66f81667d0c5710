import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeUnicode, detectUnicode } from '../../../src/util/unicode.ts';

const text = 'token = "x"\nnext line ünïcödé 😀\n';

function utf32(le: boolean): Buffer {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (le ? out.writeUInt32LE(p, i * 4) : out.writeUInt32BE(p, i * 4)));
  return out;
}

test('every form round-trips, with and without a byte-order mark', () => {
  const cases: [Buffer, string][] = [
    [Buffer.from(text), 'utf-8'],
    [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
    [Buffer.from(text, 'utf16le'), 'utf-16le'],
    [Buffer.from(text, 'utf16le').swap16(), 'utf-16be'],
    [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), 'utf-16be'],
    [utf32(true), 'utf-32le'],
    [Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(false)]), 'utf-32be'],
  ];
  for (const [bytes, form] of cases) {
    assert.equal(detectUnicode(bytes).form, form);
    assert.equal(decodeUnicode(bytes), text, form);
  }
});

test('binary: NUL bytes in no Unicode pattern, and all-NUL data', () => {
  assert.equal(detectUnicode(Buffer.alloc(1 << 20)).form, 'binary');
  assert.equal(
    detectUnicode(Buffer.from([0x80, 0, 0x13, 0x9f, 0, 0, 0x44, 0x21, 0x7f, 0x00, 0x00, 0x01])).form,
    'binary',
  );
  assert.equal(decodeUnicode(Buffer.from([1, 0, 0, 0, 0, 0, 9, 9])), null);
});
