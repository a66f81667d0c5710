import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/mctl.js');
export const FIXTURES = join(ROOT, 'fixtures');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the single JSON document it must be. */
  json<T = Record<string, unknown>>(): T;
}

/**
 * The same as mctl(), in this process: main() with a captured Io and the same environment, so
 * a test pays no Node start-up. For everything that needs no process of its own (signals,
 * the process's exit status, a closed stdout pipe need mctl()).
 */
export async function mctlIn(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  const { main } = await import('../../src/main.ts');
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: cliEnv(options.env),
    cwd: options.cwd ?? ROOT,
  };
  const code = await main(args, io);
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.FORCE_COLOR;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs the built bin the way a user or CI would: no TTY, NO_COLOR and CI set. */
export function mctl(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeout?: number } = {},
): CliResult {
  const env = cliEnv(options.env);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
  });
  if (result.error) throw result.error;
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    json<T>() {
      return JSON.parse(result.stdout) as T;
    },
  };
}

/** A fresh temp directory, optionally seeded with a copy of a fixture; removed by the returned cleanup. */
export function tempDir(fixture?: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mctl-test-'));
  if (fixture) cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
