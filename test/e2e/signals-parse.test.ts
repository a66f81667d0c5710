/**
 * Ctrl-C and SIGTERM end validate and env check at once, even while a large file is being
 * parsed: the parse runs in a worker thread and the main thread answers the signal (exit 130,
 * one line, no stack trace).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, tempDir } from '../helpers/cli.ts';

// About 8 MB of code, in six files: several seconds of parsing on this machine (one 8 MB file
// takes about 0.6 s since the parser became linear in strings: too quick for a signal at 1.5 s).
const FILES = ['big0', 'big1', 'big2', 'big3', 'big4', 'big5'];
const BIG = Array.from(
  { length: 40_000 },
  (_, i) =>
    `class C${i}(Base):\n    def run(self, x, y=${i}):\n        return [v * y for v in x if v] or {"k": (x, y)}\n\n`,
).join('');

async function interrupt(
  args: string[],
  cwd: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; afterSignalMs: number; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const sent = performance.now();
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, afterSignalMs: performance.now() - sent, stderr };
}

for (const [command, signal] of [
  ['validate', 'SIGTERM'],
  ['validate', 'SIGINT'],
  ['env', 'SIGINT'],
] as const) {
  test(`${signal} ends ${command} at once while a large file is parsed`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(
        join(dir, 'score.py'),
        `${FILES.map((f) => `import ${f}\n`).join('')}\ndef init():\n    pass\n\ndef run(raw):\n    return raw\n`,
      );
      for (const file of FILES) writeFileSync(join(dir, `${file}.py`), BIG);
      writeFileSync(join(dir, 'requirements.txt'), 'numpy==1.26.4\n');
      const args =
        command === 'validate'
          ? ['validate', 'score.py', ...FILES.map((f) => `${f}.py`)]
          : ['env', 'check', '--entry', 'score.py', '--flavor', 'azureml'];
      const result = await interrupt(args, dir, signal);
      assert.equal(result.code, 130, result.stderr);
      // Before the fix: 129 s. Typically under 1 s; the margin is for a loaded CI machine.
      assert.ok(result.afterSignalMs < 5000, `exited ${result.afterSignalMs.toFixed(0)} ms after ${signal}`);
      assert.match(result.stderr, new RegExp(`interrupted \\(${signal}\\)`));
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      cleanup();
    }
  });
}
