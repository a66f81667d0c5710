import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outlineScript } from '../../../../src/source/script/index.ts';

const outline = (source: string, file = 'score.ts') => outlineScript(Buffer.from(source), { file });

test('named exports: declarations, arrows, lists with renames, re-exports', () => {
  const o = outline(
    [
      'export async function run(input: number, { device } = {}, ...rest) { return input; }',
      'export const init = async (dir: string) => {};',
      'const helper = function () {};',
      'export { helper as other };',
      "export { thing } from './thing';",
      'export class Model {}',
      'export const threshold = 0.5;',
      'export type Input = { x: number };',
    ].join('\n'),
  );
  assert.deepEqual(
    o.exports.map((e) => [e.name, e.kind, e.callable, e.isAsync]),
    [
      ['run', 'function', 'yes', true],
      ['init', 'function', 'yes', true],
      ['other', 'function', 'yes', false],
      ['thing', 'reexport', 'unknown', false],
      ['Model', 'class', 'no', false],
      ['threshold', 'variable', 'no', false],
    ],
  );
  assert.deepEqual(
    o.exports[0]!.params.map((p) => [p.name, p.kind, p.hasDefault]),
    [
      ['input', 'positional-or-keyword', false],
      ['{…}', 'positional-or-keyword', true],
      ['rest', 'var-positional', false],
    ],
  );
});

test('default export object members and export * are recorded', () => {
  const o = outline("export default { init, run };\nexport * from './more';\n", 'score.js');
  assert.deepEqual(o.defaultExport?.memberNames, ['init', 'run']);
  assert.equal(o.hasStarExport, true);
  assert.equal(o.language, 'javascript');
});

test('CommonJS module.exports = { … } is read when there are no ESM exports', () => {
  const o = outline('function run(x) { return x; }\nmodule.exports = { run, init: async () => {} };\n', 'score.cjs');
  assert.deepEqual(
    o.exports.map((e) => [e.name, e.callable]),
    [
      ['run', 'yes'],
      ['init', 'yes'],
    ],
  );
  assert.equal(o.commonJs, true);
});

test('syntax errors are reported with line and column', () => {
  const o = outline('export function run(x {\n}\n');
  assert.equal(o.problems[0]?.kind, 'syntax');
  assert.deepEqual(o.problems[0]?.loc, { line: 1, col: 23 });
});

test('the syntax hint never sends a .ts file to `node --check`, which reads it as JavaScript', () => {
  const ts = outline('const x: number = (1;\n', 'score.ts').problems[0];
  assert.equal(ts?.kind, 'syntax');
  assert.doesNotMatch(ts?.hint ?? '', /node --check/);
  assert.match(outline('const x = (1;\n', 'score.js').problems[0]?.hint ?? '', /node --check/);
});
