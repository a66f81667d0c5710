/** main(): exit codes and the one-JSON-document rule, in process, with a captured Io. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/main.ts';

async function run(argv: string[], cwd = '/') {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd };
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
  assert.deepEqual(result.json(), { ok: false, error: { code: 'USAGE', message: 'no command given', hint: "run 'mctl --help' for the commands", exitCode: 2 } });
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

test("archive's --version is the model version (torch-model-archiver's flag); mctl --version stays mctl's", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mctl-main-'));
  try {
    writeFileSync(join(dir, 'h.py'), 'def handle(data, context):\n    return data\n');
    for (const flag of [['--version', '2.5'], ['--version=2.5'], ['-v', '2.5']]) {
      const result = await run(['archive', '--handler', 'h:handle', '--model-name', 'm', ...flag, '--dry-run', '--json'], dir);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.json().version, '2.5', flag.join(' '));
    }
    assert.match((await run(['--version'])).stdout, /^\d+\.\d+\.\d+\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
