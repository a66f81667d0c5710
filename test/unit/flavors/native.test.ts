import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleIds } from '../../helpers/outline.ts';

test('function declarations, arrow consts and export lists are accepted', () => {
  assert.deepEqual(
    ruleIds(
      'native',
      'export function init(dir: string) {}\n' +
        'export async function run(input: unknown, ctx: unknown) { return input; }\n',
    ),
    [],
  );
  assert.deepEqual(
    ruleIds(
      'native',
      'export const init = async (dir, ctx) => {};\nexport const run = (input) => input;\n',
      'score.js',
    ),
    [],
  );
  assert.deepEqual(
    ruleIds(
      'native',
      'function setup() {}\nconst handler = async (x) => x;\nexport { setup as init, handler as run };\n',
    ),
    [],
  );
  assert.deepEqual(
    ruleIds(
      'native',
      'exports.init = function (dir) {};\nexports.run = async function (input) { return input; };\n',
      'score.cjs',
    ),
    [],
  );
});

test('a default-export-only module gets a hint to export by name', () => {
  const found = ruleIds('native', 'export default { init() {}, run(x) { return x; } };\n');
  assert.deepEqual(found, ['missing-callable', 'missing-callable']);
});

test('a class or a value is not a function; a computed export is noted, not failed', () => {
  assert.deepEqual(ruleIds('native', 'export function init() {}\nexport class run {}\n'), ['signature']);
  assert.deepEqual(ruleIds('native', 'export function init() {}\nexport const run = 42;\n'), ['signature']);
  assert.deepEqual(
    ruleIds('native', 'import { wrap } from "./w";\nexport function init() {}\nexport const run = wrap(() => 1);\n'),
    ['signature'],
  );
});

test('run requiring three arguments cannot be called as run(input, context)', () => {
  assert.deepEqual(ruleIds('native', 'export function init() {}\nexport function run(a, b, c) {}\n'), ['signature']);
});

test('init is optional; run is required', () => {
  assert.deepEqual(ruleIds('native', 'export function run(input) { return input; }\n'), []);
  assert.deepEqual(ruleIds('native', 'export function init() {}\n'), ['missing-callable']);
});
