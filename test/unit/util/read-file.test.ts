/** The bounded reader: devices, FIFOs and directories refused before any read; the cap holds on bytes read. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { readRegularFile } from '../../../src/util/read-file.ts';

const root = mkdtempSync(join(tmpdir(), 'mctl-read-'));
after(() => rmSync(root, { recursive: true, force: true }));
const options = { shown: 'x', maxBytes: 1024, what: 'input' };

function refusal(path: string, maxBytes = 1024): MctlError {
  try {
    readRegularFile(path, { ...options, maxBytes });
  } catch (error) {
    assert.ok(error instanceof MctlError);
    assert.equal(error.exit, 'BAD_INPUT');
    return error;
  }
  assert.fail(`${path} was read`);
}

test('a regular file is read whole; exactly at the cap still fits', () => {
  writeFileSync(join(root, 'ok'), 'a'.repeat(1024));
  assert.equal(readRegularFile(join(root, 'ok'), options).length, 1024);
  writeFileSync(join(root, 'empty'), '');
  assert.equal(readRegularFile(join(root, 'empty'), options).length, 0);
});

test('into: a buffer with room for the cap is read into and reused; a smaller one is not', () => {
  writeFileSync(join(root, 'one'), 'first file');
  writeFileSync(join(root, 'two'), 'second');
  const into = Buffer.alloc(1025);
  const first = readRegularFile(join(root, 'one'), { ...options, into });
  assert.equal(first.toString(), 'first file');
  assert.equal(first.buffer, into.buffer);
  const second = readRegularFile(join(root, 'two'), { ...options, into });
  assert.equal(second.toString(), 'second');
  assert.equal(second.buffer, into.buffer);
  const tooSmall = Buffer.alloc(1024);
  assert.notEqual(readRegularFile(join(root, 'one'), { ...options, into: tooSmall }).buffer, tooSmall.buffer);
});

test('over the cap: refused without reading it', () => {
  writeFileSync(join(root, 'big'), 'a'.repeat(1025));
  assert.equal(refusal(join(root, 'big')).code, 'INPUT_TOO_LARGE');
});

test('/dev/zero, a link to it, and a FIFO are refused at once (no read, no block)', () => {
  symlinkSync('/dev/zero', join(root, 'z.py'));
  assert.match(refusal('/dev/zero').message, /character device/);
  assert.equal(refusal(join(root, 'z.py')).code, 'INPUT_NOT_REGULAR');
  assert.equal(spawnSync('mkfifo', [join(root, 'fifo')]).status, 0);
  const started = Date.now();
  assert.match(refusal(join(root, 'fifo')).message, /FIFO/);
  assert.ok(Date.now() - started < 2000);
});

test('a directory, a missing file, an unreadable file: exit 3 naming the path and the OS reason', () => {
  assert.match(refusal(root).message, /directory/);
  assert.equal(refusal(join(root, 'nope')).code, 'PATH_NOT_FOUND');
  if (process.getuid?.() === 0) return; // root reads any file
  writeFileSync(join(root, 'secret'), 'x');
  chmodSync(join(root, 'secret'), 0);
  assert.match(refusal(join(root, 'secret')).message, /permission denied/);
});
