/**
 * Differential test: for each snippet, mctl's verdict (syntax error or not, for the machine's
 * python3 as the target) must equal CPython's own `compile(..., 'exec', ast.PyCF_ONLY_AST)`.
 * The snippets are Python 2 constructs, indentation and tokenizer corner cases, syntax that
 * depends on the version, and valid look-alikes that must not be flagged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outlinePython } from '../../../../src/source/python/index.ts';
import { parsePythonVersion } from '../../../../src/source/python/version.ts';
import { cpythonResults, cpythonVersion, disagreement } from '../../../helpers/cpython.ts';

const CASES: string[] = [
  // Python 2 syntax
  'print "hello"\n',
  'print >>sys.stderr, "x"\n',
  'print\n',
  'print ("a")\n',
  'exec "x = 1"\n',
  'exec code in ns\n',
  'x = `1`\n',
  'if 1 <> 2:\n    pass\n',
  'x = 0777\n',
  'x = 00\n',
  'x = 0_0\n',
  'x = 10L\n',
  'x = 0xFFL\n',
  'x = ur"abc"\n',
  'x = Ur"abc"\n',
  'x = bu"abc"\n',
  'x = rb"abc"\n',
  'x = Rb"abc" + BR"x" + fR"{1}"\n',
  'raise E, "message"\n',
  'raise E\n',
  'try:\n    pass\nexcept E, e:\n    pass\n',
  'try:\n    pass\nexcept (E, F), e:\n    pass\n',
  'try:\n    pass\nexcept (E, F) as e:\n    pass\n',
  'def f(a, (b, c)):\n    pass\n',
  'f = lambda (a, b): a\n',
  'f = lambda a, b: (a, b)\n',
  // Indentation
  'if x:\n\tpass\n        pass\n',
  'if x:\n        pass\n\tpass\n',
  'if x:\n\tif y:\n\t\tpass\n\tpass\n',
  'if x:\n    if y:\n\tpass\n',
  'if x:\n    pass\n  pass\n',
  'x = 1\n    y = 2\n',
  'def f():\n\treturn """\n    text\n\t"""\n',
  'if x:\n    # comment\n\t# tabbed comment\n    pass\n',
  'def f():\n    x = 1\n        y = 2\n',
  'if x:\npass\n',
  'if x: pass\n    y = 1\n',
  'x = [\n  1,\n    2]\ny = 3\n',
  'x = 1 + \\\n        2\ny = 3\n',
  'if"abc" in x:\n    pass\n',
  's = """\n  a\n"""\n  \n# c\n   # c\nt = 1\n',
  'def f():\n    return f"{x:#x}"\n',
  'class A:\n    def f(self): pass\n    def g(self):\n        pass\n',
  'if x:\r\n    pass\r\nelse:\r\n    pass\r\n',
  // Ordinary errors
  'def f(:\n    pass\n',
  'def f()\n    pass\n',
  'x = (1,\n',
  'f() = 1\n',
  'x = 1 +\n',
  'class C\n    pass\n',
  'return = 5\n',
  'x = \u20ac\n',
  'x = "unterminated\n',
  'for x in range(3) print(x)\n',
  // Version-gated at 3.11
  'type X = int\n',
  'type(mock).attr = 1\n',
  'def f[T](x: T) -> T:\n    return x\n',
  'class C[T]:\n    pass\n',
  'x = f"{"a"}"\n',
  'x = f\'{"a"}\'\n',
  'x = f"{x!r:>{width}}"\n',
  'x = f"{\'\\n\'.join(y)}"\n',
  'x = f"{a # c\n}"\n',
  'match x:\n    case 1:\n        pass\n',
  'match = 1\nmatch.x = 2\n',
  'try:\n    pass\nexcept* ValueError:\n    pass\n',
  'if (n := 10) > 5:\n    pass\n',
  'def f(a, /, b, *, c):\n    pass\n',
  'with (open("a") as f, open("b") as g):\n    pass\n',
  '@buttons[0].clicked.connect\ndef f():\n    pass\n',
  // Defaults on *args and **kwargs; soft keywords as names; match patterns
  'def f(a, *b=3, c):\n    pass\n',
  'def f(**k=3):\n    pass\n',
  'lambda *a=1: 0\n',
  'match(x)\nmatch = {1: 2}\ncase = match[1]\ntype = 1\n_ = type\n',
  'match x:\n    case {"a": 1, **rest} | [1, *_] if rest:\n        pass\n    case Point(x=0, y=1) as p:\n        pass\n',
  'match x:\n    case 1 + 2:\n        pass\n',
  'match x:\n    case -1 - 2j:\n        pass\n',
  'match x:\n    case {**_}:\n        pass\n',
  // Calls, targets, context managers
  'with (a as b, c as d,):\n    pass\n',
  'with (a, b) as c:\n    pass\n',
  'with (yield):\n    pass\n',
  'f(**a, *b)\n',
  'f(a for a in b, c)\n',
  'class C(x for x in y):\n    pass\n',
  'x = {**a, b: c for b in d}\n',
  'a[1:2, *b] = c\n',
  'del (a, [b]), c.d\n',
  'del (*a,)\n',
  '() = []\n[] = ()\n',
  'x: int = 1, 2\n',
  // Literals
  'f"{x!r:>{w}.{p}}" f"{{}}" rb"\\x" f"{x=}"\n',
  "x = '\\N{EM DASH}' + '\\x41' + b'\\777'\n",
  "x = '\\x4'\n",
  "x = b'\u00e9'\n",
  'x = 1if y else 2\n',
  'x = f"{a:{b:{c}}}"\n',
  // Valid look-alikes
  'x = [0] * 10\nprint(x, file=sys.stderr)\n',
  'print(1 if a <b> c else 2)\n',
  'x = 1.5e10 + 0o777 + 0b1 + 0x1F + 1_000 + 3j + 0777j + 07.5\n',
  's = "it\'s `quoted` <> 0777 10L"\n',
  '# print "x"  0777 <>\n',
  'async def run(x):\n    await x\n',
  'x = rf"{a}" + Br"b" + u"c"\n',
  // The tokenizer's limits: 200 open brackets, 100 indentation levels
  ...[200, 201, 10_000].map((n) => `x = ${'('.repeat(n)}1${')'.repeat(n)}\n`),
  `x = ${'['.repeat(150)}\n${'{'.repeat(51)}${'}'.repeat(51)}${']'.repeat(150)}\n`,
  `s = f"{${'('.repeat(199)}1${')'.repeat(199)}}"\n`,
  // Long comment runs between statements and clauses
  ...[
    'if x:\n    a = 1\n{C}else:\n    a = 2\n',
    '@dec\n{C}def f():\n    pass\n',
    'class A:\n    def f(self):\n        pass\n{C}    def g(self):\n        pass\n',
    'def f():\n{C}    return 1\n',
    'def f():\n{C}pass\n',
    'x = (1,\n{C}2)\n',
    'if x:\n    pass\n{C}  y = 1\n',
    'def f():\n    pass\n{C}',
  ].map((shape) =>
    shape.replace(
      '{C}',
      '# a comment line of some length, repeated to make a long run\n    # indented too\n'.repeat(200),
    ),
  ),
  ...[99, 100].map(
    (n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(n)}pass\n`,
  ),
];

const python = cpythonVersion();

test(`verdicts match CPython ${python.text} on parser edge cases`, () => {
  const target = parsePythonVersion(`${python.major}.${python.minor}`);
  const expected = cpythonResults(CASES.map((source) => ({ source })));
  const mismatches = CASES.flatMap((source, i) => {
    const outline = outlinePython(Buffer.from(source), { file: 'case.py', target });
    return disagreement(source, outline, expected[i]!, false) ?? [];
  });
  assert.deepEqual(mismatches, []);
});
