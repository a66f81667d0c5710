import { spawn, type ChildProcess } from 'node:child_process';
import { listDescendants } from '../../src/util/process/kill-tree.ts';
import { BIN } from './cli.ts';
import { waitGone } from './run.ts';

/** A `mctl serve --json --port 0` process, its ready line, its stderr, and its process tree. */
export interface Served {
  child: ChildProcess;
  ready: {
    url: string;
    managementUrl?: string;
    routes: { method: string; path: string; url: string }[];
    model: string;
    workers: number;
  };
  stderr(): string;
  /** Every process under mctl now (the workers and what they started). */
  tree(): number[];
  /** Sends the signal; resolves with the exit code and the processes of the tree still running after it. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; left: number[] }>;
}

export async function startServe(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number },
): Promise<Served> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1', ...options.env };
  const child = spawn(process.execPath, [BIN, 'serve', '--json', '--port', '0', ...args], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line in ${options.timeoutMs ?? 20_000} ms; stderr:\n${stderr}`)),
      options.timeoutMs ?? 20_000,
    );
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(stdout.slice(0, stdout.indexOf('\n')));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`mctl serve exited ${code} before it was ready; stderr:\n${stderr}`));
    });
  });
  let seen: number[] = [];
  const tree = () => {
    seen = [...new Set([...seen, ...listDescendants(child.pid!)])];
    return listDescendants(child.pid!);
  };
  tree();
  return {
    child,
    ready: JSON.parse(line) as Served['ready'],
    stderr: () => stderr,
    tree,
    async stop(signal = 'SIGTERM') {
      tree();
      child.kill(signal);
      const code = await exited;
      return { code, left: await waitGone(seen) };
    },
  };
}

export async function post(
  url: string,
  body: string | Uint8Array | FormData,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', body, ...(body instanceof FormData ? {} : { headers }) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}
