/**
 * Large files and long comment runs: the outline and verdicts must be CPython's, in time
 * proportional to the size (tree-sitter, mctl's earlier parser, was quadratic in comment
 * runs: 480 KB of comments took 17.5 s).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { outlinePythonText } from '../../../src/source/python/index.ts';

const BLOCK = (i: number) =>
  [
    `@register(${i})`,
    `class Model${i}(Base):`,
    `    """Doc with escapes \\n \\t \\x41 and "quotes" ${i}"""`,
    '    def predict(self, x, *args, scale: float = 1.0, **kw):',
    '        if x:',
    '            import json',
    '            return json.dumps({"v": [y * scale for y in x if y]})',
    '        return None',
    '',
    `if FLAG_${i}:`,
    `    value_${i} = 1`,
    '# a comment between an if and its else',
    'else:',
    `    value_${i} = 2`,
    '',
  ].join('\n');

function bigModule(blocks: number, comment = ''): string {
  return `import os\n${Array.from({ length: blocks }, (_, i) => BLOCK(i) + (i === Math.floor(blocks / 2) ? comment : '')).join('\n')}\n`;
}

function cpythonAccepts(source: string): boolean {
  const out = execFileSync(
    'python3',
    ['-c', 'import ast,sys\ntry:\n    ast.parse(sys.stdin.read())\n    print(1)\nexcept SyntaxError:\n    print(0)'],
    { input: source, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  return out.trim() === '1';
}

test('a large module has the outline of the whole file', () => {
  const text = bigModule(1500);
  const outline = outlinePythonText(text, { file: 'big.py' });
  assert.deepEqual(outline.problems, []);
  assert.equal(outline.classes.length, 1500);
  assert.equal(outline.imports.length, 1501);
  assert.deepEqual(
    outline.classes[1499]?.decorators.map((d) => d.name),
    ['register'],
  );
  assert.equal(outline.classes[1499]?.loc.line, text.slice(0, text.indexOf('class Model1499')).split('\n').length);
  assert.equal(cpythonAccepts(text), true);
});

test('an error late in a large module is found at its line, as CPython finds it', () => {
  const lines = bigModule(1500).split('\n');
  const at = lines.length - 40;
  lines.splice(at, 0, 'def broken(:');
  const text = lines.join('\n');
  const outline = outlinePythonText(text, { file: 'big.py' });
  assert.equal(outline.problems[0]?.loc.line, at + 1);
  assert.equal(cpythonAccepts(text), false);
});

test('a suppression inside a long comment run is read', () => {
  const comments = `\n${'# ' + 'x'.repeat(78) + '\n'}`.repeat(20_000);
  const text = `${comments}import os\n${comments}# mctl: disable=main-block\n${comments}def run(x):\n${comments}    return x\n`;
  const outline = outlinePythonText(text, { file: 'c.py' });
  assert.deepEqual(outline.problems, []);
  const runLine = text.slice(0, text.indexOf('def run')).split('\n').length;
  assert.deepEqual(
    outline.functions.map((f) => [f.name, f.loc.line]),
    [['run', runLine]],
  );
  assert.ok(
    outline.suppressions.file.has('main-block') ||
      [...outline.suppressions.lines.values()].some((s) => s.has('main-block')),
  );
  const onlyComments = '# nothing but comments\n'.repeat(20_000);
  assert.equal(outlinePythonText(onlyComments, { file: 'c.py' }).problems.length, 0);
});

/** The fastest of five timings, in ms: the least disturbed by other work on the machine. */
function timed(text: string): number {
  const runs = [0, 1, 2, 3, 4].map(() => {
    const started = performance.now();
    outlinePythonText(text, { file: 'c.py' });
    return performance.now() - started;
  });
  return Math.min(...runs);
}

test('time grows linearly with a comment block: doubling it twice about quadruples the time', () => {
  // Issue 13 asks for this check. With and without a suppression in the run. Two doublings make
  // a quadratic cost 16 times larger, a linear one 4 times: the bound of 10 leaves room for
  // noise, and the runs are long enough (tens of ms) for the fastest of five to be steady.
  for (const marker of ['# mctl: disable=main-block\n', '']) {
    const block = (lines: number) =>
      `def run(x):\n    return x\n${marker}${('# ' + 'c'.repeat(78) + '\n').repeat(lines)}`;
    timed(block(1000));
    const single = timed(block(100_000));
    const double = timed(block(200_000));
    const quadruple = timed(block(400_000));
    assert.ok(
      quadruple / single < 10,
      `${marker ? 'with' : 'without'} a suppression: ${single.toFixed(1)} → ${double.toFixed(1)} → ${quadruple.toFixed(1)} ms`,
    );
  }
});
