/**
 * Differential test: for each snippet, mctl's verdict (syntax error or not, at target 3.11)
 * must equal CPython's own `compile(..., 'exec', ast.PyCF_ONLY_AST)` on this machine's
 * python3. The snippets are the constructs tree-sitter-python accepts but CPython does not,
 * plus valid look-alikes that must not be flagged.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { outlinePython } from '../../../src/source/python/index.ts';
import { parsePythonVersion } from '../../../src/source/python/version.ts';

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
  "x = f'{\"a\"}'\n",
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
  // Long comment runs are left out of the parse (layout.ts); verdicts must not change
  ...[
    'if x:\n    a = 1\n{C}else:\n    a = 2\n',
    '@dec\n{C}def f():\n    pass\n',
    'class A:\n    def f(self):\n        pass\n{C}    def g(self):\n        pass\n',
    'def f():\n{C}    return 1\n',
    'def f():\n{C}pass\n',
    'x = (1,\n{C}2)\n',
    'if x:\n    pass\n{C}  y = 1\n',
    'def f():\n    pass\n{C}',
  ].map((shape) => shape.replace('{C}', '# a comment line of some length, repeated to make a long run\n    # indented too\n'.repeat(200))),
  ...[99, 100].map((n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(n)}pass\n`),
];

function cpythonVerdicts(sources: string[]): boolean[] {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for src in json.load(sys.stdin):',
    '    try:',
    '        compile(src, "<case>", "exec", ast.PyCF_ONLY_AST)',
    '        out.append(True)',
    '    except (SyntaxError, ValueError):',
    '        out.append(False)',
    'print(json.dumps(out))',
  ].join('\n');
  const output = execFileSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
  return JSON.parse(output) as boolean[];
}

const python = execFileSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();

test(`verdicts match CPython ${python} on lenient-parser edge cases`, () => {
  const target = parsePythonVersion(python);
  const expected = cpythonVerdicts(CASES);
  const mismatches = CASES.flatMap((source, i) => {
    const outline = outlinePython(Buffer.from(source), { file: 'case.py', target });
    const ok = outline.problems.length === 0;
    return ok === expected[i] ? [] : [`${JSON.stringify(source)}: CPython ${expected[i] ? 'accepts' : 'rejects'}, mctl ${ok ? 'accepts' : `rejects (${outline.problems[0]?.message})`}`];
  });
  assert.deepEqual(mismatches, []);
});
