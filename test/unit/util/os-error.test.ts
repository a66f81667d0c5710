/** OS errors about the machine (full disk, read-only, permissions, long names) are exit 3, never "a bug in mctl". */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { environmentError, osError, outputError } from '../../../src/util/os-error.ts';

function errno(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall}${path ? ` '${path}'` : ''}`), {
    code,
    syscall,
    ...(path ? { path } : {}),
  });
}

test('an unwrapped errno error with a path names it relative to cwd, with the reason in words', () => {
  const error = environmentError(errno('EACCES', 'scandir', '/p/model/secret'), '/p');
  assert.ok(error instanceof MctlError);
  assert.equal(error.exitCode, 3);
  assert.equal(error.message, 'model/secret: cannot list the directory: permission denied (EACCES)');
  const rofs = environmentError(errno('EROFS', 'open', '/ro/x.py'), '/p') as MctlError;
  assert.match(rofs.message, /\.\.\/ro\/x\.py: cannot open: the file system is read-only \(EROFS\)/);
  assert.match(rofs.hint ?? '', /writable/);
});

test('a full disk is exit 3 even without a path; other errors stay bugs (exit 70)', () => {
  const full = environmentError(errno('ENOSPC', 'write'), '/p') as MctlError;
  assert.equal(full.code, 'NO_SPACE');
  assert.equal(full.message, 'cannot write: no space left on the device (ENOSPC)');
  assert.equal(environmentError(errno('EACCES', 'open'), '/p'), undefined, 'EACCES without a path could be anything');
  assert.equal(environmentError(new TypeError('x is undefined'), '/p'), undefined);
  assert.equal(environmentError(new MctlError('X', 'y', { exit: 'USAGE' }), '/p'), undefined);
});

test(
  'writing an output: errors on the temp file or on no file name the output, ' + 'errors on inputs keep their own path',
  () => {
    const output = { temp: '/out/.m.mar.1.tmp', shown: 'm.mar', what: 'archive' };
    assert.equal(
      (outputError(errno('ENOSPC', 'write'), output) as MctlError).message,
      'm.mar: cannot write the archive: no space left on the device (ENOSPC)',
    );
    assert.match((outputError(errno('EDQUOT', 'open', output.temp), output) as MctlError).message, /^m\.mar: .*quota/);
    const input = errno('EACCES', 'open', '/p/model/w.bin');
    assert.equal(outputError(input, output), input);
    const bug = new RangeError('x');
    assert.equal(outputError(bug, output), bug);
  },
);

test('a missing directory for a write says so', () => {
  const error = osError(errno('ENOENT', 'open', '/x/no/env.yml'), { shown: 'no/env.yml', action: 'write' });
  assert.equal(error.message, 'no/env.yml: cannot write: its directory does not exist');
  assert.equal(error.code, 'PATH_UNWRITABLE');
});
