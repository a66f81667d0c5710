/** env check --local against interpreters that misbehave: wrappers that hang, print, or leave children. */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkLocal } from '../../../src/env/local.ts';
import { emptySpec } from '../../../src/env/spec.ts';
import { MctlError } from '../../../src/errors.ts';
import { tempDir } from '../../helpers/cli.ts';
import { SKIP_NO_PYTHON, waitGone } from '../../helpers/run.ts';

/** A wrapper "interpreter" (a shell script) in a temp dir with a temp dir of its own for mctl. */
function wrapper(body: string): { dir: string; python: string; tmp: string; cleanup(): void } {
  const { dir, cleanup } = tempDir();
  const python = join(dir, 'python');
  writeFileSync(python, `#!/bin/sh\n${body}\n`);
  chmodSync(python, 0o755);
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  return { dir, python, tmp, cleanup };
}

/** checkLocal with os.tmpdir() pointing at the wrapper's own temp dir, to see what is left in it. */
async function check(w: { python: string; tmp: string; dir: string }, timeoutMs = 20_000) {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = w.tmp;
  try {
    return await checkLocal(emptySpec(), {
      python: w.python,
      env: process.env,
      cwd: w.dir,
      target: { major: 3, minor: 11 },
      timeoutMs,
    });
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

test(
  'a wrapper that hangs with a grandchild: timeout (124) on time, nothing left running, the temp dir gone',
  { skip: process.platform !== 'linux' && 'needs /proc' },
  async () => {
    // The grandchild starts a session of its own and keeps stdout open.
    const w = wrapper(`setsid sleep 300 & echo $! > "${'$'}{0%/*}/pid"\nsleep 300`);
    try {
      const started = Date.now();
      await assert.rejects(
        check(w, 1000),
        (e: MctlError) => e.exit === 'TIMEOUT' && /timed out after 1 s/.test(e.message),
      );
      assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);
      assert.deepEqual(await waitGone([Number(readFileSync(join(w.dir, 'pid'), 'utf8'))]), []);
      assert.deepEqual(readdirSync(w.tmp), []);
    } finally {
      w.cleanup();
    }
  },
);

test("an interpreter that prints something else than the probe's JSON is exit 7 naming it", async () => {
  const w = wrapper('echo "Python 2.7.18 says hello"');
  try {
    await assert.rejects(
      check(w),
      (e: MctlError) =>
        e.exit === 'ENVIRONMENT' &&
        e.message.includes(w.python) &&
        /printed "Python 2\.7\.18 says hello" instead of the probe's JSON/.test(e.message),
    );
  } finally {
    w.cleanup();
  }
});

test(
  'a wrapper that passes through to python3 and leaves a child behind: the probe works, the child is killed',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const w = wrapper(
      `setsid sleep 300 > /dev/null 2>&1 & echo $! > "${'$'}{0%/*}/pid"\necho activating >&2\nexec python3 "$@"`,
    );
    try {
      const { report } = await check(w);
      assert.match(report.python, /^3\./);
      assert.deepEqual(await waitGone([Number(readFileSync(join(w.dir, 'pid'), 'utf8'))]), []);
    } finally {
      w.cleanup();
    }
  },
);
