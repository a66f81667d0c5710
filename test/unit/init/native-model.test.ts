/** init --model reads the user's ONNX file through the bounded reader: a device or FIFO is refused at once. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { userModelFiles } from '../../../src/init/native-model.ts';

test('--model /dev/zero is exit 3 naming the flag, not an endless read', async () => {
  await assert.rejects(userModelFiles('/', '/dev/zero'), (e: unknown) => {
    assert.ok(e instanceof MctlError);
    assert.equal(e.exitCode, 3);
    assert.match(e.message, /^--model \/dev\/zero: the ONNX model is a character device/);
    return true;
  });
  await assert.rejects(userModelFiles('/', '/no/such.onnx'), (e: MctlError) => e.code === 'PATH_NOT_FOUND');
});
