import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { BIN, mctl, ROOT } from '../helpers/cli.ts';

test('--version prints the package version', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = mctl(['--version']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout.trim(), version);
});

test('--help lists the commands and exit codes; bare mctl is a usage error', () => {
  const help = mctl(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /validate \[options\] \[paths\.\.\.\]/);
  assert.match(help.stdout, /Exit codes: 0 ok · 1 findings · 2 usage/);
  const bare = mctl([]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /Usage: mctl/);
});

test('an unknown command or option is exit 2 with a suggestion', () => {
  const command = mctl(['valdate']);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /error: unknown command 'valdate'\nhint: Did you mean validate\?/);
  const json = mctl(['valdate', '--json']);
  assert.equal(json.code, 2);
  assert.deepEqual(json.json(), {
    ok: false,
    error: { code: 'USAGE', message: "unknown command 'valdate'", hint: 'Did you mean validate?', exitCode: 2 },
  });
});

test('--debug shows the stack of an error', () => {
  const result = mctl(['validate', 'missing.py', '--debug']);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /MctlError: missing\.py: no such file/);
});

test('a reader that closes the pipe early (| head) ends mctl quietly', () => {
  const result = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" run --help | head -1`], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^Usage: mctl run/);
  assert.doesNotMatch(result.stderr, /EPIPE/);
});

test('a reader that leaves early does not turn findings into success (exit 1 under pipefail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mctl-epipe-'));
  try {
    // Enough findings that the report outlives the pipe's buffer.
    for (let i = 0; i < 1500; i++) writeFileSync(join(dir, `m${i}.py`), 'def broken(:\n');
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" validate . | head -1`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout.split('\n').length, 2);
    assert.doesNotMatch(result.stderr, /EPIPE|internal error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'a result that cannot be written (stdout on a full disk) is exit 3 in one line, no stack',
  { skip: !existsSync('/dev/full') && 'no /dev/full' },
  () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [BIN, 'validate', '--json', 'fixtures/projects/mms'], {
        cwd: ROOT,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.equal(result.status, 3);
      assert.equal(result.stderr, 'error: cannot write the output to stdout: no space left on the device (ENOSPC)\n');
    } finally {
      closeSync(full);
    }
  },
);
