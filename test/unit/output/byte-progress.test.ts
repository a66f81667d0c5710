import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, progressWanted } from '../../../src/output/byte-progress.ts';
import type { CommandContext } from '../../../src/output/io.ts';

const ctx = (stderr: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = {}, json = false): CommandContext => ({
  cwd: '/', env, json, debug: false, stdout: { write: () => true }, stderr: { write: () => true, ...stderr },
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
