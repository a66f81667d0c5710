/** Runs the Python unit tests of python/mctl_runtime (test/python) with the machine's python3. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON } from '../helpers/run.ts';

const PILLOW = 'import PIL, numpy';
// The guide's MnistService needs Pillow and numpy: python3 when it has them, else Debian's (python3-pil,
// python3-numpy).
const WITH_PILLOW = [PYTHON, '/usr/bin/python3'].find((p) => p && spawnSync(p, ['-c', PILLOW]).status === 0);

test('python/mctl_runtime unit tests (unittest), leaving no temp files behind', { skip: SKIP_NO_PYTHON }, () => {
  // A temp dir of their own, to see that they remove everything they create there.
  const temp = mkdtempSync(join(tmpdir(), 'mctl-pytest-'));
  const result = spawnSync(
    PYTHON!,
    ['-B', '-m', 'unittest', 'discover', '-s', join(ROOT, 'test/python'), '-t', join(ROOT, 'test/python')],
    {
      cwd: ROOT,
      // test_native_host.py serves native entries with this Node.js and this (built) mctl.
      env: {
        ...process.env,
        PYTHONPATH: join(ROOT, 'python'),
        MCTL_TEST_NODE: process.execPath,
        MCTL_TEST_ROOT: ROOT,
        TMPDIR: temp,
      },
      encoding: 'utf8',
    },
  );
  const left = readdirSync(temp);
  rmSync(temp, { recursive: true, force: true });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /\nOK/);
  assert.deepEqual(left, []);
});

test(
  "ModelArts: the guide's MnistService on a multipart upload (Pillow, numpy)",
  {
    skip: WITH_PILLOW ? false : 'no python3 with Pillow and numpy (Debian: apt-get install python3-pil python3-numpy)',
  },
  () => {
    const result = spawnSync(WITH_PILLOW!, ['-B', '-m', 'unittest', '-v', 'test_modelarts_adapter.GuideMnistTests'], {
      cwd: join(ROOT, 'test/python'),
      env: { ...process.env, PYTHONPATH: join(ROOT, 'python') },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /test_the_guides_mnist_service\S* \(\S+\)\s*\.\.\. ok/);
  },
);
