import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collisionKey, parentDirs, unsafeNameReason } from '../../../src/archive/names.ts';

test('safe member names pass', () => {
  for (const name of ['model.pt', 'MAR-INF/MANIFEST.json', 'assets/sub/é.txt', 'a/', '.hidden'])
    assert.equal(unsafeNameReason(name), null, name);
});

test('traversal, absolute, drive, backslash, control characters and odd segments are refused', () => {
  const cases: [string, RegExp][] = [
    ['../x', /'\.\.'/],
    ['a/../../x', /'\.\.'/],
    ['/etc/passwd', /absolute/],
    ['C:/Windows/x', /drive-letter/],
    ['c:x', /drive-letter/],
    ['a\\..\\x', /backslash/],
    ['a\nb', /control character/],
    ['./a', /'\.'/],
    ['a//b', /empty path segment/],
    ['', /empty name/],
    ['x'.repeat(5000), /longer than/],
  ];
  for (const [name, reason] of cases) assert.match(unsafeNameReason(name) ?? '', reason, JSON.stringify(name));
});

test('names that collide on case-insensitive or normalising file systems share a key', () => {
  assert.equal(collisionKey('Model.py'), collisionKey('model.py'));
  assert.equal(collisionKey('caf\u00e9'), collisionKey('cafe\u0301'));
  assert.notEqual(collisionKey('a.py'), collisionKey('b.py'));
  assert.deepEqual(parentDirs('a/b/c.txt'), ['a', 'a/b']);
});
