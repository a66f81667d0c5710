import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, tempDir } from './cli.ts';

/** Packages `mctl <args>` loads with require(), in any of its threads; the run must succeed. */
export function packagesLoaded(args: string[], cwd: string): string[] {
  const { dir, cleanup } = tempDir();
  try {
    const record = join(dir, 'loaded.txt');
    const result = spawnSync(
      process.execPath,
      ['--require', join(ROOT, 'test/helpers/record-requires.cjs'), BIN, ...args],
      {
        cwd,
        env: { ...process.env, MCTL_RECORD_REQUIRES: record, NO_COLOR: '1' },
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 0, result.stderr);
    const lines = existsSync(record) ? readFileSync(record, 'utf8').split('\n') : [];
    return [...new Set(lines.filter(Boolean))].sort();
  } finally {
    cleanup();
  }
}
