import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, progressText, progressWanted } from '../../../src/output/byte-progress.ts';
import type { CommandContext } from '../../../src/output/io.ts';

const ctx = (
  stderr: { isTTY?: boolean; columns?: number },
  env: NodeJS.ProcessEnv = {},
  json = false,
): CommandContext => ({
  cwd: '/',
  env,
  json,
  debug: false,
  stdout: { write: () => true },
  stderr: { write: () => true, ...stderr },
});

test('progress only on a real terminal, never in CI, with --json, or with 0 columns', () => {
  assert.equal(progressWanted(ctx({ isTTY: true, columns: 120 })), true);
  assert.equal(progressWanted(ctx({ isTTY: false, columns: 120 })), false);
  assert.equal(progressWanted(ctx({ isTTY: true, columns: 120 }, { CI: 'true' })), false);
  assert.equal(progressWanted(ctx({ isTTY: true, columns: 120 }, {}, true)), false);
  assert.equal(progressWanted(ctx({ isTTY: true, columns: 0 })), false, 'ora would loop forever');
});

test('sizes read as people write them', () => {
  assert.equal(formatBytes(964), '964 B');
  assert.equal(formatBytes(536870912), '512.0 MiB');
  assert.equal(formatBytes(5 * 1024 ** 3), '5.0 GiB');
});

test('the progress line: rate and ETA once a rate means something, never past the total or below zero', () => {
  const MiB = 1024 * 1024;
  assert.equal(progressText('archiving m.mar', 64 * MiB, 512 * MiB, 0.1), 'archiving m.mar 64.0 MiB / 512.0 MiB');
  const line = (done: number, seconds: number) => progressText('archiving m.mar', done, 512 * MiB, seconds);
  assert.equal(line(128 * MiB, 0.5), 'archiving m.mar 128.0 MiB / 512.0 MiB · 256.0 MiB/s · ETA 2 s');
  // The archive's own hash list is written after the announced files (issue 15: "ETA -0 s").
  assert.equal(line(512 * MiB + 900, 2), 'archiving m.mar 512.0 MiB / 512.0 MiB · 256.0 MiB/s · ETA 0 s');
  assert.equal(progressText('archiving m.mar', 0, 512 * MiB, 1), 'archiving m.mar 0 B / 512.0 MiB');
  // Rounded up: 0.4 s of work left is not "ETA 0 s".
  assert.equal(line(400 * MiB, 1), 'archiving m.mar 400.0 MiB / 512.0 MiB · 400.0 MiB/s · ETA 1 s');
});
