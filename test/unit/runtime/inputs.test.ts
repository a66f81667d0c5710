import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { firstInvalidUtf8, readPayloads } from '../../../src/runtime/inputs.ts';
import { readCapped } from '../../../src/runtime/stdin.ts';
import { locateJsonError } from '../../../src/runtime/json-error.ts';
import { tempDir } from '../../helpers/cli.ts';

const read = (dir: string, extra: Partial<Parameters<typeof readPayloads>[0]>) =>
  readPayloads({
    input: [],
    inputFile: [],
    cwd: dir,
    maxBytes: 1024,
    readStdin: async () => Buffer.from('{"s": 1}'),
    ...extra,
  });

test('JSON, JSON Lines (blank lines skipped), raw files with content types, stdin', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'a.json'), '\ufeff{"a": 1}');
    writeFileSync(join(dir, 'b.jsonl'), '{"n": 1}\r\n\n{"n": 2}\n');
    writeFileSync(join(dir, 'c.png'), Buffer.from([0x89, 0x50]));
    const payloads = await read(dir, { input: ['a.json', '-'], inputs: 'b.jsonl', inputFile: ['c.png'] });
    assert.deepEqual(
      payloads.map((p) => [p.label, p.contentType, p.value ?? p.base64]),
      [
        ['a.json', 'application/json', { a: 1 }],
        ['stdin', 'application/json', { s: 1 }],
        ['b.jsonl:1', 'application/json', { n: 1 }],
        ['b.jsonl:3', 'application/json', { n: 2 }],
        ['c.png', 'image/png', 'iVA='],
      ],
    );
  } finally {
    cleanup();
  }
});

test('rejections name the file, line and column, or the byte offset', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'bad.jsonl'), '{"ok": 1}\n{"bad": tru}\n');
    writeFileSync(join(dir, 'big.json'), `"${'x'.repeat(2000)}"`);
    writeFileSync(join(dir, 'bin.json'), Buffer.from([0x7b, 0x22, 0xc3, 0x28]));
    const message = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        assert.ok(e instanceof MctlError);
        return `${e.exit} ${e.message}`;
      }
      return assert.fail('no error');
    };
    assert.equal(
      await message(() => read(dir, { inputs: 'bad.jsonl' })),
      'BAD_INPUT bad.jsonl:2:1:9: not valid JSON: unexpected "t"',
    );
    assert.match(
      await message(() => read(dir, { input: ['big.json'] })),
      /BAD_INPUT big\.json: the input is larger than the 1 KiB limit/,
    );
    assert.equal(
      await message(() => read(dir, { input: ['bin.json'] })),
      'BAD_INPUT bin.json is not valid UTF-8 (first bad byte at offset 2)',
    );
    assert.match(await message(() => read(dir, { input: ['-', '-'] })), /^USAGE/);
    assert.match(
      await message(() => read(dir, { input: ['-'], readStdin: async (max) => Buffer.alloc(max + 1, 0x20) })),
      /^BAD_INPUT stdin is larger than the 1024 bytes limit/,
    );
  } finally {
    cleanup();
  }
});

test('JSON error positions and UTF-8 offsets', () => {
  assert.deepEqual(locateJsonError('{"a": [1, 2,]}'), { line: 1, col: 13, reason: 'unexpected "]"' });
  assert.deepEqual(locateJsonError('{"a": NaN}'), { line: 1, col: 7, reason: 'NaN and Infinity are not JSON' });
  assert.deepEqual(locateJsonError('{"a": 1}\n x'), {
    line: 2,
    col: 2,
    reason: 'unexpected text after the JSON value',
  });
  assert.equal(locateJsonError('"a\nb"').reason, 'a control character (e.g. a raw newline) inside a string');
  assert.equal(firstInvalidUtf8(Buffer.from('héllo', 'utf8')), 6);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80])), 1, 'a surrogate');
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82])), 1, 'cut short');
});

test(
  'FIFOs and devices given as inputs are refused at once (exit 3), never read',
  { skip: process.platform === 'win32' && 'POSIX only' },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      assert.equal(spawnSync('mkfifo', [join(dir, 'fifo.json')]).status, 0);
      for (const sources of [
        { input: ['fifo.json'] },
        { inputFile: ['/dev/urandom'] },
        { input: ['/dev/zero'] },
        { inputs: '/dev/zero' },
      ]) {
        await assert.rejects(
          read(dir, sources),
          (e: MctlError) => e.code === 'INPUT_NOT_REGULAR' && e.exit === 'BAD_INPUT',
          JSON.stringify(sources),
        );
      }
    } finally {
      cleanup();
    }
  },
);

test('standard input: a slow producer is waited for; an endless one is read only to the cap', async () => {
  const slow = new Readable({ read() {} });
  setTimeout(() => {
    slow.push('{"a": ');
    setTimeout(() => slow.push('1}\n') && slow.push(null), 50);
  }, 50);
  assert.equal(String(await readCapped(slow, 1024)), '{"a": 1}\n');
  let produced = 0;
  const endless = new Readable({
    read() {
      produced += 4096;
      this.push(Buffer.alloc(4096));
    },
  });
  const bytes = await readCapped(endless, 10_000);
  assert.equal(bytes.length, 10_001, 'one byte past the cap tells the caller it is too large');
  assert.ok(produced < 20_000 && endless.destroyed, `stopped reading (${produced} bytes produced)`);
});
