import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findMethod, hasExternalBase, localAncestry, moduleClass } from '../../../src/flavors/lookup.ts';
import { serviceClasses } from '../../../src/flavors/modelarts.ts';
import { outlinePython } from '../../../src/source/python/index.ts';
import { py, ruleIds } from '../../helpers/outline.ts';

const outline = (source: string) => outlinePython(Buffer.from(source), { file: 'score.py' });

/** class C0(<root>) … class C{n-1}(C{n-2}): a generated module's inheritance chain. */
function chain(n: number, root: string, rootBody = 'pass'): string {
  const lines = [`from model_service.pytorch_model_service import PTServingBaseService`, `class C0(${root}):`];
  lines.push(...rootBody.split('\n').map((l) => `    ${l}`));
  for (let i = 1; i < n; i++) lines.push(`class C${i}(C${i - 1}):`, '    pass');
  return `${lines.join('\n')}\n`;
}

test('a chain deeper than the call stack: bases, methods and the service class are still found', () => {
  // 100,000 classes: the recursive walks this replaced overflowed the stack (and asked the same
  // question of every class again: quadratic, 51 s for 20,000 classes).
  const n = 100_000;
  const o = outline(chain(n, 'PTServingBaseService', 'def _inference(self):\n    return 1'));
  const leaf = moduleClass(o, `C${n - 1}`)!;
  assert.equal(findMethod(o, leaf, '_inference')?.name, '_inference');
  assert.equal(findMethod(o, leaf, 'absent'), undefined);
  assert.equal(hasExternalBase(o, leaf), true);
  assert.deepEqual(
    serviceClasses(o).map(({ cls, base }) => [cls.name, base]),
    [[`C${n - 1}`, 'PTServingBaseService']],
  );
});

test('a chain rooted in object has no external base; order and cycles', () => {
  const o = outline(chain(1000, 'object'));
  assert.equal(hasExternalBase(o, moduleClass(o, 'C999')!), false);
  const diamond = outline(py`
    class A(Base):
        pass
    class B(A):
        def f(self): pass
    class C(A):
        def f(self, x): pass
    class D(C, B):
        pass
  `);
  // Depth-first in base order: C before B, A once.
  assert.deepEqual(
    [...localAncestry(diamond, moduleClass(diamond, 'D')!)].map((c) => c.name),
    ['D', 'C', 'A', 'B'],
  );
  assert.equal(findMethod(diamond, moduleClass(diamond, 'D')!, 'f')?.params.length, 2);
  // A cycle is an error when Python imports the file; the walks must still end.
  const cycle = outline(py`
    class A(B):
        pass
    class B(A):
        pass
  `);
  assert.equal(findMethod(cycle, moduleClass(cycle, 'A')!, 'f'), undefined);
  assert.equal(hasExternalBase(cycle, moduleClass(cycle, 'A')!), false);
  assert.deepEqual(ruleIds('modelarts', 'class A(B):\n    pass\nclass B(A):\n    pass\n', 'customize_service.py'), [
    'entry-class',
  ]);
});
