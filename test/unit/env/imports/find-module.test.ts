import assert from 'node:assert/strict';
import fs, { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { errnoCode } from '../../../../src/errors.ts';
import { findModule } from '../../../../src/env/imports/find-module.ts';
import { tempDir } from '../../../helpers/cli.ts';

function withDir(fn: (dir: string) => void): void {
  const { dir, cleanup } = tempDir();
  try {
    fn(dir);
  } finally {
    cleanup();
  }
}

test('a module file, a package, a namespace directory; nothing for an absent one or a data directory', () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'pkg/ns'), { recursive: true });
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'pkg/__init__.py'), '');
    writeFileSync(join(dir, 'pkg/ns/mod.py'), '');
    writeFileSync(join(dir, 'data/x.csv'), '');
    writeFileSync(join(dir, 'helpers.py'), '');
    assert.deepEqual(findModule(['helpers'], [dir]), { path: join(dir, 'helpers.py') });
    assert.deepEqual(findModule(['pkg'], [dir]), { path: join(dir, 'pkg/__init__.py') });
    assert.deepEqual(findModule(['pkg', 'ns'], [dir]), { path: join(dir, 'pkg/ns') });
    assert.deepEqual(findModule(['data'], [dir]), {});
    assert.deepEqual(findModule(['numpy', 'linalg'], [dir]), {});
    assert.deepEqual(findModule(['helpers', 'x'], [dir]), {}, 'ENOTDIR under a file is absent too');
  });
});

test('a link loop on the way is blocked at the link (ELOOP: root cannot bypass it); another root still wins', () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b/lib'), { recursive: true });
    symlinkSync('lib', join(dir, 'a/lib'));
    const found = findModule(['lib', 'm'], [join(dir, 'a')]);
    assert.equal(found.path, undefined);
    assert.equal(found.blocked?.dir, join(dir, 'a/lib'));
    assert.equal(errnoCode(found.blocked?.error), 'ELOOP');
    writeFileSync(join(dir, 'b/lib/m.py'), '');
    assert.deepEqual(findModule(['lib', 'm'], [join(dir, 'a'), join(dir, 'b')]), { path: join(dir, 'b/lib/m.py') });
  });
});

test('EACCES blames the directory that cannot be searched; a root that cannot be searched hides nothing', () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'lib/sub'), { recursive: true });
    const lockedBelow = (locked: string, fn: () => void) => {
      const stat = fs.statSync;
      const statMock = mock.method(fs, 'statSync', (path: string, ...rest: unknown[]) => {
        if (String(path).startsWith(`${locked}/`))
          throw Object.assign(new Error(`EACCES: permission denied, stat '${path}'`), { code: 'EACCES', path });
        return (stat as (...args: unknown[]) => unknown)(path, ...rest);
      });
      syncBuiltinESMExports();
      try {
        fn();
      } finally {
        statMock.mock.restore();
        syncBuiltinESMExports();
      }
    };
    lockedBelow(join(dir, 'lib'), () => {
      const deep = findModule(['lib', 'sub', 'm'], [dir]);
      assert.equal(deep.blocked?.dir, join(dir, 'lib'), 'the deepest directory reached, not lib/sub');
      assert.equal(errnoCode(deep.blocked?.error), 'EACCES');
    });
    lockedBelow(dir, () => assert.deepEqual(findModule(['numpy'], [dir]), {}));
  });
});
