/**
 * main(): exit codes and the one-JSON-document rule, in process, with a captured Io; an OS error
 * that escapes a command unwrapped is exit 3 naming the path, not "a bug in mctl" (exit 70).
 */
import assert from 'node:assert/strict';
import fsPromises from 'node:fs/promises';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { main } from '../../src/main.ts';
import { tempDir } from '../helpers/cli.ts';

async function run(argv: string[], cwd = '/') {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { NO_COLOR: '1' },
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

test('bare mctl: the whole help with the exit codes on stderr, exit 2', async () => {
  const result = await run([]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /Usage: mctl/);
  assert.match(result.stderr, /Exit codes: 0 ok/);
});

test('--json with no command: one JSON usage error, no commander internals', async () => {
  const result = await run(['--json']);
  assert.equal(result.code, 2);
  assert.deepEqual(result.json(), {
    ok: false,
    error: { code: 'USAGE', message: 'no command given', hint: "run 'mctl --help' for the commands", exitCode: 2 },
  });
  assert.deepEqual((await run(['--config', 'x.yaml', '--json'])).code, 2);
});

test('--json --help and --json -V are one JSON document too', async () => {
  const help = await run(['--json', '--help']);
  assert.equal(help.code, 0);
  assert.match(String(help.json().help), /Usage: mctl[\s\S]*Exit codes/);
  const version = await run(['--json', '-V']);
  assert.equal(version.code, 0);
  assert.match(String(version.json().version), /^\d+\.\d+\.\d+/);
  const sub = await run(['validate', '--help', '--json']);
  assert.match(String(sub.json().help), /Usage: mctl validate/);
});

test('a mistyped subcommand gets the did-you-mean a mistyped command gets', async () => {
  const env = await run(['env', 'chek']);
  assert.equal(env.code, 2);
  assert.match(env.stderr, /unknown command 'env chek'\nhint: did you mean 'mctl env check'\?/);
  const top = await run(['validat']);
  assert.equal(top.code, 2);
  assert.match(top.stderr, /Did you mean validate\?/);
  assert.equal((await run(['env'])).code, 2);
});

test(
  "archive's --version is the model version " + "(torch-model-archiver's flag); mctl --version stays mctl's",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctl-main-'));
    try {
      writeFileSync(join(dir, 'h.py'), 'def handle(data, context):\n    return data\n');
      for (const flag of [['--version', '2.5'], ['--version=2.5'], ['-v', '2.5']]) {
        const result = await run(
          ['archive', '--handler', 'h:handle', '--model-name', 'm', ...flag, '--dry-run', '--json'],
          dir,
        );
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.json().version, '2.5', flag.join(' '));
      }
      assert.match((await run(['--version'])).stdout, /^\d+\.\d+\.\d+\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      cwd,
      env: { NO_COLOR: '1' },
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
    },
  };
}

test('an unreadable subdirectory met by a walk (EACCES, as for a non-root user) is exit 3 with the path', async () => {
  const { dir, cleanup } = tempDir();
  const original = fsPromises.readdir;
  const readdir = mock.method(fsPromises, 'readdir', (path: string, ...rest: unknown[]) => {
    if (String(path).endsWith('/secret'))
      return Promise.reject(
        Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), {
          code: 'EACCES',
          syscall: 'scandir',
          path,
        }),
      );
    return (original as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
  });
  syncBuiltinESMExports();
  try {
    mkdirSync(join(dir, 'model/secret'), { recursive: true });
    writeFileSync(join(dir, 'h.py'), 'def handle(data, context):\n    return data\n');
    const { out, io: ctx } = io(dir);
    const code = await main(
      ['archive', '--dry-run', '--model-name', 'm', '--handler', 'h.py', '--model-dir', 'model'],
      ctx,
    );
    assert.equal(code, 3, out.stderr);
    assert.equal(
      out.stderr,
      'error: model/secret: cannot list the directory: permission denied (EACCES)\n' +
        'hint: check the permissions of the file and of the directories above it\n',
    );
  } finally {
    readdir.mock.restore();
    syncBuiltinESMExports();
    cleanup();
  }
});
