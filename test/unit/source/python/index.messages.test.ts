/**
 * Syntax errors read like CPython's own: for the common kinds of mistakes, mctl's message,
 * line and column must be exactly those of the machine's CPython 3.11 (`compile(...,
 * ast.PyCF_ONLY_AST)`, one process for all cases). Other CPython versions word some
 * messages differently, so the comparison runs only against a 3.11.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outlinePython } from '../../../../src/source/python/index.ts';
import { cpythonResults, cpythonVersion, disagreement } from '../../../helpers/cpython.ts';

const KINDS: Record<string, string[]> = {
  'bracket never closed': ['x = (1,\n', 'x = [1, 2\ny = 3\n', 'f(a,\n  b\n', 'd = {\n  "a": 1,\n'],
  'unmatched bracket': [')\n', 'a = 1\n)\n', 'x = [1]]\n'],
  'mismatched brackets': ['foo(]\n', 'x = (\n]\n', 'x = {1: [2)}\n'],
  "expected ':'": [
    'def f()\n    pass\n',
    'class C\n    pass\n',
    'for x in y\n    pass\n',
    'if x\n    pass\n',
    'while x\n    pass\n',
    'with a as b\n    pass\n',
    'try:\n    pass\nexcept ValueError\n    pass\n',
    'if x:\n    pass\nelif y\n    pass\n',
  ],
  'unterminated string': ["x = 'abc\n", 'x = "a\\\nb\n', "print('hello)\n"],
  'unterminated triple-quoted string': ["x = '''abc\n\n", 'def f():\n    """doc\n    return 1\n'],
  'forgot a comma': ['[1, 2 3]\n', 'f(a b)\n', '{1:2, 2:5 3:12}\n', 'x = (1,\n 2 3)\n'],
  'unexpected indent': ['x = 1\n    y = 2\n', '  import os\n', 'def f():\n    x = 1\n        y = 2\n'],
  'expected an indented block': [
    'if x:\npass\n',
    'def f():\nz\n',
    'class C:\nz\n',
    'for x in y:\nz\n',
    'while x:\nz\n',
    'try:\nz\n',
    'with a:\nz\n',
    'if x:\n    pass\nelse:\nz\n',
    'try:\n    pass\nexcept E:\nz\n',
    'if x:\n',
  ],
  'unindent does not match': [
    'if x:\n    a\n  b\n',
    'class A:\n    def f(self):\n        pass\n  def g(self):\n        pass\n',
  ],
  'tabs and spaces': ['def f(x):\n\tif x:\n        pass\n', 'if x:\n        a\n\tb\n'],
  'missing parentheses (Python 2)': ["print 'x'\n", 'exec "code"\n', 'print x, y\n'],
  'cannot assign': [
    'f() = 1\n',
    '1 = x\n',
    'None = 1\n',
    'x + 1 = 2\n',
    'for f() in x:\n    pass\n',
    'with a as f():\n    pass\n',
  ],
  "'=' instead of '=='": ['if x = 1:\n    pass\n', 'while n = 0:\n    pass\n'],
  'invalid character': ['x = 1 \u2013 2\n', 'x = \u201chello\u201d\n', 'a\u2013b = 1\n'],
  'non-printable character': ['x = 1\u00a0+ 2\n', 'x = a\u200bb\n'],
  'number literals': ['x = 1abc\n', 'x = 10L\n', 'x = 0777\n', 'x = 0b12\n', 'x = 1__0\n', 'x = 0x\n'],
  'argument order': ['f(a=1, b)\n', 'f(**k, b)\n', 'f(**a, *b)\n', 'def f(a=1, b):\n    pass\n', 'lambda x=1, y: 0\n'],
  'plain invalid syntax': ['x = 1 +\n', 'a b\n', 'def f(:\n    pass\n', 'import a.\n', 'x = $\n', 'else:\n    pass\n'],
  'try without except': ['try:\n    pass\nx = 1\n'],
  "expected 'else'": ['x = 5 if y\n'],
  'generator expression': ['f(x for x in y, 1)\n', 'f(1, x for x in y)\n'],
  'f-strings': ["f'{}'\n", "f'{a b}'\n", "f'{x!z}'\n", "f'{'\n", "f'}'\n", "f'{x:{y:{z}}}'\n", "f'{\\'a\\'}'\n"],
  'string escapes': ["x = '\\x4'\n", "x = b'\u00e9'\n", "x = '\\N{LATIN_A}'\n"],
  'trailing comma in import': ['from x import a,\n'],
  'line continuation': ['x = 1 \\ 2\n', 'x = 1 \\', 'from a \\\n    import b, \\ c\n', "x = '''a\nb''' \\ y\n"],
  'dictionary entries': ['{1: 2, 3}\n', '{1:}\n', '{a: 1, b x}\n', 'x = {a: *b}\n'],
  parameters: [
    'def f(a, (b, c)):\n    pass\n',
    'def f(*):\n    pass\n',
    'def f(**k, a):\n    pass\n',
    'def f(a=):\n    pass\n',
  ],
  'except clauses': [
    'try:\n    pass\nexcept E, e:\n    pass\n',
    'try:\n    pass\nexcept* E:\n    pass\nexcept F:\n    pass\n',
  ],
  'del targets': ['del f()\n', 'del *a\n'],
  'starred and unpacking': ['x = (*a)\n', '[*a for a in b]\n', '{**a for a in b}\n'],
  // Refused by CPython's compiler once the parser accepted the file (compile-checks.ts).
  'compile stage': [
    'return 1\n',
    'class A:\n    return 1\n',
    'x = 1\nif x:\n    return\n',
    'break\n',
    'continue\n',
    'for x in y:\n    pass\nelse:\n    break\n',
    'while x:\n    def f():\n        break\n',
    'for x in y:\n    class A:\n        continue\n',
    'yield 1\n',
    'class A:\n    x = yield\n',
    'x = 1 if y else (yield)\n',
    'nonlocal x\n',
    'x = 1\nreturn 2\nnonlocal y\n',
    'await x\n',
    'def f():\n    await x\n',
    'async def f():\n    g = lambda: await x\n',
    'async def f():\n    def g():\n        await x\n',
    'def f():\n    async for x in y:\n        pass\n',
    'def f():\n    async with a:\n        pass\n',
    'import os\nfrom __future__ import annotations\n',
    'import os; from __future__ import annotations\n',
    'from __future__ import braces\n',
    'from __future__ import annotations, nope\n',
    'from __future__ import division\ndef f():\n    from __future__ import annotations\n',
    "f'x'\nfrom __future__ import annotations\n",
  ],
  limits: [
    `x = ${'('.repeat(201)}1${')'.repeat(201)}\n`,
    `${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(100)}pass\n`,
  ],
};

const python = cpythonVersion();
const sources = Object.values(KINDS).flat();

test(
  `syntax errors match CPython ${python.text}: message, line and column, for ${Object.keys(KINDS).length} kinds`,
  { skip: python.minor !== 11 ? 'messages are compared with CPython 3.11' : false },
  () => {
    const results = cpythonResults(sources.map((source) => ({ source })));
    const mismatches: string[] = [];
    sources.forEach((source, i) => {
      const outline = outlinePython(Buffer.from(source), { file: 'case.py' });
      const differs = disagreement(source, outline, results[i]!, true);
      if (differs) mismatches.push(differs);
    });
    assert.deepEqual(mismatches, []);
    assert.ok(
      results.every((r) => r !== null),
      'every case is a syntax error to CPython',
    );
  },
);

test('what the compiler accepts stays accepted: yield in lambdas, break in nested blocks, continue in finally', () => {
  const accepted = [
    'f = lambda: (yield)\n',
    'def f():\n    g = lambda: (yield)\n',
    'for x in y:\n    try:\n        pass\n    finally:\n        continue\n',
    'while True:\n    match x:\n        case 1:\n            break\n',
    'def f():\n    for x in y:\n        if x:\n            break\n    return\n',
    'async def f():\n    async for x in y:\n        break\n',
    'for x in y:\n    f = lambda: 1\n    break\n',
    'def f():\n    class A:\n        def g(self):\n            yield 1\n    return A\n',
    'def f():\n    with a as b:\n        return b\n',
    'async def f():\n    async with a as b:\n        async for x in b:\n            await x\n',
    'def f():\n    return (await y for y in z)\n',
    'async def f():\n    return [await y for y in z]\n',
    '"""The docstring."""\nfrom __future__ import annotations\nfrom __future__ import division\nimport os\n',
  ];
  assert.deepEqual(
    cpythonResults(accepted.map((source) => ({ source }))),
    accepted.map(() => null),
  );
  for (const source of accepted)
    assert.deepEqual(outlinePython(Buffer.from(source), { file: 'x.py' }).problems, [], source);
});

test('Python 2 constructs are named as such, with a hint that says what to write instead', () => {
  const kind = (source: string) => {
    const [problem] = outlinePython(Buffer.from(source), { file: 'x.py' }).problems;
    return [problem?.kind, problem?.hint?.split(';')[0]];
  };
  assert.deepEqual(kind("print 'x'\n"), ['python2', 'this is Python 2 syntax']);
  assert.deepEqual(kind('x = 0777\n'), ['python2', "Python 2's octal literals are written 0o777 in Python 3"]);
  assert.deepEqual(kind('x = 10L\n'), ['python2', 'the L suffix of long integers is Python 2 syntax']);
  assert.deepEqual(kind('x = `a`\n'), ['python2', 'backticks are Python 2 syntax for repr()']);
  assert.deepEqual(kind('if 1 <> 2:\n    pass\n'), ['python2', "'<>' is Python 2's not-equal"]);
  assert.deepEqual(kind('x = ur"a"\n'), ['python2', 'the ur string prefix is Python 2 syntax']);
  assert.deepEqual(kind('raise E, "m"\n'), ['python2', 'raise E, value is Python 2 syntax']);
  assert.deepEqual(kind('def f(a, (b, c)):\n    pass\n'), [
    'python2',
    'tuple parameters were removed in Python 3: take one parameter and unpack it in the body',
  ]);
  assert.deepEqual(kind('x = (1,\n'), ['syntax', 'add the closing bracket, or remove the opening one']);
  assert.deepEqual(kind('if x:\npass\n'), [
    'indentation',
    'indent the body of the block, or write pass if it is meant to be empty',
  ]);
});
