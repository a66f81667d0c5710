import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outlinePython } from '../../../../src/source/python/index.ts';
import { py } from '../../../helpers/outline.ts';

const outline = (source: string) => outlinePython(Buffer.from(source), { file: 'x.py' });

test('parameters: positional-only, defaults, *args, keyword-only, **kwargs, annotations', () => {
  const o = outline('def f(a, /, b=1, *args, c, d: int = 2, **kw) -> None:\n    pass\n');
  const params = o.functions[0]!.params.map((p) => [p.name, p.kind, p.hasDefault]);
  assert.deepEqual(params, [
    ['a', 'positional-only', false],
    ['b', 'positional-or-keyword', true],
    ['args', 'var-positional', false],
    ['c', 'keyword-only', false],
    ['d', 'keyword-only', true],
    ['kw', 'var-keyword', false],
  ]);
  assert.equal(o.functions[0]!.params[4]!.annotation, 'int');
  const bare = outline('def g(a, *, b):\n    pass\n').functions[0]!.params;
  assert.deepEqual(
    bare.map((p) => p.kind),
    ['positional-or-keyword', 'keyword-only'],
  );
});

test('decorators (with calls and dotted names), async, class bases and methods', () => {
  const o = outline(py`
    import functools

    @functools.lru_cache(maxsize=2)
    @model_init
    async def init(model_dir):
        pass

    class H(base.Handler, Mixin, metaclass=Meta):
        @staticmethod
        def handle(data, context):
            pass
  `);
  const init = o.functions[0]!;
  assert.deepEqual(
    init.decorators.map((d) => d.name),
    ['functools.lru_cache', 'model_init'],
  );
  assert.equal(init.isAsync, true);
  assert.deepEqual(o.classes[0]!.bases, ['base.Handler', 'Mixin']);
  assert.deepEqual(
    o.classes[0]!.methods.map((m) => [m.name, m.decorators.map((d) => d.name)]),
    [['handle', ['staticmethod']]],
  );
});

test('definitions under module-level if/try count as module level; nested ones do not', () => {
  const o = outline(py`
    try:
        import torch
        def predict(data):
            return data
    except ImportError:
        def predict(data):
            return None

    def outer():
        def inner():
            pass
  `);
  assert.deepEqual(
    o.functions.map((f) => f.name),
    ['predict', 'predict', 'outer'],
  );
});

test('imports: scope, relative level, aliases, and optional ones under try/except ImportError', () => {
  const o = outline(py`
    import os, numpy as np
    from . import utils
    from ..pkg.mod import a as b
    try:
        import ujson as json
    except ImportError:
        import json
    from typing import TYPE_CHECKING
    if TYPE_CHECKING:
        import pandas

    def load():
        import torch
  `);
  const summary = o.imports.map((i) => `${'.'.repeat(i.level)}${i.module}|${i.scope}|${i.conditional}`);
  assert.deepEqual(summary, [
    'os|module|false',
    'numpy|module|false',
    '.|module|false',
    '..pkg.mod|module|false',
    'ujson|module|true',
    'json|module|true',
    'typing|module|false',
    'pandas|module|true',
    'torch|function|false',
  ]);
  assert.deepEqual(o.imports[3]!.names, [{ name: 'a', alias: 'b' }]);
});

test('global statements of a module-level function, not of the functions nested in it', () => {
  const o = outline(py`
    def init(model_dir):
        global model, tokenizer
        def helper():
            global cache
        if model_dir:
            global extra

    def run(x):
        return x
  `);
  assert.deepEqual(
    o.functions.map((f) => f.globals),
    [['model', 'tokenizer', 'extra'], []],
  );
});

test('module-level names, the __main__ guard in either order', () => {
  const o = outline('model = None\na, b = 1, 2\nif "__main__" == __name__:\n    pass\n');
  assert.deepEqual(
    o.names.map((n) => n.name),
    ['model', 'a', 'b'],
  );
  assert.deepEqual(o.mainGuard, { line: 3, col: 1 });
  assert.equal(outline('if __name__ != "__main__":\n    pass\n').mainGuard, null);
});

test('positions are 1-based and count UTF-16 code units', () => {
  const o = outline('x = "é"; y = 1\n\ndef f(a):\n    pass\n');
  assert.deepEqual(o.functions[0]!.loc, { line: 3, col: 1 });
  assert.deepEqual(o.names.find((n) => n.name === 'y')!.loc, { line: 1, col: 10 });
});

test('target version decides version-gated syntax', () => {
  const walrus = Buffer.from('if (n := 1):\n    pass\n');
  assert.equal(
    outlinePython(walrus, { file: 'x.py', target: { major: 3, minor: 7 } as never }).problems[0]?.kind,
    'version',
  );
  assert.deepEqual(outlinePython(walrus, { file: 'x.py', target: { major: 3, minor: 8 } }).problems, []);
  const alias = Buffer.from('type Vector = list[float]\n');
  assert.equal(outlinePython(alias, { file: 'x.py', target: { major: 3, minor: 11 } }).problems.length, 1);
  assert.equal(outlinePython(alias, { file: 'x.py', target: { major: 3, minor: 12 } }).problems.length, 0);
});

test('encodings: cookie, BOM, UTF-16, stray bytes, NUL', () => {
  const latin = Buffer.concat([
    Buffer.from('# -*- coding: latin-1 -*-\nx = "'),
    Buffer.from([0xe9]),
    Buffer.from('"\n'),
  ]);
  assert.deepEqual(outlinePython(latin, { file: 'x.py' }).problems, []);
  assert.deepEqual(outlinePython(Buffer.from('\ufeffx = 1\n'), { file: 'x.py' }).problems, []);
  const kinds = (b: Buffer) => outlinePython(b, { file: 'x.py' }).problems.map((p) => [p.kind, p.loc.line]);
  assert.deepEqual(kinds(Buffer.from('x = 1\n', 'utf16le')), [['encoding', 1]]);
  assert.deepEqual(kinds(Buffer.concat([Buffer.from('x = 1\ny = "'), Buffer.from([0xe9]), Buffer.from('"\n')])), [
    ['encoding', 2],
  ]);
  assert.deepEqual(kinds(Buffer.from('x = 1\ny = 2\0\n')), [['binary', 2]]);
  assert.deepEqual(kinds(Buffer.from('# coding: klingon\nx = 1\n')), [['encoding', 1]]);
});

test('syntax errors carry line and column and a hint', () => {
  const [problem] = outline('def f(:\n    pass\n').problems;
  assert.equal(problem!.kind, 'syntax');
  assert.equal(problem!.loc.line, 1);
  assert.ok(problem!.hint);
  const [char] = outline('x = 1 \u2013 2\n').problems;
  assert.match(char!.message, /invalid character '–' \(U\+2013\)/);
});
