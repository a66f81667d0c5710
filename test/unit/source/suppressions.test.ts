import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSuppressed } from '../../../src/source/suppressions.ts';
import { outline, py } from '../../helpers/outline.ts';

test('a directive at the top covers the file; one after code covers its line', () => {
  const o = outline(py`
    # mctl: disable=shadowed-module
    """Docstring."""
    import os

    def run(x):  # mctl: disable=signature, missing-callable
        return x
    # mctl: disable=main-block
    def init():
        pass
  `);
  assert.equal(isSuppressed(o.suppressions, 'shadowed-module', 40), true);
  assert.equal(isSuppressed(o.suppressions, 'signature', 5), true);
  assert.equal(isSuppressed(o.suppressions, 'missing-callable', 5), true);
  assert.equal(isSuppressed(o.suppressions, 'signature', 6), false);
  assert.equal(
    isSuppressed(o.suppressions, 'main-block', 8),
    true,
    'a comment alone on its line also covers the next line',
  );
  assert.equal(isSuppressed(o.suppressions, 'signature', 1), false);
});

test('TypeScript uses // comments', () => {
  const o = outline('// mctl: disable=missing-callable\nexport function run() {}\n', 'score.ts');
  assert.equal(isSuppressed(o.suppressions, 'missing-callable', 1), true);
});
