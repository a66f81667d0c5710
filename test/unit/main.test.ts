/** main.ts: an OS error that escapes a command unwrapped is exit 3 naming the path, not "a bug in mctl" (exit 70). */
import assert from 'node:assert/strict';
import fsPromises from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { main } from '../../src/main.ts';
import { tempDir } from '../helpers/cli.ts';

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { cwd, env: { NO_COLOR: '1' }, stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}

test('an unreadable subdirectory met by a walk (EACCES, as for a non-root user) is exit 3 with the path', async () => {
  const { dir, cleanup } = tempDir();
  const original = fsPromises.readdir;
  const readdir = mock.method(fsPromises, 'readdir', (path: string, ...rest: unknown[]) => {
    if (String(path).endsWith('/secret')) return Promise.reject(Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES', syscall: 'scandir', path }));
    return (original as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
  });
  syncBuiltinESMExports();
  try {
    mkdirSync(join(dir, 'model/secret'), { recursive: true });
    writeFileSync(join(dir, 'h.py'), 'def handle(data, context):\n    return data\n');
    const { out, io: ctx } = io(dir);
    const code = await main(['archive', '--dry-run', '--model-name', 'm', '--handler', 'h.py', '--model-dir', 'model'], ctx);
    assert.equal(code, 3, out.stderr);
    assert.equal(out.stderr, 'error: model/secret: cannot list the directory: permission denied (EACCES)\nhint: check the permissions of the file and of the directories above it\n');
  } finally {
    readdir.mock.restore();
    syncBuiltinESMExports();
    cleanup();
  }
});
