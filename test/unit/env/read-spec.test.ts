/** Spec files (--env, --requirements, -r includes) go through the bounded reader: no FIFO hangs, no device reads. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_SPEC_BYTES, decodeSpec, readSpecFile } from '../../../src/env/read-spec.ts';
import { MctlError } from '../../../src/errors.ts';
import { project, readSpec } from '../../helpers/env.ts';

function refused(fn: () => unknown, code: string): MctlError {
  const started = Date.now();
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof MctlError, String(error));
    assert.equal(error.code, code, error.message);
    assert.equal(error.exitCode, 3);
    assert.ok(Date.now() - started < 2000, 'refused at once');
    return error;
  }
  assert.fail('read');
}

test('a FIFO or a device given as a spec is refused at once; so is an include that is one', () => {
  const { dir, cleanup } = project({ 'requirements.txt': '-r pipe.txt\n' });
  try {
    assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.txt')]).status, 0);
    assert.match(
      refused(() => readSpecFile(join(dir, 'pipe.txt'), 'pipe.txt'), 'INPUT_NOT_REGULAR').message,
      /^pipe\.txt: the environment spec is a FIFO/,
    );
    refused(() => readSpecFile('/dev/zero', '/dev/zero'), 'INPUT_NOT_REGULAR');
  } finally {
    cleanup();
  }
  // Outside the project an include is not even opened; allowed there, the device is refused.
  readSpec({ 'requirements.txt': '-r /dev/zero\n' }, { requirements: ['requirements.txt'] }, (spec) =>
    assert.equal(spec.findings[0]?.ruleId, 'env-include-outside'),
  );
  assert.throws(
    () =>
      readSpec(
        { 'requirements.txt': '-r /dev/zero\n' },
        { requirements: ['requirements.txt'], allowOutside: true },
        () => undefined,
      ),
    /character device/,
  );
});

test('a spec over the cap is refused without being read whole', () => {
  const { dir, cleanup } = project({});
  try {
    writeFileSync(join(dir, 'big.txt'), Buffer.alloc(MAX_SPEC_BYTES + 1, 0x61));
    assert.match(
      refused(() => readSpecFile(join(dir, 'big.txt'), 'big.txt'), 'INPUT_TOO_LARGE').hint ?? '',
      /--env \/ --requirements/,
    );
  } finally {
    cleanup();
  }
});

test('UTF-16 and UTF-32 specs are named as such; all-NUL bytes are binary, not UTF-16', () => {
  const text = 'numpy==1.26.4\nrequests==2.32.3\n';
  assert.match(decodeSpec(Buffer.from(text, 'utf16le'), 'r.txt').finding?.message ?? '', /UTF-16 encoded/);
  const utf32 = Buffer.alloc(text.length * 4);
  for (let i = 0; i < text.length; i++) utf32.writeUInt32LE(text.charCodeAt(i), i * 4);
  assert.match(decodeSpec(utf32, 'r.txt').finding?.message ?? '', /UTF-32 encoded/);
  assert.match(decodeSpec(Buffer.alloc(4096), 'r.txt').finding?.message ?? '', /NUL bytes: it is binary/);
  assert.equal(decodeSpec(Buffer.from(text), 'r.txt').text, text);
});
