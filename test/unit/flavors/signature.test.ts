import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindCall } from '../../../src/flavors/signature.ts';
import { outlinePython } from '../../../src/source/python/index.ts';

const fn = (source: string) => outlinePython(Buffer.from(`${source}:\n    pass\n`), { file: 'x.py' }).functions[0]!;

test('binds calls the way CPython does', () => {
  assert.equal(bindCall(fn('def f(a, b)'), { positional: 2 }), null);
  assert.match(bindCall(fn('def f(a)'), { positional: 2 })!, /takes 1 positional argument but the platform passes 2/);
  assert.match(bindCall(fn('def f(a, b, c)'), { positional: 2 })!, /requires 'c'/);
  assert.equal(bindCall(fn('def f(a, *rest)'), { positional: 5 }), null);
  assert.equal(bindCall(fn('def f(a, b=1, *, c=2)'), { positional: 1 }), null);
  assert.match(bindCall(fn('def f(a, *, c)'), { positional: 1 })!, /requires 'c'/);
});

test('keywords bind to named parameters or **kwargs, never to positional-only ones', () => {
  assert.equal(bindCall(fn('def f(data, model=None)'), { positional: 1, keywords: ['model'] }), null);
  assert.equal(bindCall(fn('def f(data, **kw)'), { positional: 1, keywords: ['model'] }), null);
  assert.match(bindCall(fn('def f(data)'), { positional: 1, keywords: ['model'] })!, /no parameter 'model'/);
  assert.match(bindCall(fn('def f(model, /)'), { positional: 0, keywords: ['model'] })!, /no parameter 'model'/);
  assert.match(bindCall(fn('def f(model)'), { positional: 1, keywords: ['model'] })!, /multiple values/);
});

test('methods skip self', () => {
  assert.equal(bindCall(fn('def handle(self, data, context)'), { positional: 2 }, { method: true }), null);
  assert.match(bindCall(fn('def handle(self, data)'), { positional: 2 }, { method: true })!, /takes 1 positional/);
});
