import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import type { FileJob } from '../../../src/validate/check-file.ts';
import { runJobs } from '../../../src/validate/run-jobs.ts';
import { tempDir } from '../../helpers/cli.ts';

const options = { target: { major: 3 as const, minor: 11 }, rules: {} };

function job(dir: string, name: string): FileJob {
  return { path: join(dir, name), display: name, explicit: false };
}

/** Whatever is not a regular file is refused at once (exit 3), on the main thread and in the pool. */
for (const many of [false, true]) {
  test(
    'a FIFO, a link to /dev/zero and a character device are refused at once ' +
      `(${many ? 'worker threads' : 'main thread'})`,
    async () => {
      const { dir, cleanup } = tempDir();
      try {
        const helpers = many ? Array.from({ length: 40 }, (_, i) => `m${i}.py`) : [];
        for (const name of helpers) writeFileSync(join(dir, name), `x = ${name.length}\n`);
        execFileSync('mkfifo', [join(dir, 'fifo.py')]);
        symlinkSync('/dev/zero', join(dir, 'zero.py'));
        symlinkSync('/dev/null', join(dir, 'null.py'));
        for (const [name, kind] of [
          ['fifo.py', 'a FIFO (named pipe)'],
          ['zero.py', 'a character device'],
          ['null.py', 'a character device'],
        ] as const) {
          const started = performance.now();
          await assert.rejects(
            runJobs(
              [...helpers, name].map((n) => job(dir, n)),
              options,
            ),
            (error: unknown) => {
              assert.ok(error instanceof MctlError, String(error));
              assert.equal(error.exit, 'BAD_INPUT');
              assert.equal(error.message, `${name}: the source file is ${kind}, not a regular file`);
              return true;
            },
          );
          assert.ok(performance.now() - started < 5000, `${name} took ${performance.now() - started} ms`);
        }
      } finally {
        cleanup();
      }
    },
  );
}

test('reports come back in job order from the worker threads', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const names = Array.from({ length: 70 }, (_, i) => `m${i}.py`);
    names.forEach((name, i) => writeFileSync(join(dir, name), i % 7 === 0 ? 'def f(:\n' : `x = ${i}\n`));
    const reports = await runJobs(
      names.map((n) => job(dir, n)),
      options,
    );
    assert.deepEqual(
      reports.map((r) => r.file),
      names,
    );
    assert.deepEqual(
      reports.map((r) => r.findings.some((f) => f.ruleId === 'syntax-error')),
      names.map((_, i) => i % 7 === 0),
    );
  } finally {
    cleanup();
  }
});
